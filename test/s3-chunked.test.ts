/**
 * aws-chunked uploads signed chunk by chunk (what the AWS CLI and SDKs send
 * for STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]; "Signature Calculations
 * for the Authorization Header: Transferring Payload in Multiple Chunks",
 * "…Including Trailing Headers"), end to end against the server: the bytes
 * are stored; a wrong trailing checksum is BadDigest and a tampered chunk
 * SignatureDoesNotMatch, with nothing stored either way.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { TestGatehouse, type Credentials } from './support/gatehouse.js';

const EMPTY = createHash('sha256').update('').digest('hex');
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const hmac = (k: Buffer | string, s: string) => createHmac('sha256', k).update(s).digest();
const crc32b64 = (b: Buffer) => { const o = Buffer.alloc(4); o.writeUInt32BE(crc32(b) >>> 0); return o.toString('base64'); };

async function chunkedPut(url: URL, creds: Credentials, key: string, payload: Buffer, opts: { trailer?: string; tamper?: boolean } = {}) {
  const mode = opts.trailer !== undefined ? 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER' : 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
  const headers: Record<string, string> = {
    host: url.host, 'x-amz-content-sha256': mode, 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(payload.length),
  };
  if (opts.trailer !== undefined) headers['x-amz-trailer'] = 'x-amz-checksum-crc32';
  const signer = new SignatureV4({ service: 's3', region: 'us-east-1', credentials: creds, sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  const signed = await signer.sign(new HttpRequest({ method: 'PUT', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: `/chunky/${key}`, headers }));
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
  for (let i = 0; i < payload.length; i += 65536) chunk(payload.subarray(i, i + 65536));
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
  const res = await fetch(new URL(`/chunky/${key}`, url), { method: 'PUT', headers: signed.headers as Record<string, string>, body });
  return { status: res.status, text: await res.text(), etag: res.headers.get('etag') };
}

describe('chunk-signed uploads end to end', () => {
  let gh: TestGatehouse;
  const payload = Buffer.alloc(150_000);
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 31) & 0xff;
  before(async () => {
    gh = await TestGatehouse.start();
    await gh.s3(gh.root('prod')).send(new CreateBucketCommand({ Bucket: 'chunky' }));
  });
  after(() => gh.dispose());

  test('STREAMING-AWS4-HMAC-SHA256-PAYLOAD stores the decoded bytes', async () => {
    const r = await chunkedPut(new URL(gh.server.url), gh.root('prod'), 'plain', payload);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.etag, `"${createHash('md5').update(payload).digest('hex')}"`);
    const got = await gh.s3(gh.root('prod')).send(new GetObjectCommand({ Bucket: 'chunky', Key: 'plain' }));
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(payload));
  });

  test('with a signed CRC32 trailer: the right value stores, a wrong one is BadDigest and stores nothing', async () => {
    const ok = await chunkedPut(new URL(gh.server.url), gh.root('prod'), 'trailed', payload, { trailer: crc32b64(payload) });
    assert.equal(ok.status, 200, ok.text);
    const head = await gh.s3(gh.root('prod')).send(new HeadObjectCommand({ Bucket: 'chunky', Key: 'trailed', ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumCRC32, crc32b64(payload));
    const bad = await chunkedPut(new URL(gh.server.url), gh.root('prod'), 'bad-trailer', payload, { trailer: crc32b64(Buffer.from('other')) });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /<Code>BadDigest<\/Code>/);
    await assert.rejects(gh.s3(gh.root('prod')).send(new HeadObjectCommand({ Bucket: 'chunky', Key: 'bad-trailer' })), (e: any) => e.$metadata.httpStatusCode === 404);
  });

  test('a tampered chunk is SignatureDoesNotMatch and stores nothing', async () => {
    const r = await chunkedPut(new URL(gh.server.url), gh.root('prod'), 'tampered', payload, { tamper: true });
    assert.equal(r.status, 403);
    assert.match(r.text, /<Code>SignatureDoesNotMatch<\/Code>/);
    await assert.rejects(gh.s3(gh.root('prod')).send(new HeadObjectCommand({ Bucket: 'chunky', Key: 'tampered' })), (e: any) => e.$metadata.httpStatusCode === 404);
  });
});
