/** Hand-made requests for tests that need control clients do not give: raw bytes, exact headers, own signatures. */
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import type { Credentials } from './gatehouse.js';

export interface RawReply { status: number; headers: Record<string, string | string[] | undefined>; body: string }

export function send(base: string, method: string, path: string, headers: Record<string, string>, body?: Buffer | string): Promise<RawReply> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** SigV4 headers for a request, as the SDKs compute them. */
export async function signedHeaders(
  base: string, creds: Credentials, service: string, method: string, path: string,
  headers: Record<string, string>, body: string | Buffer = '', query: Record<string, string> = {}, region = 'us-east-1',
): Promise<Record<string, string>> {
  const u = new URL(base);
  const signer = new SignatureV4({ service, region, sha256: Sha256, credentials: creds, uriEscapePath: service !== 's3' });
  const signed = await signer.sign({
    method, protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path, query,
    headers: { host: u.host, ...headers }, body,
  });
  return signed.headers as Record<string, string>;
}

/** A signed Query (IAM/STS) POST. */
export async function queryCall(base: string, creds: Credentials, service: 'iam' | 'sts', params: Record<string, string>): Promise<RawReply> {
  const body = new URLSearchParams({ Version: service === 'iam' ? '2010-05-08' : '2011-06-15', ...params }).toString();
  const headers = await signedHeaders(base, creds, service, 'POST', '/', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body);
  return send(base, 'POST', '/', headers, body);
}

/** A plain TCP connection to the server, for clients that misbehave below HTTP. */
export function openSocket(base: string): Promise<Socket> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const s = connect(Number(u.port), u.hostname, () => resolve(s));
    s.once('error', reject);
  });
}

/** Everything the server writes until it closes the connection (or the wait ends). */
export function readUntilClosed(s: Socket, waitMs: number): Promise<{ text: string; closed: boolean; afterMs: number }> {
  const start = Date.now();
  return new Promise((resolve) => {
    let text = '';
    const done = (closed: boolean) => { clearTimeout(timer); resolve({ text, closed, afterMs: Date.now() - start }); };
    const timer = setTimeout(() => done(false), waitMs);
    s.on('data', (d: Buffer) => { text += d.toString(); });
    s.on('close', () => done(true));
    s.on('error', () => { /* a reset is a close too */ });
  });
}

/** The <Code> of an AWS XML error body. */
export const errorCode = (xml: string) => /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];
