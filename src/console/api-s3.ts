/** S3 views: buckets and objects, listed, uploaded, downloaded and created as the current identity. */
import { ConsoleError, SECURITY_HEADERS, readBody } from './http.js';
import { query, type ApiContext } from './api-context.js';
import { call } from './self-client.js';
import { Readable } from 'node:stream';
import { keyOverLimit, MAX_KEY_BYTES } from '../services/s3/key-names.js';

/** Uploads through the console are buffered; larger objects belong to the CLI's multipart upload. */
const UPLOAD_LIMIT = 64 * 1024 * 1024;

export async function listBuckets(c: ApiContext) {
  const { s3, sdk } = await c.clients();
  const out = await call(() => s3.send(new sdk.s3.ListBucketsCommand({})));
  return { buckets: (out.Buckets ?? []).map((b) => ({ name: b.Name, creationDate: b.CreationDate?.toISOString() })) };
}

export async function createBucket(c: ApiContext) {
  const body = await c.body();
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (!name) throw new ConsoleError('ValidationError', 'Bucket name is required.', 400);
  const { s3, sdk } = await c.clients();
  await call(() => s3.send(new sdk.s3.CreateBucketCommand({ Bucket: name })));
  return { name };
}

export async function listObjects(c: ApiContext) {
  const bucket = query(c, 'bucket')!;
  const prefix = query(c, 'prefix', false) ?? '';
  const token = query(c, 'token', false);
  const { s3, sdk } = await c.clients();
  const out = await call(() => s3.send(new sdk.s3.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token, MaxKeys: 200 })));
  return {
    bucket, prefix,
    folders: (out.CommonPrefixes ?? []).map((p) => p.Prefix),
    objects: (out.Contents ?? []).map((o) => ({ key: o.Key, size: o.Size, lastModified: o.LastModified?.toISOString(), etag: o.ETag })),
    nextToken: out.NextContinuationToken,
  };
}

export async function uploadObject(c: ApiContext) {
  const bucket = query(c, 'bucket')!;
  const key = query(c, 'key')!;
  // Refused before the body is read, as S3 refuses it (KeyTooLongError).
  if (keyOverLimit(key) !== undefined) throw new ConsoleError('KeyTooLongError', `Your key is too long: an object key is at most ${MAX_KEY_BYTES} bytes of UTF-8.`, 400);
  const data = await readBody(c.req, UPLOAD_LIMIT);
  const type = String(c.req.headers['content-type'] ?? 'application/octet-stream');
  const { s3, sdk } = await c.clients();
  const out = await call(() => s3.send(new sdk.s3.PutObjectCommand({ Bucket: bucket, Key: key, Body: data, ContentType: type })));
  return { bucket, key, etag: out.ETag, size: data.length };
}

/** The object's bytes as a download: never rendered under the console's origin, whatever its type. */
export async function downloadObject(c: ApiContext): Promise<undefined> {
  const bucket = query(c, 'bucket')!;
  const key = query(c, 'key')!;
  const { s3, sdk } = await c.clients();
  const out = await call(() => s3.send(new sdk.s3.GetObjectCommand({ Bucket: bucket, Key: key })));
  const name = key.split('/').pop() || 'download';
  c.res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'application/octet-stream',
    'content-disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'content-security-policy': "sandbox; default-src 'none'",
    'cache-control': 'no-store',
    ...(out.ContentLength !== undefined ? { 'content-length': String(out.ContentLength) } : {}),
  });
  const body = out.Body as Readable;
  body.on('error', () => c.res.destroy());
  body.pipe(c.res);
  return undefined;
}
