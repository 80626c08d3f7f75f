import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  S3Client, CreateBucketCommand, ListBucketsCommand, GetBucketLocationCommand, PutObjectCommand, GetObjectCommand,
  ListObjectsV2Command, DeleteObjectsCommand, PutBucketTaggingCommand, GetBucketAclCommand, PutBucketPolicyCommand,
  GetBucketPolicyCommand, HeadBucketCommand, NoSuchBucket, NoSuchKey, DeleteBucketCommand,
} from '@aws-sdk/client-s3';
import { AwsError } from '../../core/aws-error.js';
import { oracleHandler } from '../sdk-oracle.js';
import { routeS3, decodeRestXmlInput, encodeRestXmlResponse, encodeRestXmlError, type HttpIn } from './index.js';

type Handle = (op: string, input: Record<string, unknown>) => Record<string, unknown>;

/** A tiny S3 front end over the codecs, with the real S3 client on the other side. */
function server(handle: Handle, forcePathStyle = false) {
  const decoded: Array<{ op: string; input: Record<string, unknown> }> = [];
  const handler = oracleHandler((req) => {
    const http: HttpIn = { method: req.method, path: req.path, query: req.query, headers: req.headers, host: `${req.hostname}:${req.port}` };
    try {
      const route = routeS3(http, { baseHosts: ['localhost'] })!;
      const input = decodeRestXmlInput(route.op, http, route, req.body);
      decoded.push({ op: route.op.name, input });
      const out = encodeRestXmlResponse(route.op, handle(route.op.name, input));
      return { status: out.status, headers: { ...out.headers, 'x-amz-request-id': 'req-1' }, body: out.body };
    } catch (e) {
      const out = encodeRestXmlError(e as AwsError, 'req-1');
      return { status: out.status, headers: out.headers, body: req.method === 'HEAD' ? undefined : out.body };
    }
  });
  const client = new S3Client({
    region: 'us-east-1', credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1,
    endpoint: 'http://localhost:4566', forcePathStyle, requestHandler: handler,
  });
  return { client, decoded };
}

const when = new Date('2024-05-06T07:08:09.123Z');

test('CreateBucket: configuration payload and ACL header in, Location header out', async () => {
  const { client, decoded } = server(() => ({ Location: '/my-bucket' }), true);
  const out = await client.send(new CreateBucketCommand({ Bucket: 'my-bucket', ACL: 'private', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  assert.deepEqual(decoded[0], { op: 'CreateBucket', input: { Bucket: 'my-bucket', ACL: 'private', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } } });
  assert.equal(out.Location, '/my-bucket');
  assert.equal(out.$metadata.httpStatusCode, 200);
});

test('ListBuckets: Owner and Buckets with Date CreationDate', async () => {
  const { client } = server(() => ({
    Owner: { ID: 'abc', DisplayName: 'me' },
    Buckets: [{ Name: 'a', CreationDate: when, BucketRegion: 'us-east-1' }, { Name: 'b', CreationDate: when }],
  }));
  const out = await client.send(new ListBucketsCommand({}));
  assert.deepEqual(out.Owner, { ID: 'abc', DisplayName: 'me' });
  assert.deepEqual(out.Buckets, [{ Name: 'a', CreationDate: when, BucketRegion: 'us-east-1' }, { Name: 'b', CreationDate: when }]);
  const raw = encodeRestXmlResponse((await import('../models.js')).getOperation('s3', 'ListBuckets')!, { Buckets: [{ Name: 'a', CreationDate: when }] });
  assert.equal(raw.body, '<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Buckets><Bucket><Name>a</Name><CreationDate>2024-05-06T07:08:09.123Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>');
  assert.equal(raw.headers['content-type'], 'application/xml');
});

test('GetBucketLocation: the root element holds the value (quirk)', async () => {
  const { client } = server(() => ({ LocationConstraint: 'eu-west-1' }));
  assert.equal((await client.send(new GetBucketLocationCommand({ Bucket: 'b' }))).LocationConstraint, 'eu-west-1');
});

test('PutObject/GetObject: headers, metadata, raw body', async () => {
  const { client, decoded } = server((op) => op === 'PutObject'
    ? { ETag: '"abc"', VersionId: 'v1' }
    : { Body: Buffer.from('hello'), ContentLength: 5, ContentType: 'text/plain', LastModified: new Date('2024-05-06T07:08:09Z'), Metadata: { color: 'blue' }, ETag: '"abc"' });
  const put = await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'dir/a b.txt', Body: 'hello', ContentType: 'text/plain', Metadata: { color: 'blue' }, Tagging: 'k=v' }));
  assert.equal(put.ETag, '"abc"');
  assert.equal(put.VersionId, 'v1');
  const input = decoded[0]!.input;
  assert.equal(input.Key, 'dir/a b.txt');
  assert.equal(input.ContentType, 'text/plain');
  assert.deepEqual(input.Metadata, { color: 'blue' });
  assert.equal(input.Tagging, 'k=v');
  assert.equal(input.Body, undefined, 'streaming payloads are left to the caller');
  const got = await client.send(new GetObjectCommand({ Bucket: 'b', Key: 'dir/a b.txt' }));
  assert.equal(await got.Body!.transformToString(), 'hello');
  assert.equal(got.ContentLength, 5);
  assert.deepEqual(got.Metadata, { color: 'blue' });
  assert.equal(got.LastModified!.toISOString(), '2024-05-06T07:08:09.000Z');
});

