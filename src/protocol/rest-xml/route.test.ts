import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as s3 from '@aws-sdk/client-s3';
import type { NormalizedSchema } from '@smithy/core/schema';
import { getOperation, listOperations } from '../models.js';
import { oracleHandler, type CapturedRequest } from '../sdk-oracle.js';
import { requiredMembers } from './bindings.js';
import { routeS3, bucketFromHost, type HttpIn } from './route.js';

const BASE_HOSTS = ['localhost', '127.0.0.1', 's3.localhost.localstack.cloud'];
const BUCKET = 'my-bucket';
const KEY = 'dir/a b+c%.txt';
// Outside the bucket/object URI space: served from an Object Lambda host prefix.
const NOT_ROUTED = new Set(['WriteGetObjectResponse']);

/** The smallest input the SDK will serialize: every required member, dummy-valued. */
function sample(ns: NormalizedSchema, name: string, depth = 0): unknown {
  if (name === 'Bucket') return BUCKET;
  if (name === 'Key') return KEY;
  if (ns.isStructSchema()) {
    const out: Record<string, unknown> = {};
    if (depth < 6) for (const m of requiredMembers(ns)) out[m.getMemberName()] = sample(m, m.getMemberName(), depth + 1);
    return out;
  }
  if (ns.isListSchema()) return [];
  if (ns.isMapSchema()) return {};
  if (ns.isNumericSchema()) return 1;
  if (ns.isBooleanSchema()) return false;
  if (ns.isTimestampSchema()) return new Date(0);
  if (ns.isBlobSchema()) return Buffer.from('x');
  return name === 'CopySource' ? `${BUCKET}/src` : 'x';
}

/** The request the real SDK sends for each operation, captured and not answered. */
async function captureAll(config: Record<string, unknown>): Promise<Map<string, CapturedRequest>> {
  const out = new Map<string, CapturedRequest>();
  for (const name of listOperations('s3')) {
    if (NOT_ROUTED.has(name)) continue;
    const handler = oracleHandler(() => { throw new Error('captured'); });
    const client = new s3.S3Client({
      region: 'us-east-1', credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1, requestHandler: handler, ...config,
    });
    const Command = (s3 as unknown as Record<string, new (input: unknown) => never>)[`${name}Command`]!;
    await client.send(new Command(sample(getOperation('s3', name)!.input, ''))).catch(() => undefined);
    if (handler.seen[0]) out.set(name, handler.seen[0]);
  }
  return out;
}

const toHttpIn = (r: CapturedRequest, dropXId = false): HttpIn => {
  const query = new Map(r.query);
  if (dropXId) query.delete('x-id');
  return { method: r.method, path: r.path, query, headers: r.headers, host: r.port ? `${r.hostname}:${r.port}` : r.hostname };
};

const cases: Array<[string, Record<string, unknown>]> = [
  ['path-style on localhost:4566', { endpoint: 'http://localhost:4566', forcePathStyle: true }],
  ['virtual-host on localhost:4566', { endpoint: 'http://localhost:4566' }],
  ['virtual-host on s3.localhost.localstack.cloud', { endpoint: 'http://s3.localhost.localstack.cloud:4566' }],
  ['virtual-host on AWS', {}],
  ['path-style on AWS', { forcePathStyle: true, region: 'eu-west-1' }],
];

