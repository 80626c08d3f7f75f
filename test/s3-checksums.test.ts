/**
 * Multipart checksums as S3 computes them ("Checking object integrity in
 * Amazon S3"): FULL_OBJECT CRCs (CRC64NVME, or CRC32/CRC32C when asked) are
 * the whole object's CRC, COMPOSITE checksums the checksum of the parts'
 * checksums with "-N"; GetObject/HeadObject by partNumber; DeleteObjects'
 * required integrity header.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { Crc32c, Crc64Nvme } from '@aws-sdk/checksums/crc';
import {
  CreateBucketCommand, CreateMultipartUploadCommand, UploadPartCommand, CompleteMultipartUploadCommand, HeadObjectCommand, GetObjectCommand,
  PutObjectCommand, type ChecksumAlgorithm, type ChecksumType, type S3Client,
} from '@aws-sdk/client-s3';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { TestGatehouse, run, which } from './support/gatehouse.js';
import { rejects } from './support/errors.js';
import { send, signedHeaders, errorCode } from './support/raw-http.js';

const MiB = 1024 * 1024;
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
async function crcOf(alg: 'crc32' | 'crc32c' | 'crc64nvme', data: Buffer): Promise<string> {
  if (alg === 'crc32') { const o = Buffer.alloc(4); o.writeUInt32BE(crc32(data) >>> 0); return b64(o); }
  const c = alg === 'crc32c' ? new Crc32c() : new Crc64Nvme();
  c.update(data);
  return b64(await c.digest());
}
const member = (alg: string) => `Checksum${alg}` as 'ChecksumCRC32';

describe('S3 multipart checksums and parts', () => {
  let gh: TestGatehouse;
  let s3: S3Client;
  const parts = [randomBytes(5 * MiB), randomBytes(1234)];
  const whole = Buffer.concat(parts);
  before(async () => {
    gh = await TestGatehouse.start();
    s3 = gh.s3(gh.root('prod'));
    await s3.send(new CreateBucketCommand({ Bucket: 'sums' }));
  });
  after(() => gh.dispose());

  async function upload(key: string, alg: ChecksumAlgorithm, type?: ChecksumType, complete: Record<string, string> = {}) {
    const up = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'sums', Key: key, ChecksumAlgorithm: alg, ChecksumType: type }));
    const done = await Promise.all(parts.map(async (Body, n) => {
      const r = await s3.send(new UploadPartCommand({ Bucket: 'sums', Key: key, UploadId: up.UploadId, PartNumber: n + 1, Body, ChecksumAlgorithm: alg }));
      return { PartNumber: n + 1, ETag: r.ETag, [member(alg)]: r[member(alg)] };
    }));
    return { up, completed: await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'sums', Key: key, UploadId: up.UploadId, MultipartUpload: { Parts: done }, ...complete })) };
  }

  test('CRC64NVME is FULL_OBJECT: the checksum of the whole object, also on HeadObject; a wrong full-object value is BadDigest', async () => {
    const expected = await crcOf('crc64nvme', whole);
    const { up, completed } = await upload('full64', 'CRC64NVME');
    assert.equal(up.ChecksumType, 'FULL_OBJECT');
    assert.deepEqual([completed.ChecksumCRC64NVME, completed.ChecksumType], [expected, 'FULL_OBJECT']);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'sums', Key: 'full64', ChecksumMode: 'ENABLED' }));
    assert.deepEqual([head.ChecksumCRC64NVME, head.ChecksumType], [expected, 'FULL_OBJECT']);
    // The SDK validates the whole body against it on the way back.
    const got = await s3.send(new GetObjectCommand({ Bucket: 'sums', Key: 'full64', ChecksumMode: 'ENABLED' }));
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(whole));
    await rejects(upload('bad64', 'CRC64NVME', undefined, { ChecksumCRC64NVME: await crcOf('crc64nvme', parts[0]!) }), 'BadDigest', 400);
    // Given right, the full-object value is accepted.
    await upload('good64', 'CRC64NVME', 'FULL_OBJECT', { ChecksumCRC64NVME: expected, ChecksumType: 'FULL_OBJECT' });
  });

  test('CRC32 and CRC32C as FULL_OBJECT when asked; COMPOSITE by default: checksum of the part checksums, "-N"', async () => {
    const full = await upload('full32', 'CRC32', 'FULL_OBJECT');
    assert.deepEqual([full.completed.ChecksumCRC32, full.completed.ChecksumType], [await crcOf('crc32', whole), 'FULL_OBJECT']);
    const fullC = await upload('full32c', 'CRC32C', 'FULL_OBJECT');
    assert.equal(fullC.completed.ChecksumCRC32C, await crcOf('crc32c', whole));
    const partSums = await Promise.all(parts.map((p) => crcOf('crc32c', p)));
    const composite = await upload('comp32c', 'CRC32C');
    assert.equal(composite.up.ChecksumType, 'COMPOSITE');
    assert.deepEqual([composite.completed.ChecksumCRC32C, composite.completed.ChecksumType],
      [`${await crcOf('crc32c', Buffer.concat(partSums.map((v) => Buffer.from(v, 'base64'))))}-2`, 'COMPOSITE']);
    const sha = await upload('compsha', 'SHA256');
    const shaParts = parts.map((p) => createHash('sha256').update(p).digest());
    assert.equal(sha.completed.ChecksumSHA256, `${createHash('sha256').update(Buffer.concat(shaParts)).digest('base64')}-2`);
  });

  test('checksum types an algorithm cannot have, and parts of another algorithm, are InvalidRequest', async () => {
    await rejects(s3.send(new CreateMultipartUploadCommand({ Bucket: 'sums', Key: 'x', ChecksumAlgorithm: 'CRC64NVME', ChecksumType: 'COMPOSITE' })), 'InvalidRequest', 400);
    await rejects(s3.send(new CreateMultipartUploadCommand({ Bucket: 'sums', Key: 'x', ChecksumAlgorithm: 'SHA256', ChecksumType: 'FULL_OBJECT' })), 'InvalidRequest', 400);
    const up = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'sums', Key: 'x', ChecksumAlgorithm: 'CRC64NVME' }));
    const e = await rejects(s3.send(new UploadPartCommand({ Bucket: 'sums', Key: 'x', UploadId: up.UploadId, PartNumber: 1, Body: 'abc', ChecksumAlgorithm: 'SHA1' })), 'InvalidRequest', 400);
    assert.match(e.message, /Checksum Type mismatch occurred, expected checksum Type: crc64nvme, actual checksum Type: sha1/);
  });

  test('GetObject and HeadObject by partNumber: that part\'s bytes, 206, x-amz-mp-parts-count; a part that does not exist is 416', async () => {
    await upload('parts', 'SHA256');
    const second = await s3.send(new GetObjectCommand({ Bucket: 'sums', Key: 'parts', PartNumber: 2, ChecksumMode: 'ENABLED' }));
    assert.equal(second.$metadata.httpStatusCode, 206);
    assert.equal(second.PartsCount, 2);
    assert.equal(second.ContentRange, `bytes ${5 * MiB}-${whole.length - 1}/${whole.length}`);
    assert.equal(second.ChecksumSHA256, createHash('sha256').update(parts[1]!).digest('base64'), "a COMPOSITE object's part has its own checksum");
    assert.ok(Buffer.from(await second.Body!.transformToByteArray()).equals(parts[1]!));
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'sums', Key: 'parts', PartNumber: 1 }));
    assert.deepEqual([head.ContentLength, head.PartsCount], [5 * MiB, 2]);
    await rejects(s3.send(new GetObjectCommand({ Bucket: 'sums', Key: 'parts', PartNumber: 3 })), 'InvalidPartNumber', 416);
    // An object uploaded whole is its own part 1.
    await s3.send(new PutObjectCommand({ Bucket: 'sums', Key: 'single', Body: 'one piece' }));
    assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: 'sums', Key: 'single', PartNumber: 1 }))).Body!.transformToString(), 'one piece');
    await rejects(s3.send(new GetObjectCommand({ Bucket: 'sums', Key: 'single', PartNumber: 2 })), 'InvalidPartNumber', 416);
  });

  test('DeleteObjects needs Content-MD5 or an x-amz-checksum-* header, and it must match the body', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'sums', Key: 'del-me', Body: 'x' }));
    const body = '<Delete><Object><Key>del-me</Key></Object></Delete>';
    const call = async (extra: Record<string, string>) => {
      const headers = await signedHeaders(gh.server.url, gh.root('prod'), 's3', 'POST', '/sums', { 'content-type': 'application/xml', ...extra }, body, { delete: '' });
      return send(gh.server.url, 'POST', '/sums?delete=', headers, body);
    };
    let r = await call({});
    assert.equal(r.status, 400);
    assert.equal(errorCode(r.body), 'InvalidRequest');
    assert.match(r.body, /Missing required header for this request: Content-MD5 OR x-amz-checksum-\*/);
    r = await call({ 'content-md5': createHash('md5').update('something else').digest('base64') });
    assert.deepEqual([r.status, errorCode(r.body)], [400, 'BadDigest']);
    r = await call({ 'x-amz-checksum-crc32': await crcOf('crc32', Buffer.from('other')) });
    assert.deepEqual([r.status, errorCode(r.body)], [400, 'BadDigest']);
    await s3.send(new HeadObjectCommand({ Bucket: 'sums', Key: 'del-me' }));
    r = await call({ 'content-md5': createHash('md5').update(body).digest('base64') });
    assert.equal(r.status, 200, r.body);
    assert.match(r.body, /<Deleted><Key>del-me<\/Key><\/Deleted>/);
  });
});