test('ListObjectsV2: flattened Contents and CommonPrefixes, query members typed', async () => {
  const { client, decoded } = server(() => ({
    Name: 'b', Prefix: 'p/', KeyCount: 2, MaxKeys: 2, IsTruncated: true, NextContinuationToken: 't2', Delimiter: '/',
    Contents: [{ Key: 'p/a&b', LastModified: when, ETag: '"e"', Size: 3, StorageClass: 'STANDARD' }, { Key: 'p/ c ', Size: 0 }],
    CommonPrefixes: [{ Prefix: 'p/d/' }],
  }));
  const out = await client.send(new ListObjectsV2Command({ Bucket: 'b', Prefix: 'p/', MaxKeys: 2, ContinuationToken: 't1', Delimiter: '/', FetchOwner: true }));
  assert.deepEqual(decoded[0]!.input, { Bucket: 'b', Prefix: 'p/', MaxKeys: 2, ContinuationToken: 't1', Delimiter: '/', FetchOwner: true });
  assert.equal(out.IsTruncated, true);
  assert.equal(out.KeyCount, 2);
  assert.deepEqual(out.Contents!.map((c) => c.Key), ['p/a&b', 'p/ c ']);
  assert.deepEqual(out.Contents![0]!.LastModified, when);
  assert.deepEqual(out.CommonPrefixes, [{ Prefix: 'p/d/' }]);
});

test('DeleteObjects: XML payload in (flattened list), Deleted/Errors out', async () => {
  const { client, decoded } = server(() => ({ Deleted: [{ Key: 'a' }], Errors: [{ Key: 'b', Code: 'AccessDenied', Message: 'no' }] }));
  const out = await client.send(new DeleteObjectsCommand({ Bucket: 'b', Delete: { Objects: [{ Key: ' a\r\n' }, { Key: 'b', VersionId: 'v' }], Quiet: false } }));
  // Keys keep their surrounding whitespace.
  assert.deepEqual(decoded[0]!.input.Delete, { Objects: [{ Key: ' a\r\n' }, { Key: 'b', VersionId: 'v' }], Quiet: false });
  assert.deepEqual(out.Deleted, [{ Key: 'a' }]);
  assert.deepEqual(out.Errors, [{ Key: 'b', Code: 'AccessDenied', Message: 'no' }]);
});

test('PutBucketTagging in; GetBucketAcl with xsi:type attribute out', async () => {
  const grants = [{ Grantee: { Type: 'CanonicalUser', ID: 'abc', DisplayName: 'me' }, Permission: 'FULL_CONTROL' }];
  const { client, decoded } = server((op) => (op === 'GetBucketAcl' ? { Owner: { ID: 'abc' }, Grants: grants } : {}));
  await client.send(new PutBucketTaggingCommand({ Bucket: 'b', Tagging: { TagSet: [{ Key: 'k', Value: 'v' }, { Key: 'k2', Value: '' }] } }));
  assert.deepEqual(decoded[0]!.input.Tagging, { TagSet: [{ Key: 'k', Value: 'v' }, { Key: 'k2', Value: '' }] });
  const acl = await client.send(new GetBucketAclCommand({ Bucket: 'b' }));
  assert.deepEqual(acl.Grants, grants);
});

