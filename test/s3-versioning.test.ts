/**
 * S3 Versioning end to end ("Retaining multiple versions of objects with S3
 * Versioning", "Working with delete markers", ListObjectVersions): version ids
 * on every write, reads and deletes of one version, delete markers (404 as the
 * latest version, 405 when named), the null version of a suspended bucket,
 * the Version actions, and paging of ListObjectVersions.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import {
  CreateBucketCommand, PutBucketVersioningCommand, GetBucketVersioningCommand, PutObjectCommand, GetObjectCommand, HeadObjectCommand,
  DeleteObjectCommand, DeleteObjectsCommand, ListObjectVersionsCommand, ListObjectsV2Command, CopyObjectCommand, DeleteBucketCommand,
  CreateMultipartUploadCommand, UploadPartCommand, CompleteMultipartUploadCommand, GetObjectTaggingCommand, PutObjectTaggingCommand,
  PutBucketPolicyCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { TestGatehouse, run, which } from './support/gatehouse.js';
import { rejects } from './support/errors.js';

const text = async (p: Promise<{ Body?: { transformToString(): Promise<string> } }>) => (await p).Body!.transformToString();
const headerOf = (e: unknown, name: string) => (e as { $response?: { headers: Record<string, string> } }).$response?.headers[name];

describe('S3 versioning (SDK)', () => {
  let gh: TestGatehouse;
  let s3: S3Client;
  before(async () => {
    gh = await TestGatehouse.start();
    s3 = gh.s3(gh.root('prod'));
    await s3.send(new CreateBucketCommand({ Bucket: 'vers' }));
  });
  after(() => gh.dispose());

  test('a bucket never versioned reports no version ids; Enabled gives each write its own', async () => {
    const plain = await s3.send(new PutObjectCommand({ Bucket: 'vers', Key: 'doc', Body: 'v0' }));
    assert.equal(plain.VersionId, undefined);
    assert.deepEqual((await s3.send(new GetBucketVersioningCommand({ Bucket: 'vers' }))).Status, undefined);
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'vers', VersioningConfiguration: { Status: 'Enabled' } }));
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: 'vers' }))).Status, 'Enabled');
    // The object written before is the null version now.
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: 'vers', Key: 'doc' }))).VersionId, 'null');
    const v1 = (await s3.send(new PutObjectCommand({ Bucket: 'vers', Key: 'doc', Body: 'v1' }))).VersionId!;
    const v2 = (await s3.send(new PutObjectCommand({ Bucket: 'vers', Key: 'doc', Body: 'v2' }))).VersionId!;
    assert.match(v1, /^[A-Za-z0-9._]{32}$/);
    assert.notEqual(v1, v2);
    const latest = await s3.send(new GetObjectCommand({ Bucket: 'vers', Key: 'doc' }));
    assert.equal(latest.VersionId, v2);
    assert.equal(await latest.Body!.transformToString(), 'v2');
    assert.equal(await text(s3.send(new GetObjectCommand({ Bucket: 'vers', Key: 'doc', VersionId: v1 }))), 'v1');
    assert.equal(await text(s3.send(new GetObjectCommand({ Bucket: 'vers', Key: 'doc', VersionId: 'null' }))), 'v0');
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: 'vers', Key: 'doc', VersionId: v1 }))).ContentLength, 2);
    await rejects(s3.send(new GetObjectCommand({ Bucket: 'vers', Key: 'doc', VersionId: 'no-such-version-id-aaaaaaaaaaaaaa' })), 'NoSuchVersion', 404);
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: 'vers', Prefix: 'doc' }));
    assert.deepEqual(listed.Versions!.map((v) => [v.VersionId, v.IsLatest, v.Size]), [[v2, true, 2], [v1, false, 2], ['null', false, 2]]);
  });

  test('a simple DELETE leaves a delete marker: 404 with x-amz-delete-marker, 405 when the marker is named; deleting the marker brings the object back', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'vers', Key: 'gone', Body: 'first' }));
    const del = await s3.send(new DeleteObjectCommand({ Bucket: 'vers', Key: 'gone' }));
    assert.equal(del.DeleteMarker, true);
    const marker = del.VersionId!;
    const e = await rejects(s3.send(new GetObjectCommand({ Bucket: 'vers', Key: 'gone' })), 'NoSuchKey', 404);
    assert.equal(headerOf(e, 'x-amz-delete-marker'), 'true');
    assert.equal(headerOf(e, 'x-amz-version-id'), marker);
    const named = await rejects(s3.send(new GetObjectCommand({ Bucket: 'vers', Key: 'gone', VersionId: marker })), 'MethodNotAllowed', 405);
    assert.equal(headerOf(named, 'x-amz-delete-marker'), 'true');
    assert.ok(headerOf(named, 'last-modified'));
    // Listings skip the key; the versions listing shows the marker as latest.
    assert.equal((await s3.send(new ListObjectsV2Command({ Bucket: 'vers', Prefix: 'gone' }))).KeyCount, 0);
    const v = await s3.send(new ListObjectVersionsCommand({ Bucket: 'vers', Prefix: 'gone' }));
    assert.deepEqual(v.DeleteMarkers!.map((d) => [d.VersionId, d.IsLatest]), [[marker, true]]);
    assert.deepEqual(v.Versions!.map((d) => d.IsLatest), [false]);
    // Deleting the marker (by its version id) restores the object.
    const undo = await s3.send(new DeleteObjectCommand({ Bucket: 'vers', Key: 'gone', VersionId: marker }));
    assert.deepEqual([undo.VersionId, undo.DeleteMarker], [marker, true]);
    assert.equal(await text(s3.send(new GetObjectCommand({ Bucket: 'vers', Key: 'gone' }))), 'first');
  });

  test('deleting the current version makes the previous one current; a bucket with versions left is BucketNotEmpty', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'vers-empty' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'vers-empty', VersioningConfiguration: { Status: 'Enabled' } }));
    const a = (await s3.send(new PutObjectCommand({ Bucket: 'vers-empty', Key: 'k', Body: 'a' }))).VersionId!;
    const b = (await s3.send(new PutObjectCommand({ Bucket: 'vers-empty', Key: 'k', Body: 'b' }))).VersionId!;
    await s3.send(new DeleteObjectCommand({ Bucket: 'vers-empty', Key: 'k', VersionId: b }));
    assert.equal(await text(s3.send(new GetObjectCommand({ Bucket: 'vers-empty', Key: 'k' }))), 'a');
    const m = (await s3.send(new DeleteObjectCommand({ Bucket: 'vers-empty', Key: 'k' }))).VersionId!;
    await rejects(s3.send(new DeleteBucketCommand({ Bucket: 'vers-empty' })), 'BucketNotEmpty', 409);
    // DeleteObjects removes the versions named, reporting the marker as one.
    const out = await s3.send(new DeleteObjectsCommand({ Bucket: 'vers-empty', Delete: { Objects: [{ Key: 'k', VersionId: a }, { Key: 'k', VersionId: m }] } }));
    assert.deepEqual(out.Deleted!.map((d) => [d.VersionId, d.DeleteMarker ?? false, d.DeleteMarkerVersionId]), [[a, false, undefined], [m, true, m]]);
    assert.equal((await s3.send(new ListObjectVersionsCommand({ Bucket: 'vers-empty' }))).Versions, undefined);
    await s3.send(new DeleteBucketCommand({ Bucket: 'vers-empty' }));
  });

  test('Suspended: writes and deletes use the null version, replacing the earlier null version; Enabled versions stay', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'vers-susp' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'vers-susp', VersioningConfiguration: { Status: 'Enabled' } }));
    const kept = (await s3.send(new PutObjectCommand({ Bucket: 'vers-susp', Key: 'k', Body: 'kept' }))).VersionId!;
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'vers-susp', VersioningConfiguration: { Status: 'Suspended' } }));
    assert.equal((await s3.send(new PutObjectCommand({ Bucket: 'vers-susp', Key: 'k', Body: 'n1' }))).VersionId, 'null');
    assert.equal((await s3.send(new PutObjectCommand({ Bucket: 'vers-susp', Key: 'k', Body: 'n2' }))).VersionId, 'null');
    let v = await s3.send(new ListObjectVersionsCommand({ Bucket: 'vers-susp' }));
    assert.deepEqual(v.Versions!.map((x) => [x.VersionId, x.IsLatest]), [['null', true], [kept, false]]);
    assert.equal(await text(s3.send(new GetObjectCommand({ Bucket: 'vers-susp', Key: 'k' }))), 'n2');
    const del = await s3.send(new DeleteObjectCommand({ Bucket: 'vers-susp', Key: 'k' }));
    assert.deepEqual([del.VersionId, del.DeleteMarker], ['null', true]);
    v = await s3.send(new ListObjectVersionsCommand({ Bucket: 'vers-susp' }));
    assert.deepEqual(v.DeleteMarkers!.map((x) => [x.VersionId, x.IsLatest]), [['null', true]]);
    assert.deepEqual(v.Versions!.map((x) => x.VersionId), [kept], 'the null object went with the null marker');
  });

  test('copy from a version, multipart completion and tagging of one version', async () => {
    const v1 = (await s3.send(new PutObjectCommand({ Bucket: 'vers', Key: 'src', Body: 'one' }))).VersionId!;
    await s3.send(new PutObjectCommand({ Bucket: 'vers', Key: 'src', Body: 'two' }));
    const copy = await s3.send(new CopyObjectCommand({ Bucket: 'vers', Key: 'dst', CopySource: `vers/src?versionId=${v1}` }));
    assert.equal(copy.CopySourceVersionId, v1);
    assert.match(copy.VersionId!, /^[A-Za-z0-9._]{32}$/);
    assert.equal(await text(s3.send(new GetObjectCommand({ Bucket: 'vers', Key: 'dst' }))), 'one');
    const marker = (await s3.send(new DeleteObjectCommand({ Bucket: 'vers', Key: 'src' }))).VersionId!;
    await rejects(s3.send(new CopyObjectCommand({ Bucket: 'vers', Key: 'dst', CopySource: `vers/src?versionId=${marker}` })), 'InvalidRequest', 400);
    await rejects(s3.send(new CopyObjectCommand({ Bucket: 'vers', Key: 'dst', CopySource: 'vers/src' })), 'NoSuchKey', 404);
    const up = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'vers', Key: 'mp' }));
    const part = await s3.send(new UploadPartCommand({ Bucket: 'vers', Key: 'mp', UploadId: up.UploadId, PartNumber: 1, Body: 'only part' }));
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'vers', Key: 'mp', UploadId: up.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
    assert.match(done.VersionId!, /^[A-Za-z0-9._]{32}$/);
    await s3.send(new PutObjectTaggingCommand({ Bucket: 'vers', Key: 'src', VersionId: v1, Tagging: { TagSet: [{ Key: 'old', Value: 'yes' }] } }));
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: 'vers', Key: 'src', VersionId: v1 }));
    assert.deepEqual([tags.VersionId, tags.TagSet], [v1, [{ Key: 'old', Value: 'yes' }]]);
  });

  test('ListObjectVersions pages by key-marker and version-id-marker, and rolls up at a delimiter', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'vers-page' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'vers-page', VersioningConfiguration: { Status: 'Enabled' } }));
    const all: Array<[string, string]> = [];
    for (const key of ['a', 'b', 'dir/x', 'dir/y']) {
      for (let n = 0; n < 3; n++) all.unshift([key, (await s3.send(new PutObjectCommand({ Bucket: 'vers-page', Key: key, Body: `${key}${n}` }))).VersionId!]);
    }
    // Expected order: by key, newest first.
    const expected = ['a', 'b', 'dir/x', 'dir/y'].flatMap((k) => all.filter(([key]) => key === k).map(([key, v]) => `${key}@${v}`));
    const seen: string[] = [];
    let KeyMarker: string | undefined, VersionIdMarker: string | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const page = await s3.send(new ListObjectVersionsCommand({ Bucket: 'vers-page', MaxKeys: 5, KeyMarker, VersionIdMarker }));
      seen.push(...(page.Versions ?? []).map((v) => `${v.Key}@${v.VersionId}`));
      if (!page.IsTruncated) break;
      KeyMarker = page.NextKeyMarker; VersionIdMarker = page.NextVersionIdMarker;
    }
    assert.deepEqual(seen, expected);
    const rolled = await s3.send(new ListObjectVersionsCommand({ Bucket: 'vers-page', Delimiter: '/' }));
    assert.deepEqual(rolled.CommonPrefixes, [{ Prefix: 'dir/' }]);
    assert.equal(rolled.Versions!.length, 6);
    await rejects(s3.send(new ListObjectVersionsCommand({ Bucket: 'vers-page', VersionIdMarker: 'x' })), 'InvalidArgument', 400);
  });

  test('versions need the Version actions: s3:GetObjectVersion, s3:DeleteObjectVersion, s3:ListBucketVersions', async () => {
    const prodId = gh.account('prod').id;
    const creds = await gh.userWithKey('prod', 'reader');
    const user = gh.s3(creds);
    const v1 = (await s3.send(new PutObjectCommand({ Bucket: 'vers', Key: 'perm', Body: 'p1' }))).VersionId!;
    await s3.send(new PutObjectCommand({ Bucket: 'vers', Key: 'perm', Body: 'p2' }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'vers', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${prodId}:user/reader` }, Action: ['s3:GetObject', 's3:DeleteObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::vers', 'arn:aws:s3:::vers/*'] },
    ] }) }));
    assert.equal(await text(user.send(new GetObjectCommand({ Bucket: 'vers', Key: 'perm' }))), 'p2');
    const denied = await rejects(user.send(new GetObjectCommand({ Bucket: 'vers', Key: 'perm', VersionId: v1 })), 'AccessDenied', 403);
    assert.match(denied.message, /s3:GetObjectVersion/);
    await rejects(user.send(new DeleteObjectCommand({ Bucket: 'vers', Key: 'perm', VersionId: v1 })), 'AccessDenied', 403);
    await rejects(user.send(new ListObjectVersionsCommand({ Bucket: 'vers' })), 'AccessDenied', 403);
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'vers', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${prodId}:user/reader` }, Action: ['s3:GetObjectVersion', 's3:DeleteObjectVersion', 's3:ListBucketVersions'], Resource: ['arn:aws:s3:::vers', 'arn:aws:s3:::vers/*'] },
    ] }) }));
    assert.equal(await text(user.send(new GetObjectCommand({ Bucket: 'vers', Key: 'perm', VersionId: v1 }))), 'p1');
    assert.ok((await user.send(new ListObjectVersionsCommand({ Bucket: 'vers', Prefix: 'perm' }))).Versions!.length >= 2);
    await user.send(new DeleteObjectCommand({ Bucket: 'vers', Key: 'perm', VersionId: v1 }));
    await rejects(s3.send(new GetObjectCommand({ Bucket: 'vers', Key: 'perm', VersionId: v1 })), 'NoSuchVersion', 404);
  });
});

describe('S3 versioning across a restart', () => {
  test('noncurrent versions keep their files through the start-up sweep', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gh-vers-'));
    let gh = await TestGatehouse.start({ dataDir });
    const creds = gh.root('prod');
    let s3 = gh.s3(creds);
    await s3.send(new CreateBucketCommand({ Bucket: 'vers-durable' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'vers-durable', VersioningConfiguration: { Status: 'Enabled' } }));
    const old = (await s3.send(new PutObjectCommand({ Bucket: 'vers-durable', Key: 'k', Body: 'old' }))).VersionId!;
    await s3.send(new PutObjectCommand({ Bucket: 'vers-durable', Key: 'k', Body: 'new' }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'vers-durable', Key: 'k' }));
    await gh.stop();
    gh = await TestGatehouse.start({ dataDir });
    try {
      s3 = gh.s3(creds);
      assert.equal(readdirSync(join(dataDir, 'objects', 'data')).length, 2);
      assert.equal(await text(s3.send(new GetObjectCommand({ Bucket: 'vers-durable', Key: 'k', VersionId: old }))), 'old');
    } finally {
      await gh.dispose();
    }
  });
});

describe('S3 versioning (AWS CLI)', async () => {
  const hasCli = await which('aws');
  let gh: TestGatehouse;
  before(async () => { gh = await TestGatehouse.start(); });
  after(() => gh?.dispose());

  test('aws s3api put-bucket-versioning, put-object, list-object-versions, get-object --version-id, delete-object', { skip: !hasCli && 'aws CLI not installed' }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-vers-cli-'));
    const aws = (...args: string[]) => run('aws', ['--profile', 'prod', '--endpoint-url', gh.server.url, 's3api', ...args], gh.env());
    const ok = async (...args: string[]) => { const r = await aws(...args); assert.equal(r.code, 0, r.stderr); return r.stdout ? JSON.parse(r.stdout) : {}; };
    await ok('create-bucket', '--bucket', 'cli-vers');
    await ok('put-bucket-versioning', '--bucket', 'cli-vers', '--versioning-configuration', 'Status=Enabled');
    assert.equal((await ok('get-bucket-versioning', '--bucket', 'cli-vers')).Status, 'Enabled');
    writeFileSync(join(dir, 'one.txt'), 'one');
    writeFileSync(join(dir, 'two.txt'), 'two');
    const v1 = (await ok('put-object', '--bucket', 'cli-vers', '--key', 'f.txt', '--body', join(dir, 'one.txt'))).VersionId;
    const v2 = (await ok('put-object', '--bucket', 'cli-vers', '--key', 'f.txt', '--body', join(dir, 'two.txt'))).VersionId;
    const listed = await ok('list-object-versions', '--bucket', 'cli-vers');
    assert.deepEqual(listed.Versions.map((v: { VersionId: string; IsLatest: boolean }) => [v.VersionId, v.IsLatest]), [[v2, true], [v1, false]]);
    const got = await ok('get-object', '--bucket', 'cli-vers', '--key', 'f.txt', '--version-id', v1, join(dir, 'back.txt'));
    assert.equal(got.VersionId, v1);
    assert.equal(readFileSync(join(dir, 'back.txt'), 'utf8'), 'one');
    const del = await ok('delete-object', '--bucket', 'cli-vers', '--key', 'f.txt');
    assert.equal(del.DeleteMarker, true);
    const after = await ok('list-object-versions', '--bucket', 'cli-vers');
    assert.deepEqual(after.DeleteMarkers.map((d: { VersionId: string; IsLatest: boolean }) => [d.VersionId, d.IsLatest]), [[del.VersionId, true]]);
    const r = await aws('head-object', '--bucket', 'cli-vers', '--key', 'f.txt');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /404|Not Found/);
  });
});
