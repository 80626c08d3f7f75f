/**
 * Signs the three benchmarked calls once, the way the SDK v3 does (SignatureV4 with
 * sha256-js), so wrk can replay the exact bytes: AWS accepts a signed request again
 * within its 15-minute window.
 */
import { request } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export interface Creds { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
export interface SignedRequest { method: string; path: string; headers: Record<string, string>; body: string }

const REGION = 'us-east-1';

async function sign(endpoint: string, service: string, method: string, path: string, body: string,
  headers: Record<string, string>, creds: Creds): Promise<SignedRequest> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ service, region: REGION, credentials: creds, sha256: Sha256, uriEscapePath: service !== 's3' });
  const signed = await signer.sign({
    method, protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path, query: {},
    headers: { host: url.host, ...headers, ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
    body: body || undefined,
  });
  return { method, path, headers: signed.headers as Record<string, string>, body };
}

const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

export const getCallerIdentity = (endpoint: string, creds: Creds) =>
  sign(endpoint, 'sts', 'POST', '/', form({ Action: 'GetCallerIdentity', Version: '2011-06-15' }), FORM, creds);

export const assumeRole = (endpoint: string, creds: Creds, roleArn: string) =>
  sign(endpoint, 'sts', 'POST', '/', form({ Action: 'AssumeRole', Version: '2011-06-15', RoleArn: roleArn, RoleSessionName: 'bench' }), FORM, creds);

// The S3 client signs x-amz-content-sha256 (applyChecksum) and addresses by path here.
export const listBuckets = (endpoint: string, creds: Creds) =>
  sign(endpoint, 's3', 'GET', '/', '', {}, creds);

/** Sends a signed request once (its own connection) and returns status and body. */
export function send(endpoint: string, r: SignedRequest): Promise<{ status: number; body: string }> {
  const url = new URL(endpoint);
  return new Promise((ok, fail) => {
    const req = request({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers: r.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => ok({ status: res.statusCode ?? 0, body }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(r.body || undefined);
  });
}