describe('S3 multipart checksums (AWS CLI)', async () => {
  const hasCli = await which('aws');
  let gh: TestGatehouse;
  before(async () => { gh = await TestGatehouse.start(); });
  after(() => gh?.dispose());

  test('aws s3api multipart with CRC32 FULL_OBJECT and SHA256 COMPOSITE; head-object --checksum-mode, get-object --part-number', { skip: !hasCli && 'aws CLI not installed' }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-sums-cli-'));
    const parts = [randomBytes(5 * MiB), randomBytes(777)];
    parts.forEach((p, n) => writeFileSync(join(dir, `p${n + 1}`), p));
    const aws = (...args: string[]) => run('aws', ['--profile', 'prod', '--endpoint-url', gh.server.url, 's3api', ...args], gh.env());
    const ok = async (...args: string[]) => { const r = await aws(...args); assert.equal(r.code, 0, r.stderr); return r.stdout.trim() ? JSON.parse(r.stdout) : {}; };
    await ok('create-bucket', '--bucket', 'cli-sums');
    for (const [key, alg, type, expected] of [
      ['full', 'CRC32', 'FULL_OBJECT', await crcOf('crc32', Buffer.concat(parts))],
      ['comp', 'SHA256', 'COMPOSITE', `${createHash('sha256').update(Buffer.concat(parts.map((p) => createHash('sha256').update(p).digest()))).digest('base64')}-2`],
    ] as const) {
      const up = await ok('create-multipart-upload', '--bucket', 'cli-sums', '--key', key, '--checksum-algorithm', alg, '--checksum-type', type);
      assert.equal(up.ChecksumType, type);
      const done = [];
      for (const n of [1, 2]) {
        const r = await ok('upload-part', '--bucket', 'cli-sums', '--key', key, '--upload-id', up.UploadId, '--part-number', String(n), '--body', join(dir, `p${n}`), '--checksum-algorithm', alg);
        done.push({ PartNumber: n, ETag: r.ETag, [`Checksum${alg}`]: r[`Checksum${alg}`] });
      }
      const completed = await ok('complete-multipart-upload', '--bucket', 'cli-sums', '--key', key, '--upload-id', up.UploadId, '--multipart-upload', JSON.stringify({ Parts: done }));
      assert.equal(completed[`Checksum${alg}`], expected, `${key}: ${JSON.stringify(completed)}`);
      const head = await ok('head-object', '--bucket', 'cli-sums', '--key', key, '--checksum-mode', 'ENABLED');
      assert.deepEqual([head[`Checksum${alg}`], head.ChecksumType], [expected, type]);
    }
    const part = await ok('get-object', '--bucket', 'cli-sums', '--key', 'comp', '--part-number', '2', join(dir, 'back'));
    assert.equal(part.PartsCount, 2);
    assert.ok(readFileSync(join(dir, 'back')).equals(parts[1]!));
  });
});
