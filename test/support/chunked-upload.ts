/**
 * An aws-chunked PUT signed chunk by chunk, built by hand (what the Java SDK sends over http for
 * STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]; "Signature Calculations for the Authorization Header:
 * Transferring Payload in Multiple Chunks", "…Including Trailing Headers"). Debian's AWS CLI v2 (2.9)
 * signs whole bodies over http instead (seen through test/support/recording-proxy.ts).
 */
import { createHash, createHmac } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Credentials } from './gatehouse.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const hmac = (k: Buffer | string, s: string) => createHmac('sha256', k).update(s).digest();
const EMPTY = sha('');

export interface ChunkedPutOptions {
  /** a base64 CRC32 sent as a signed x-amz-checksum-crc32 trailer */
  trailer?: string;
  /** flip a bit of the body's 201st byte after signing */
  tamper?: boolean;
  chunkBytes?: number;
}

/** PUTs payload to path (/bucket/key) on the server at url. */
export async function chunkedPut(url: URL, creds: Credentials, path: string, payload: Buffer, opts: ChunkedPutOptions = {}) {
  const mode = opts.trailer !== undefined ? 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER' : 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
  const headers: Record<string, string> = {
    host: url.host, 'x-amz-content-sha256': mode, 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(payload.length),
  };
  if (opts.trailer !== undefined) headers['x-amz-trailer'] = 'x-amz-checksum-crc32';
  const signer = new SignatureV4({ service: 's3', region: 'us-east-1', credentials: creds, sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  const signed = await signer.sign(new HttpRequest({ method: 'PUT', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path, headers }));
  const seed = /Signature=([0-9a-f]{64})/.exec(signed.headers.authorization)![1];
  const longDate = signed.headers['x-amz-date'];
  const shortDate = longDate.slice(0, 8);
  const scope = `${shortDate}/us-east-1/s3/aws4_request`;
  let k: Buffer | string = `AWS4${creds.secretAccessKey}`;
  for (const p of [shortDate, 'us-east-1', 's3', 'aws4_request']) k = hmac(k, p);
  let previous = seed;
  const parts: Buffer[] = [];
  const chunk = (data: Buffer) => {
    const sig = hmac(k, ['AWS4-HMAC-SHA256-PAYLOAD', longDate, scope, previous, EMPTY, sha(data)].join('\n')).toString('hex');
    previous = sig;
    parts.push(Buffer.from(`${data.length.toString(16)};chunk-signature=${sig}\r\n`), Buffer.from(data), Buffer.from('\r\n'));
  };
  const size = opts.chunkBytes ?? 65536;
  for (let i = 0; i < payload.length; i += size) chunk(payload.subarray(i, i + size));
  chunk(Buffer.alloc(0));
  parts.pop();
  if (opts.trailer !== undefined) {
    const line = `x-amz-checksum-crc32:${opts.trailer}`;
    const sig = hmac(k, ['AWS4-HMAC-SHA256-TRAILER', longDate, scope, previous, sha(`${line}\n`)].join('\n')).toString('hex');
    parts.push(Buffer.from(`${line}\r\nx-amz-trailer-signature:${sig}\r\n`));
  }
  parts.push(Buffer.from('\r\n'));
  const body = Buffer.concat(parts);
  if (opts.tamper) body[200] ^= 1;
  const res = await fetch(new URL(path, url), { method: 'PUT', headers: signed.headers as Record<string, string>, body });
  return { status: res.status, text: await res.text(), etag: res.headers.get('etag') };
}