for (const [title, config] of cases) {
  test(`every S3 operation routes back to itself: ${title} (with and without ?x-id)`, async () => {
    const captured = await captureAll(config);
    const expected = listOperations('s3').filter((n) => !NOT_ROUTED.has(n));
    assert.deepEqual([...captured.keys()], expected, 'the SDK serialized every operation');
    const wrong: string[] = [];
    for (const [name, req] of captured) {
      const withXId = routeS3(toHttpIn(req), { baseHosts: BASE_HOSTS });
      const withoutXId = routeS3(toHttpIn(req, true), { baseHosts: BASE_HOSTS });
      for (const got of [withXId, withoutXId]) {
        // Without its x-id, ListDirectoryBuckets is indistinguishable from ListBuckets (quirks.ts).
        if (got === withoutXId && name === 'ListDirectoryBuckets' && got?.op.name === 'ListBuckets') continue;
        if (got?.op.name !== name) wrong.push(`${name} ${req.method} ${req.hostname}${req.path} → ${got?.op.name}`);
        else {
          assert.equal(got.bucket, getOperation('s3', name)!.http![1] === '/?x-id=ListBuckets' || name === 'ListDirectoryBuckets' ? undefined : BUCKET, name);
          if (got.op.http![1].startsWith('/{Key+}')) assert.equal(got.key, KEY, name);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });
}

test('routing basics', () => {
  const r = (method: string, path: string, qs: Record<string, string> = {}, host = 'localhost:4566', headers: Record<string, string> = {}) =>
    routeS3({ method, path, query: new Map(Object.entries(qs)), headers, host }, { baseHosts: BASE_HOSTS });
  assert.equal(r('GET', '/')?.op.name, 'ListBuckets');
  assert.deepEqual({ ...r('PUT', '/b') , op: r('PUT', '/b')?.op.name }, { op: 'CreateBucket', bucket: 'b' });
  assert.equal(r('PUT', '/b/')?.op.name, 'CreateBucket');
  assert.equal(r('HEAD', '/b')?.op.name, 'HeadBucket');
  assert.equal(r('DELETE', '/b')?.op.name, 'DeleteBucket');
  assert.equal(r('GET', '/b', { location: '' })?.op.name, 'GetBucketLocation');
  assert.equal(r('GET', '/b', { 'list-type': '2' })?.op.name, 'ListObjectsV2');
  assert.equal(r('GET', '/b', { 'list-type': '1' })?.op.name, 'ListObjects');
  assert.equal(r('GET', '/b', { policy: '' })?.op.name, 'GetBucketPolicy');
  assert.equal(r('PUT', '/b/k/../x', {})?.key, 'k/../x');
  assert.equal(r('PUT', '/b//k', {})?.key, '/k');
  assert.equal(r('PUT', '/b/k', {}, 'localhost', { 'X-Amz-Copy-Source': 'b/src' })?.op.name, 'CopyObject');
  assert.equal(r('PUT', '/b/k', { partNumber: '1', uploadId: 'u' })?.op.name, 'UploadPart');
  assert.equal(r('POST', '/b/k', { uploadId: 'u' })?.op.name, 'CompleteMultipartUpload');
  assert.equal(r('DELETE', '/b/k', { uploadId: 'u' })?.op.name, 'AbortMultipartUpload');
  assert.equal(r('GET', '/k', {}, 'b.localhost:4566')?.bucket, 'b');
  assert.equal(r('GET', '/', {}, 'my.dotted.bucket.s3.us-west-2.amazonaws.com')?.bucket, 'my.dotted.bucket');
  assert.equal(r('GET', '/b', {}, '10.0.0.7:4566')?.bucket, 'b');
  assert.equal(r('POST', '/'), undefined);
  assert.throws(() => r('GET', '/b/%E0%A4%A'), /parse the specified URI/);
});

test('bucketFromHost', () => {
  assert.equal(bucketFromHost('s3.amazonaws.com', BASE_HOSTS), undefined);
  assert.equal(bucketFromHost('b.s3.amazonaws.com', BASE_HOSTS), 'b');
  assert.equal(bucketFromHost('b.s3-us-west-2.amazonaws.com', BASE_HOSTS), 'b');
  assert.equal(bucketFromHost('b.s3.dualstack.eu-west-1.amazonaws.com', BASE_HOSTS), 'b');
  assert.equal(bucketFromHost('B.LOCALHOST:4566', BASE_HOSTS), 'b');
  assert.equal(bucketFromHost('localhost:4566', BASE_HOSTS), undefined);
});
