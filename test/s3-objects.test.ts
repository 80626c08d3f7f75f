/** S3 objects end to end with @aws-sdk/client-s3 and the AWS CLI against a real Gatehouse. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import {
  CreateBucketCommand, PutObjectCommand, GetObjectCommand, HeadObjectCommand, DeleteObjectCommand, DeleteObjectsCommand,
  CopyObjectCommand, ListObjectsV2Command, ListObjectsCommand, PutObjectTaggingCommand, GetObjectTaggingCommand, DeleteBucketCommand,
  CreateMultipartUploadCommand, UploadPartCommand, CompleteMultipartUploadCommand, AbortMultipartUploadCommand, ListPartsCommand,
  ListMultipartUploadsCommand, S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { TestGatehouse, run, which } from './support/gatehouse.js';

async function rejects(p: Promise<unknown>, code: string, status: number) {
  await assert.rejects(p, (e: any) => {
    assert.equal(e.name === 'Unknown' || e.name === 'NotFound' ? e.$metadata.httpStatusCode : e.Code ?? e.name, e.name === 'Unknown' || e.name === 'NotFound' ? status : code);
    assert.equal(e.$metadata.httpStatusCode, status);
    return true;
  });
}
const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');

describe('S3 objects (SDK)', () => {
  let gh: TestGatehouse;
  let s3: S3Client;
  before(async () => {
    gh = await TestGatehouse.start();
    s3 = gh.s3(gh.root('prod'));
    await s3.send(new CreateBucketCommand({ Bucket: 'objs' }));
  });
  after(() => gh.dispose());

  test("the SDK's default aws-chunked upload with a trailing checksum stores the bytes; ETag is the MD5; metadata and content type round-trip", async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: 'objs', Key: 'a/b.txt', Body: 'hello world', ContentType: 'text/plain', Metadata: { colour: 'blue' } }));
    assert.equal(put.ETag, `"${md5('hello world')}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'a/b.txt', ChecksumMode: 'ENABLED' }));
    assert.equal(await got.Body!.transformToString(), 'hello world');
    assert.equal(got.ContentType, 'text/plain');
    assert.equal(got.ContentLength, 11);
    assert.deepEqual(got.Metadata, { colour: 'blue' });
    assert.equal(got.ContentEncoding, undefined, 'aws-chunked is framing, not stored');
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'objs', Key: 'a/b.txt' }));
    assert.equal(head.ContentLength, 11);
    assert.equal(head.ETag, put.ETag);
  });

  test('CRC64NVME and SHA256 checksums are verified and returned with ChecksumMode', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: 'objs', Key: 'crc64', Body: 'abc', ChecksumAlgorithm: 'CRC64NVME' }));
    assert.ok(put.ChecksumCRC64NVME);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'crc64', ChecksumMode: 'ENABLED' }));
    assert.equal(got.ChecksumCRC64NVME, put.ChecksumCRC64NVME);
    await got.Body!.transformToString();
    const sha = createHash('sha256').update('abc').digest('base64');
    const p2 = await s3.send(new PutObjectCommand({ Bucket: 'objs', Key: 'sha', Body: 'abc', ChecksumSHA256: sha }));
    assert.equal(p2.ChecksumSHA256, sha);
  });

  test('a body that does not match its checksum or Content-MD5 is refused with BadDigest and nothing is stored', async () => {
    await rejects(s3.send(new PutObjectCommand({ Bucket: 'objs', Key: 'bad', Body: 'abc', ChecksumSHA256: createHash('sha256').update('abd').digest('base64') })), 'BadDigest', 400);
    await rejects(s3.send(new PutObjectCommand({ Bucket: 'objs', Key: 'bad', Body: 'abc', ContentMD5: createHash('md5').update('abd').digest('base64') })), 'BadDigest', 400);
    await rejects(s3.send(new PutObjectCommand({ Bucket: 'objs', Key: 'bad', Body: 'abc', ContentMD5: 'bm90LW1kNQ==' })), 'InvalidDigest', 400);
    await rejects(s3.send(new HeadObjectCommand({ Bucket: 'objs', Key: 'bad' })), 'NotFound', 404);
    assert.deepEqual(readdirSync(join(gh.dataDir, 'objects', 'tmp')), []);
  });

  test('ranges answer 206 with Content-Range; an unsatisfiable range 416', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'objs', Key: 'digits', Body: '0123456789' }));
    const r = await s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'digits', Range: 'bytes=2-4' }));
    assert.equal(await r.Body!.transformToString(), '234');
    assert.equal(r.ContentRange, 'bytes 2-4/10');
    assert.equal(r.$metadata.httpStatusCode, 206);
    assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'digits', Range: 'bytes=-3' }))).Body!.transformToString(), '789');
    assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'digits', Range: 'bytes=8-' }))).Body!.transformToString(), '89');
    await rejects(s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'digits', Range: 'bytes=10-20' })), 'InvalidRange', 416);
  });

  test('conditional gets: If-None-Match → 304, If-Match mismatch → 412, If-Modified-Since in the future → 304', async () => {
    const { ETag } = await s3.send(new PutObjectCommand({ Bucket: 'objs', Key: 'cond', Body: 'x' }));
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'cond', IfNoneMatch: ETag })), (e: any) => e.$metadata.httpStatusCode === 304);
    await rejects(s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'cond', IfMatch: '"nope"' })), 'PreconditionFailed', 412);
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'cond', IfModifiedSince: new Date(Date.now() + 3600_000) })), (e: any) => e.$metadata.httpStatusCode === 304);
    const ok = await s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'cond', IfMatch: ETag, ResponseContentType: 'application/x-test' }));
    assert.equal(ok.ContentType, 'application/x-test');
    await ok.Body!.transformToString();
  });

  test('ListObjectsV2 with prefix, delimiter and continuation tokens; ListObjects v1 with markers', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'listing' }));
    for (const k of ['a/1', 'a/2', 'b/1', 'b/2', 'c', 'd', 'e/x/y']) await s3.send(new PutObjectCommand({ Bucket: 'listing', Key: k, Body: k }));
    const top = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/' }));
    assert.deepEqual(top.CommonPrefixes!.map((p) => p.Prefix), ['a/', 'b/', 'e/']);
    assert.deepEqual(top.Contents!.map((c) => c.Key), ['c', 'd']);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/', MaxKeys: 2, ContinuationToken: token }));
      assert.ok(page.KeyCount! <= 2);
      seen.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix!), ...(page.Contents ?? []).map((c) => c.Key!));
      token = page.NextContinuationToken;
    } while (token);
    assert.deepEqual(seen.sort(), ['a/', 'b/', 'c', 'd', 'e/']);
    const b = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'b/', StartAfter: 'b/1' }));
    assert.deepEqual(b.Contents!.map((c) => c.Key), ['b/2']);
    const v1 = await s3.send(new ListObjectsCommand({ Bucket: 'listing', MaxKeys: 3 }));
    assert.equal(v1.IsTruncated, true);
    const v1b = await s3.send(new ListObjectsCommand({ Bucket: 'listing', Marker: v1.Contents!.at(-1)!.Key }));
    assert.deepEqual(v1b.Contents!.map((c) => c.Key), ['b/2', 'c', 'd', 'e/x/y']);
    await rejects(s3.send(new DeleteBucketCommand({ Bucket: 'listing' })), 'BucketNotEmpty', 409);
  });

  test('DeleteObjects (quiet and not), CopyObject with metadata directive, object tagging', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'objs', Key: 'src', Body: 'copy me', Metadata: { a: '1' }, Tagging: 'team=blue' }));
    await s3.send(new CopyObjectCommand({ Bucket: 'objs', Key: 'dst', CopySource: 'objs/src' }));
    assert.deepEqual((await s3.send(new HeadObjectCommand({ Bucket: 'objs', Key: 'dst' }))).Metadata, { a: '1' });
    await s3.send(new CopyObjectCommand({ Bucket: 'objs', Key: 'dst2', CopySource: 'objs/src', MetadataDirective: 'REPLACE', Metadata: { b: '2' } }));
    assert.deepEqual((await s3.send(new HeadObjectCommand({ Bucket: 'objs', Key: 'dst2' }))).Metadata, { b: '2' });
    await rejects(s3.send(new CopyObjectCommand({ Bucket: 'objs', Key: 'src', CopySource: 'objs/src' })), 'InvalidRequest', 400);
    const srcTag = (await s3.send(new HeadObjectCommand({ Bucket: 'objs', Key: 'src' }))).ETag;
    await rejects(s3.send(new CopyObjectCommand({ Bucket: 'objs', Key: 'dst3', CopySource: 'objs/src', CopySourceIfMatch: '"0000"' })), 'PreconditionFailed', 412);
    await rejects(s3.send(new CopyObjectCommand({ Bucket: 'objs', Key: 'dst3', CopySource: 'objs/src', CopySourceIfNoneMatch: srcTag })), 'PreconditionFailed', 412);
    await s3.send(new CopyObjectCommand({ Bucket: 'objs', Key: 'dst3', CopySource: 'objs/src', CopySourceIfMatch: srcTag }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'objs', Key: 'dst3' }));
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: 'objs', Key: 'dst' }))).TagSet, [{ Key: 'team', Value: 'blue' }]);
    await s3.send(new PutObjectTaggingCommand({ Bucket: 'objs', Key: 'dst', Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } }));
    assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: 'objs', Key: 'dst' }))).TagSet, [{ Key: 'k', Value: 'v' }]);
    const del = await s3.send(new DeleteObjectsCommand({ Bucket: 'objs', Delete: { Objects: [{ Key: 'dst' }, { Key: 'dst2' }] } }));
    assert.deepEqual(del.Deleted!.map((d) => d.Key).sort(), ['dst', 'dst2']);
    const quiet = await s3.send(new DeleteObjectsCommand({ Bucket: 'objs', Delete: { Objects: [{ Key: 'src' }], Quiet: true } }));
    assert.equal(quiet.Deleted, undefined);
    await rejects(s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'src' })), 'NoSuchKey', 404);
    await s3.send(new DeleteObjectCommand({ Bucket: 'objs', Key: 'never-was' }));
  });

  test('multipart: EntityTooSmall, InvalidPartOrder, InvalidPart, then a good upload with an md5-of-md5s ETag', async () => {
    const part = Buffer.alloc(5 * 1024 * 1024, 'a');
    const last = Buffer.from('tail');
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'objs', Key: 'big', ContentType: 'text/x-big' }));
    const small = await s3.send(new UploadPartCommand({ Bucket: 'objs', Key: 'big', UploadId, PartNumber: 1, Body: last }));
    const p2 = await s3.send(new UploadPartCommand({ Bucket: 'objs', Key: 'big', UploadId, PartNumber: 2, Body: last }));
    await rejects(s3.send(new CompleteMultipartUploadCommand({ Bucket: 'objs', Key: 'big', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: small.ETag }, { PartNumber: 2, ETag: p2.ETag }] } })), 'EntityTooSmall', 400);
    const p1 = await s3.send(new UploadPartCommand({ Bucket: 'objs', Key: 'big', UploadId, PartNumber: 1, Body: part }));
    await rejects(s3.send(new CompleteMultipartUploadCommand({ Bucket: 'objs', Key: 'big', UploadId, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: p2.ETag }, { PartNumber: 1, ETag: p1.ETag }] } })), 'InvalidPartOrder', 400);
    await rejects(s3.send(new CompleteMultipartUploadCommand({ Bucket: 'objs', Key: 'big', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 3, ETag: p2.ETag }] } })), 'InvalidPart', 400);
    assert.equal((await s3.send(new ListPartsCommand({ Bucket: 'objs', Key: 'big', UploadId }))).Parts!.length, 2);
    assert.equal((await s3.send(new ListMultipartUploadsCommand({ Bucket: 'objs' }))).Uploads!.length, 1);
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'objs', Key: 'big', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] } }));
    const expected = createHash('md5').update(Buffer.concat([createHash('md5').update(part).digest(), createHash('md5').update(last).digest()])).digest('hex') + '-2';
    assert.equal(done.ETag, `"${expected}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'objs', Key: 'big', Range: `bytes=${part.length - 2}-${part.length + 1}` }));
    assert.equal(await got.Body!.transformToString(), 'aata');
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: 'objs', Key: 'big' }))).ContentType, 'text/x-big');
    const ab = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'objs', Key: 'gone' }));
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'objs', Key: 'gone', UploadId: ab.UploadId }));
    await rejects(s3.send(new ListPartsCommand({ Bucket: 'objs', Key: 'gone', UploadId: ab.UploadId })), 'NoSuchUpload', 404);
  });

  test('many concurrent gets each receive their own object, whole (object files opened and closed per request)', async () => {
    const keys = Array.from({ length: 24 }, (_, n) => `conc/${n}`);
    await Promise.all(keys.map((k) => s3.send(new PutObjectCommand({ Bucket: 'objs', Key: k, Body: k.repeat(5000) }))));
    for (let round = 0; round < 3; round++) {
      const bodies = await Promise.all(keys.map(async (k) => (await s3.send(new GetObjectCommand({ Bucket: 'objs', Key: k }))).Body!.transformToString()));
      bodies.forEach((b, n) => assert.equal(b, keys[n].repeat(5000)));
    }
  });

  test('presigned GET and PUT URLs work and expire', async () => {
    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'objs', Key: 'presigned' }), { expiresIn: 60 });
    const r = await fetch(putUrl, { method: 'PUT', body: 'via url' });
    assert.equal(r.status, 200, await r.text());
    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'objs', Key: 'presigned' }), { expiresIn: 60 });
    assert.equal(await (await fetch(getUrl)).text(), 'via url');
    const old = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'objs', Key: 'presigned' }), { expiresIn: 1, signingDate: new Date(Date.now() - 3600_000) });
    const expired = await fetch(old);
    assert.equal(expired.status, 403);
    assert.match(await expired.text(), /AccessDenied|expired/i);
  });
});

describe('S3 objects (AWS CLI)', async () => {
  const hasCli = await which('aws');
  let gh: TestGatehouse;
  before(async () => { gh = await TestGatehouse.start(); });
  after(() => gh?.dispose());

  test('aws s3 cp of a 20 MiB file (multipart, chunked-signed), aws s3 sync, aws s3api round trip', { skip: !hasCli && 'aws CLI not installed' }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-cli-'));
    const big = Buffer.alloc(20 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32BE(i, i);
    writeFileSync(join(dir, 'big.bin'), big);
    const env = gh.env();
    const aws = (...args: string[]) => run('aws', ['--profile', 'prod', '--endpoint-url', gh.server.url, ...args], env);
    let r = await aws('s3', 'mb', 's3://cli-bucket');
    assert.equal(r.code, 0, r.stderr);
    r = await aws('s3', 'cp', join(dir, 'big.bin'), 's3://cli-bucket/big.bin');
    assert.equal(r.code, 0, r.stderr);
    r = await aws('s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'big.bin');
    assert.equal(r.code, 0, r.stderr);
    const head = JSON.parse(r.stdout);
    assert.equal(head.ContentLength, big.length);
    assert.match(head.ETag, /-\d+"$/, 'a multipart ETag');
    r = await aws('s3', 'cp', 's3://cli-bucket/big.bin', join(dir, 'back.bin'));
    assert.equal(r.code, 0, r.stderr);
    assert.ok(readFileSync(join(dir, 'back.bin')).equals(big));
    mkdirSync(join(dir, 'tree', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'tree', 'one.txt'), 'one');
    writeFileSync(join(dir, 'tree', 'sub', 'two.txt'), 'two');
    r = await aws('s3', 'sync', join(dir, 'tree'), 's3://cli-bucket/tree');
    assert.equal(r.code, 0, r.stderr);
    r = await aws('s3', 'ls', 's3://cli-bucket/tree/', '--recursive');
    assert.match(r.stdout, /tree\/one\.txt/);
    assert.match(r.stdout, /tree\/sub\/two\.txt/);
    r = await aws('s3', 'sync', join(dir, 'tree'), 's3://cli-bucket/tree');
    assert.equal(r.stdout.trim(), '', 'nothing left to sync');
    r = await aws('s3api', 'put-object', '--bucket', 'cli-bucket', '--key', 'small.txt', '--body', join(dir, 'tree', 'one.txt'));
    assert.equal(r.code, 0, r.stderr);
    r = await aws('s3', 'rm', 's3://cli-bucket', '--recursive');
    assert.equal(r.code, 0, r.stderr);
    r = await aws('s3', 'rb', 's3://cli-bucket');
    assert.equal(r.code, 0, r.stderr);
  });
});

describe('S3 object files across a restart', () => {
  test('objects survive a restart; files no row names (a crash before commit) are swept at start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gh-restart-'));
    let gh = await TestGatehouse.start({ dataDir });
    const creds = gh.root('prod');
    await gh.s3(creds).send(new CreateBucketCommand({ Bucket: 'durable' }));
    await gh.s3(creds).send(new PutObjectCommand({ Bucket: 'durable', Key: 'k', Body: 'kept' }));
    await gh.stop();
    writeFileSync(join(dataDir, 'objects', 'data', 'orphan-from-a-crash'), 'x');
    writeFileSync(join(dataDir, 'objects', 'tmp', 'half-written-upload'), 'x');
    gh = await TestGatehouse.start({ dataDir });
    try {
      assert.ok(!readdirSync(join(dataDir, 'objects', 'data')).includes('orphan-from-a-crash'));
      assert.deepEqual(readdirSync(join(dataDir, 'objects', 'tmp')), []);
      assert.equal(await (await gh.s3(creds).send(new GetObjectCommand({ Bucket: 'durable', Key: 'k' }))).Body!.transformToString(), 'kept');
      assert.equal(readdirSync(join(dataDir, 'objects', 'data')).length, 1);
    } finally {
      await gh.dispose();
    }
  });
});
