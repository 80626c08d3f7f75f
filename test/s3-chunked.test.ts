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
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { TestGatehouse, type Credentials } from './support/gatehouse.js';
import { chunkedPut, type ChunkedPutOptions } from './support/chunked-upload.js';

const crc32b64 = (b: Buffer) => { const o = Buffer.alloc(4); o.writeUInt32BE(crc32(b) >>> 0); return o.toString('base64'); };

const put = (url: URL, creds: Credentials, key: string, payload: Buffer, opts: ChunkedPutOptions = {}) => chunkedPut(url, creds, `/chunky/${key}`, payload, opts);

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
    const r = await put(new URL(gh.server.url), gh.root('prod'), 'plain', payload);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.etag, `"${createHash('md5').update(payload).digest('hex')}"`);
    const got = await gh.s3(gh.root('prod')).send(new GetObjectCommand({ Bucket: 'chunky', Key: 'plain' }));
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(payload));
  });

  test('a session signs its chunks with the secret its token carries', async () => {
    const { GetSessionTokenCommand } = await import('@aws-sdk/client-sts');
    const c = (await gh.sts(gh.root('prod')).send(new GetSessionTokenCommand({}))).Credentials!;
    const session = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const r = await put(new URL(gh.server.url), session, 'by-session', payload);
    assert.equal(r.status, 200, r.text);
    const tampered = await put(new URL(gh.server.url), session, 'by-session-tampered', payload, { tamper: true });
    assert.equal(tampered.status, 403, tampered.text);
    const got = await gh.s3(gh.root('prod')).send(new GetObjectCommand({ Bucket: 'chunky', Key: 'by-session' }));
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(payload));
  });

  test('with a signed CRC32 trailer: the right value stores, a wrong one is BadDigest and stores nothing', async () => {
    const ok = await put(new URL(gh.server.url), gh.root('prod'), 'trailed', payload, { trailer: crc32b64(payload) });
    assert.equal(ok.status, 200, ok.text);
    const head = await gh.s3(gh.root('prod')).send(new HeadObjectCommand({ Bucket: 'chunky', Key: 'trailed', ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumCRC32, crc32b64(payload));
    const bad = await put(new URL(gh.server.url), gh.root('prod'), 'bad-trailer', payload, { trailer: crc32b64(Buffer.from('other')) });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /<Code>BadDigest<\/Code>/);
    await assert.rejects(gh.s3(gh.root('prod')).send(new HeadObjectCommand({ Bucket: 'chunky', Key: 'bad-trailer' })), (e: any) => e.$metadata.httpStatusCode === 404);
  });

  test('a tampered chunk is SignatureDoesNotMatch and stores nothing', async () => {
    const r = await put(new URL(gh.server.url), gh.root('prod'), 'tampered', payload, { tamper: true });
    assert.equal(r.status, 403);
    assert.match(r.text, /<Code>SignatureDoesNotMatch<\/Code>/);
    await assert.rejects(gh.s3(gh.root('prod')).send(new HeadObjectCommand({ Bucket: 'chunky', Key: 'tampered' })), (e: any) => e.$metadata.httpStatusCode === 404);
  });
});
