/**
 * S3's documented limits, each through the JS SDK (or signed raw HTTP where the
 * SDK would not send the request): the code, status and message AWS answers,
 * and that nothing was stored. Pages: "Naming Amazon S3 objects" (keys),
 * "Categorizing your storage using tags" (object tags), "Using cost allocation
 * S3 bucket tags" (bucket tags), "Amazon S3 multipart upload limits",
 * "Working with object metadata", "General purpose bucket naming rules",
 * "General purpose bucket quotas, limitations, and restrictions",
 * "Amazon S3 error responses", and the API reference of each operation.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, DeleteBucketPolicyCommand, GetBucketPolicyCommand, PutBucketPolicyCommand, CreateMultipartUploadCommand, DeleteObjectsCommand, GetBucketTaggingCommand,
  GetObjectTaggingCommand, HeadObjectCommand, ListBucketsCommand, ListMultipartUploadsCommand, ListPartsCommand, ListObjectsV2Command, PutBucketTaggingCommand,
  PutObjectCommand, PutObjectTaggingCommand, UploadPartCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { TestGatehouse } from './support/gatehouse.js';
import { rejects } from './support/errors.js';
import { openSocket, readUntilClosed, signedHeaders } from './support/raw-http.js';
import { ConsoleClient } from './support/console.js';
import { objectsOf } from '../src/store/objects.js';

const LONGEST_KEY = 'é'.repeat(512); // 1,024 bytes of UTF-8 in 512 characters
const TOO_LONG_KEY = `${LONGEST_KEY}a`; // 1,025 bytes
const KEY_TOO_LONG = 'Your key is too long';
const tags = (n: number, prefix = 'k') => Array.from({ length: n }, (_, i) => ({ Key: `${prefix}${i}`, Value: 'v' }));

describe('S3 limits, answered as AWS answers them', () => {
  let gh: TestGatehouse;
  let s3: S3Client;
  const bucket = 'limits-bucket';
  before(async () => {
    gh = await TestGatehouse.start();
    s3 = gh.s3(gh.root('prod'));
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'source', Body: 'source bytes' }));
  });
  after(() => gh.dispose());

  const keys = async () => ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key).sort();
  const uploads = async () => ((await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).map((u) => u.Key);
  const absent = async (key: string) => rejects(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })), 'NotFound', 404);

  describe('object keys: at most 1,024 bytes of UTF-8 ("Naming Amazon S3 objects"; KeyTooLongError in "Amazon S3 error responses")', () => {
    test('PutObject: 1,024 bytes are stored, 1,025 refused with the size and the limit', async () => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: LONGEST_KEY, Body: 'x' }));
      assert.ok((await keys()).includes(LONGEST_KEY));
      const err = await rejects(s3.send(new PutObjectCommand({ Bucket: bucket, Key: TOO_LONG_KEY, Body: 'x' })), 'KeyTooLongError', 400, KEY_TOO_LONG);
      const extra = err as unknown as { Size?: string; MaxSizeAllowed?: string };
      assert.deepEqual([extra.Size, extra.MaxSizeAllowed], ['1025', '1024']);
      await absent(TOO_LONG_KEY);
    });

    test('CopyObject: a destination or an x-amz-copy-source key over the limit', async () => {
      await rejects(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: TOO_LONG_KEY, CopySource: `${bucket}/source` })), 'KeyTooLongError', 400, KEY_TOO_LONG);
      await absent(TOO_LONG_KEY);
      await rejects(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy', CopySource: `${bucket}/${encodeURIComponent(TOO_LONG_KEY)}` })), 'KeyTooLongError', 400, KEY_TOO_LONG);
      await absent('copy');
    });

    test('CreateMultipartUpload: no upload is begun', async () => {
      await rejects(s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: TOO_LONG_KEY })), 'KeyTooLongError', 400, KEY_TOO_LONG);
      assert.deepEqual(await uploads(), []);
    });

    test('a presigned PUT: refused before its body is stored', async () => {
      const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: TOO_LONG_KEY }), { expiresIn: 300 });
      const r = await fetch(url, { method: 'PUT', body: 'presigned' });
      const body = await r.text();
      assert.equal(r.status, 400);
      assert.match(body, /<Code>KeyTooLongError<\/Code><Message>Your key is too long<\/Message>/);
      await absent(TOO_LONG_KEY);
    });

    test('DeleteObjects: the long key is an <Error> of its own; the other keys are deleted', async () => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'doomed', Body: 'x' }));
      const out = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: TOO_LONG_KEY }, { Key: 'doomed' }] } }));
      assert.deepEqual(out.Errors, [{ Key: TOO_LONG_KEY, Code: 'KeyTooLongError', Message: KEY_TOO_LONG }]);
      assert.deepEqual(out.Deleted?.map((d) => d.Key), ['doomed']);
      await absent('doomed');
    });

    test("the console's upload: refused before the body is read", async () => {
      const c = new ConsoleClient(gh.server.url);
      const signin = await c.post('signin', { signInType: 'root', accessKeyId: gh.root('prod').accessKeyId, secretAccessKey: gh.root('prod').secretAccessKey });
      assert.equal(signin.status, 200);
      const up = await c.request('PUT', `s3/object?bucket=${bucket}&key=${encodeURIComponent(TOO_LONG_KEY)}`, 'from the console', { 'content-type': 'text/plain' });
      assert.deepEqual([up.status, up.json.code], [400, 'KeyTooLongError']);
      assert.match(up.json.message, /^Your key is too long/);
      await absent(TOO_LONG_KEY);
      const fine = await c.request('PUT', `s3/object?bucket=${bucket}&key=console-ok`, 'from the console', { 'content-type': 'text/plain' });
      assert.equal(fine.status, 200);
    });
  });

  describe('tags: aws: is for system tags; 10 on an object, 50 on a bucket', () => {
    test('PutBucketTagging: an aws: key is InvalidTag; 51 tags are refused with the bucket message, 50 stored', async () => {
      await rejects(s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: 'aws:owner', Value: 'me' }] } })),
        'InvalidTag', 400, 'System tags cannot be added/updated by requester');
      await rejects(s3.send(new GetBucketTaggingCommand({ Bucket: bucket })), 'NoSuchTagSet', 404);
      await rejects(s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: tags(51) } })),
        'BadRequest', 400, 'Bucket tag count cannot be greater than 50');
      await rejects(s3.send(new GetBucketTaggingCommand({ Bucket: bucket })), 'NoSuchTagSet', 404);
      // A key with aws: inside it, not before it, is the caller's own.
      await s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [...tags(49), { Key: 'team:aws:cost', Value: 'v' }] } }));
      assert.equal((await s3.send(new GetBucketTaggingCommand({ Bucket: bucket }))).TagSet?.length, 50);
    });

    test('PutObjectTagging and the x-amz-tagging header: an aws: key is InvalidTag; 11 tags are refused with the object message', async () => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'tagged', Body: 'x', Tagging: 'team=a' }));
      await rejects(s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: 'tagged', Tagging: { TagSet: [{ Key: 'aws:team', Value: 'b' }] } })),
        'InvalidTag', 400, 'Your TagKey cannot be prefixed with aws:');
      await rejects(s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: 'tagged', Tagging: { TagSet: tags(11) } })),
        'BadRequest', 400, 'Object tags cannot be greater than 10');
      assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'tagged' }))).TagSet, [{ Key: 'team', Value: 'a' }]);
      await rejects(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'header-tagged', Body: 'x', Tagging: 'aws:team=b' })),
        'InvalidTag', 400, 'Your TagKey cannot be prefixed with aws:');
      await absent('header-tagged');
    });

    test('keys up to 128 characters and values up to 256 (Unicode characters, not bytes), of S3Tag\'s characters ("S3Tag" in the API reference)', async () => {
      const put = (Key: string, Value: string) => s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: 'tagged', Tagging: { TagSet: [{ Key, Value }] } }));
      await put('𠀀'.repeat(128), '𝒜'.repeat(256)); // 128 and 256 letters beyond the BMP, each two UTF-16 units
      await rejects(put('k'.repeat(129), 'v'), 'InvalidTag', 400, 'The TagKey you have provided is invalid');
      await rejects(put('k', 'v'.repeat(257)), 'InvalidTag', 400, 'The TagValue you have provided is invalid');
      await rejects(put('semi;colon', 'v'), 'InvalidTag', 400, 'The TagKey you have provided is invalid');
      await rejects(put('k', 'a*b'), 'InvalidTag', 400, 'The TagValue you have provided is invalid');
      assert.deepEqual((await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'tagged' }))).TagSet, [{ Key: '𠀀'.repeat(128), Value: '𝒜'.repeat(256) }]);
    });

    test('CreateMultipartUpload and CopyObject (TaggingDirective REPLACE) refuse aws: tags too', async () => {
      await rejects(s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'mpu-tagged', Tagging: 'aws:team=b' })),
        'InvalidTag', 400, 'Your TagKey cannot be prefixed with aws:');
      assert.deepEqual(await uploads(), []);
      await rejects(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy-tagged', CopySource: `${bucket}/source`, TaggingDirective: 'REPLACE', Tagging: 'aws:team=b' })),
        'InvalidTag', 400, 'Your TagKey cannot be prefixed with aws:');
      await absent('copy-tagged');
    });
  });

  describe('metadata: user-defined metadata up to 2 KB ("Working with object metadata")', () => {
    const big = { m: 'x'.repeat(2048) }; // 2,049 bytes with its name
    test('PutObject and CreateMultipartUpload refuse 2,049 bytes with MetadataTooLarge', async () => {
      const message = 'Your metadata headers exceed the maximum allowed metadata size';
      await rejects(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'meta', Body: 'x', Metadata: big })), 'MetadataTooLarge', 400, message);
      await absent('meta');
      await rejects(s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'meta', Metadata: big })), 'MetadataTooLarge', 400, message);
      assert.deepEqual(await uploads(), []);
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'meta', Body: 'x', Metadata: { m: 'x'.repeat(2047) } }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'meta', Body: 'x', Metadata: {} }));
    });
  });

  describe('sizes and counts ("Amazon S3 multipart upload limits"; PutObject; DeleteObjects; ListObjectsV2)', () => {
    /** A signed PUT that declares 5 GiB + 1 byte and sends a few: the SDK would try to send them all. */
    async function declareTooLarge(path: string, query: Record<string, string> = {}): Promise<string> {
      const size = 5 * 1024 ** 3 + 1;
      const headers = await signedHeaders(gh.server.url, gh.root('prod'), 's3', 'PUT', path,
        { 'content-length': String(size), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, '', query);
      const socket = await openSocket(gh.server.url);
      const qs = new URLSearchParams(query).toString();
      socket.write(`PUT ${path}${qs ? `?${qs}` : ''} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
      socket.write('only a few bytes of the promised 5 GiB');
      const reply = await readUntilClosed(socket, 5000);
      socket.destroy();
      return reply.text;
    }
    const entityTooLarge = (reply: string) => {
      assert.match(reply, /^HTTP\/1\.1 400 /);
      assert.match(reply, /<Code>EntityTooLarge<\/Code><Message>Your proposed upload exceeds the maximum allowed size<\/Message>/);
      assert.match(reply, /<MaxSizeAllowed>5368709120<\/MaxSizeAllowed>/);
    };

    test('PutObject and UploadPart declaring 5 GiB + 1 byte are EntityTooLarge, answered from Content-Length before any body', async () => {
      entityTooLarge(await declareTooLarge(`/${bucket}/huge`));
      await absent('huge');
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'huge-parts' }));
      entityTooLarge(await declareTooLarge(`/${bucket}/huge-parts`, { partNumber: '1', uploadId: UploadId! }));
      assert.deepEqual((await s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'huge-parts', UploadId }))).Parts ?? [], []);
    });

    test('CopyObject: a source over 5 GiB is InvalidRequest (CopyObject: "up to 5 GB in a single atomic action") and nothing is copied', async () => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'big-source', Body: 'stands for 5 GiB + 1' }));
      // The row claims 5 GiB + 1 byte: the refusal is judged on the size, before any byte is copied.
      const objects = objectsOf(gh.server.runtime.store.db);
      objects.put({ ...objects.get(bucket, 'big-source')!, size: 5 * 1024 ** 3 + 1 });
      await rejects(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'big-copy', CopySource: `${bucket}/big-source` })), 'InvalidRequest', 400,
        'The specified copy source is larger than the maximum allowable size for a copy source: 5368709120');
      await absent('big-copy');
      await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'small-copy', CopySource: `${bucket}/source` }));
    });

    test('UploadPart: part number 10,001 is InvalidArgument; 10,000 parts at most', async () => {
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'parts' }));
      await rejects(s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'parts', UploadId, PartNumber: 10001, Body: 'x' })),
        'InvalidArgument', 400, 'Part number must be an integer between 1 and 10000, inclusive');
      await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'parts', UploadId, PartNumber: 10000, Body: 'x' }));
    });

    test('CompleteMultipartUpload: a part but the last under 5 MiB is EntityTooSmall; no object, the upload stays', async () => {
      const Key = 'small-parts';
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key }));
      const etags = [];
      for (const PartNumber of [1, 2]) etags.push((await s3.send(new UploadPartCommand({ Bucket: bucket, Key, UploadId, PartNumber, Body: 'x' }))).ETag);
      await rejects(s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key, UploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) } })),
        'EntityTooSmall', 400, 'Your proposed upload is smaller than the minimum allowed object size.');
      await absent(Key);
      assert.equal((await s3.send(new ListPartsCommand({ Bucket: bucket, Key, UploadId }))).Parts?.length, 2);
    });

    test('ListParts and ListMultipartUploads: a negative page size is InvalidArgument; above 1,000 answers at most 1,000', async () => {
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'listed-parts' }));
      await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'listed-parts', UploadId, PartNumber: 1, Body: 'x' }));
      await rejects(s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'listed-parts', UploadId, MaxParts: -1 })), 'InvalidArgument', 400,
        'Argument max-parts must be an integer between 0 and 2147483647');
      await rejects(s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, MaxUploads: -1 })), 'InvalidArgument', 400,
        'Argument max-uploads must be an integer between 0 and 2147483647');
      const parts = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'listed-parts', UploadId, MaxParts: 5000 }));
      assert.deepEqual([parts.MaxParts, parts.Parts?.map((p) => p.PartNumber)], [1000, [1]]);
      assert.ok((await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, MaxUploads: 5000 }))).Uploads?.some((u) => u.UploadId === UploadId));
    });

    test('DeleteObjects: 1,001 keys are MalformedXML and nothing is deleted', async () => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'survivor', Body: 'x' }));
      const objects = [{ Key: 'survivor' }, ...Array.from({ length: 1000 }, (_, i) => ({ Key: `k${i}` }))];
      await rejects(s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } })), 'MalformedXML', 400,
        'The XML you provided was not well-formed or did not validate against our published schema');
      assert.ok((await keys()).includes('survivor'));
    });

    test('ListObjectsV2: max-keys above 1,000 answers at most 1,000; a negative max-keys is InvalidArgument', async () => {
      const many = 'many-keys';
      await s3.send(new CreateBucketCommand({ Bucket: many }));
      for (let i = 0; i < 1001; i++) await s3.send(new PutObjectCommand({ Bucket: many, Key: `k${String(i).padStart(4, '0')}`, Body: '' }));
      const page = await s3.send(new ListObjectsV2Command({ Bucket: many, MaxKeys: 5000 }));
      assert.equal(page.Contents?.length, 1000);
      assert.equal(page.IsTruncated, true);
      await rejects(s3.send(new ListObjectsV2Command({ Bucket: many, MaxKeys: -1 })), 'InvalidArgument', 400, 'Provided max-keys not an integer or within integer range');
    });
  });

  describe('bucket policies: 20 KB ("Bucket policies and user policies")', () => {
    test('a policy of 20,481 bytes is refused and the bucket keeps none; 20,480 bytes are stored', async () => {
      const policyOf = (size: number) => {
        const statement = (sid: string) => ({ Sid: sid, Effect: 'Deny', Principal: '*', Action: 's3:DeleteBucket', Resource: `arn:aws:s3:::${bucket}` });
        const base = JSON.stringify({ Version: '2012-10-17', Statement: [statement('')] });
        return JSON.stringify({ Version: '2012-10-17', Statement: [statement('S'.repeat(size - base.length))] });
      };
      assert.equal(Buffer.byteLength(policyOf(20481)), 20481);
      await rejects(s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policyOf(20481) })), 'PolicyTooLarge', 400, 'The bucket policy exceeds the maximum allowed document size');
      await rejects(s3.send(new GetBucketPolicyCommand({ Bucket: bucket })), 'NoSuchBucketPolicy', 404);
      await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policyOf(20480) }));
      assert.equal((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy?.length, 20480);
      await s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    });
  });

  describe('buckets per account: 10,000 by default ("General purpose bucket quotas, limitations, and restrictions")', () => {
    test('the 10,001st bucket is TooManyBuckets and is not made; another account still creates its own', async () => {
      const utils = gh.account('utils').id;
      // 9,999 buckets written straight to the store: ten thousand CreateBucket calls would only slow the suite.
      const store = gh.server.runtime.store;
      store.transaction(() => {
        for (let n = 0; n < 9999; n++) store.buckets.insert({ name: `seeded-${n}`, account_id: utils, region: 'us-east-1', created_at: new Date(0).toISOString() });
      });
      const own = gh.s3(gh.root('utils'));
      await own.send(new CreateBucketCommand({ Bucket: 'the-ten-thousandth' }));
      await rejects(own.send(new CreateBucketCommand({ Bucket: 'one-too-many' })), 'TooManyBuckets', 400, 'You have attempted to create more buckets than allowed');
      const listed = await own.send(new ListBucketsCommand({ Prefix: 'one-too-many' }));
      assert.deepEqual(listed.Buckets ?? [], []);
      await s3.send(new CreateBucketCommand({ Bucket: 'one-too-many' }));
    });
  });

  describe('bucket names ("General purpose bucket naming rules")', () => {
    for (const name of ['ab', 'a'.repeat(64), 'Upper-case', 'two..dots', '192.168.5.4', 'xn--punycode', 'ends-s3alias', '-leading-hyphen']) {
      test(`${JSON.stringify(name)} is InvalidBucketName and no bucket is made`, async () => {
        await rejects(s3.send(new CreateBucketCommand({ Bucket: name })), 'InvalidBucketName', 400, 'The specified bucket is not valid.');
        assert.ok(!((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).some((b) => b.Name === name));
      });
    }
  });
});