test('PutBucketPolicy/GetBucketPolicy: string payloads', async () => {
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [] });
  const { client, decoded } = server(() => ({ Policy: policy }));
  await client.send(new PutBucketPolicyCommand({ Bucket: 'b', Policy: policy }));
  assert.equal(decoded[0]!.input.Policy, policy);
  assert.equal((await client.send(new GetBucketPolicyCommand({ Bucket: 'b' }))).Policy, policy);
});

test('DeleteBucket answers 204 with no body', async () => {
  const { client } = server(() => ({}));
  const out = await client.send(new DeleteBucketCommand({ Bucket: 'b' }));
  assert.equal(out.$metadata.httpStatusCode, 204);
});

test('errors: the SDK throws the modeled exception; HEAD has no body', async () => {
  const { client } = server((op) => {
    if (op === 'GetObject') throw new AwsError('NoSuchKey', 'The specified key does not exist.', 404, { Key: 'k' });
    throw new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: 'b' });
  });
  await assert.rejects(client.send(new ListObjectsV2Command({ Bucket: 'b' })), (e: any) =>
    // Extra <Error> elements (BucketName, Key) surface as fields on the exception.
    e.BucketName === 'b' && e instanceof NoSuchBucket && e.name === 'NoSuchBucket' && e.$metadata.httpStatusCode === 404 &&
    e.message === 'The specified bucket does not exist' && e.$metadata.requestId === 'req-1');
  await assert.rejects(client.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' })), (e: any) => e.Key === 'k' && e instanceof NoSuchKey);
  await assert.rejects(client.send(new HeadBucketCommand({ Bucket: 'b' })), (e: any) => e.name === 'NotFound' && e.$metadata.httpStatusCode === 404);
  const raw = encodeRestXmlError(new AwsError('AccessDenied', 'Access Denied', 403), 'r1');
  assert.match(raw.body, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<Error><Code>AccessDenied<\/Code><Message>Access Denied<\/Message><RequestId>r1<\/RequestId><HostId>[^<]+<\/HostId><\/Error>$/);
  assert.equal(raw.status, 403);
});

test('<!DOCTYPE and malformed XML are refused with MalformedXML', () => {
  const route = routeS3({ method: 'PUT', path: '/b', query: new Map(), headers: {}, host: 'localhost' }, { baseHosts: ['localhost'] })!;
  const http: HttpIn = { method: 'PUT', path: '/b', query: new Map(), headers: {}, host: 'localhost' };
  const bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><CreateBucketConfiguration><LocationConstraint>&a;</LocationConstraint></CreateBucketConfiguration>';
  // Nesting deeper than the parser takes (it throws its own error) is MalformedXML too, not a 500.
  const deep = `<CreateBucketConfiguration>${'<LocationConstraint>'.repeat(5000)}${'</LocationConstraint>'.repeat(5000)}</CreateBucketConfiguration>`;
  for (const body of [bomb, '<CreateBucketConfiguration><LocationConstraint>x</CreateBucketConfiguration>', deep]) {
    assert.throws(() => decodeRestXmlInput(route.op, http, { bucket: 'b' }, Buffer.from(body)), (e: unknown) =>
      e instanceof AwsError && e.code === 'MalformedXML' && e.status === 400);
  }
});

test('bad typed query/header values are InvalidArgument', () => {
  const http: HttpIn = { method: 'GET', path: '/b', query: new Map([['list-type', '2'], ['max-keys', 'lots']]), headers: {}, host: 'localhost' };
  const route = routeS3(http, { baseHosts: ['localhost'] })!;
  assert.throws(() => decodeRestXmlInput(route.op, http, route, undefined), (e: unknown) => e instanceof AwsError && e.code === 'InvalidArgument');
});
