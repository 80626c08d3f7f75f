/**
 * S3 object operations over the object rows and files. Each checks its own
 * S3 action (Amazon S3 "Actions, resources, and condition keys") on the
 * object or bucket ARN with the bucket policy (access.ts).
 */
import { randomBytes } from 'node:crypto';
import { AwsError, accessDenied } from '../../core/aws-error.js';
import { bucketArn } from '../../core/arn.js';
import type { OperationTable, RequestContext, Input } from '../operation.js';
import { objectsOf, type ObjectChecksum, type ObjectRow, type Segment } from '../../store/objects.js';
import { authorizeS3, objectArn, noSuchBucket } from './access.js';
import { filesOf, unlinkOnRollback } from './files.js';
import { MAX_SINGLE_PUT, type ChecksumAlgorithm, type Staged } from './body.js';
import { canonicalUserId } from './owner.js';
import { existingTags, parseTagging, tagKeys, type Ctx } from './object-tags.js';
import { checkKeyLength, keyOverLimit, keyTooLong } from './key-names.js';
import { deleteLatest, deleteVersion, findVersion, reportedVersion, storeObject, type DeleteResult } from './versions.js';

export const STATUS = Symbol('http status');

const CHECKSUM_MEMBER: Record<ChecksumAlgorithm, string> = { crc32: 'ChecksumCRC32', crc32c: 'ChecksumCRC32C', crc64nvme: 'ChecksumCRC64NVME', sha1: 'ChecksumSHA1', sha256: 'ChecksumSHA256' };

export const noSuchKey = (key: string) => new AwsError('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });

/** ACLs are disabled (Object Ownership "bucket owner enforced", the default since April 2023): only bucket-owner-full-control passes. */
export function refuseAcls(i: Input): void {
  const grants = ['GrantFullControl', 'GrantRead', 'GrantReadACP', 'GrantWrite', 'GrantWriteACP'].some((g) => i[g] !== undefined);
  if ((i.ACL !== undefined && i.ACL !== 'bucket-owner-full-control') || grants)
    throw new AwsError('AccessControlListNotSupported', 'The bucket does not allow ACLs', 400);
}


/** Headers S3 keeps with an object; aws-chunked is transfer framing, not the object's encoding. */
export function objectHeaders(i: Input): Record<string, string> {
  const h: Record<string, string> = {};
  h.ContentType = i.ContentType ?? 'binary/octet-stream';
  for (const k of ['CacheControl', 'ContentDisposition', 'ContentLanguage', 'WebsiteRedirectLocation']) if (i[k] !== undefined) h[k] = String(i[k]);
  const enc = String(i.ContentEncoding ?? '').split(',').map((s) => s.trim()).filter((s) => s && s !== 'aws-chunked').join(',');
  if (enc) h.ContentEncoding = enc;
  if (i.Expires instanceof Date) h.Expires = i.Expires.toISOString();
  if (i.StorageClass && i.StorageClass !== 'STANDARD') h.StorageClass = i.StorageClass;
  return h;
}

function headerOutput(row: ObjectRow): Record<string, unknown> {
  const h = JSON.parse(row.headers) as Record<string, string>;
  const out: Record<string, unknown> = { ...h };
  if (h.Expires) out.Expires = new Date(h.Expires);
  if (h.StorageClass === undefined) delete out.StorageClass;
  return out;
}

function checksumOutput(row: ObjectRow): Record<string, unknown> {
  if (!row.checksum) return {};
  const c = JSON.parse(row.checksum) as { algorithm: ChecksumAlgorithm; value: string; type: string };
  return { [CHECKSUM_MEMBER[c.algorithm]]: c.value, ChecksumType: c.type };
}

export const quoted = (etag: string) => `"${etag}"`;
const unquote = (s: string) => s.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
const etagMatches = (header: string, etag: string) => header.split(',').some((t) => t.trim() === '*' || unquote(t) === etag);

/** A missing key is NoSuchKey only to a caller who may list the bucket; others get AccessDenied ("GetObject": permissions). */
export function missingKey(ctx: RequestContext, bucket: string, key: string): AwsError {
  try {
    authorizeS3(ctx, bucket, 's3:ListBucket', bucketArn(bucket));
  } catch (e) {
    if (e instanceof AwsError && e.code === 'AccessDenied') return e;
    throw e;
  }
  return noSuchKey(key);
}

/** A request naming a version is checked as the action's Version form (S3's "Actions, resources, and condition keys"). */
const VERSION_ACTION: Record<string, string> = {
  's3:GetObject': 's3:GetObjectVersion', 's3:GetObjectTagging': 's3:GetObjectVersionTagging', 's3:PutObjectTagging': 's3:PutObjectVersionTagging',
  's3:DeleteObjectTagging': 's3:DeleteObjectVersionTagging', 's3:GetObjectAcl': 's3:GetObjectVersionAcl', 's3:PutObjectAcl': 's3:PutObjectVersionAcl',
  's3:DeleteObject': 's3:DeleteObjectVersion',
};
export const versionedAction = (action: string, versionId: unknown) => (versionId !== undefined ? VERSION_ACTION[action] ?? action : action);
export const versionKeys = (versionId: unknown): Ctx => (versionId !== undefined ? { 's3:versionid': String(versionId) } : {});

const httpDate = (iso: string) => new Date(iso).toUTCString();
export const noSuchVersion = (key: string, versionId: string) =>
  new AwsError('NoSuchVersion', 'The specified version does not exist.', 404, { Key: key, VersionId: versionId });

/**
 * Loads an object (the latest, or the version named) for a read, authorized
 * with its tags as s3:ExistingObjectTag/*. A delete marker as the latest
 * version is 404 with x-amz-delete-marker; named by its version id it is
 * 405 with Last-Modified (GetObject: "DeleteMarker").
 */
export function readable(ctx: RequestContext, i: Input, action: string, requestKeys: Ctx = {}): ObjectRow {
  const act = versionedAction(action, i.VersionId);
  if (!ctx.store.buckets.get(i.Bucket)) { authorizeS3(ctx, i.Bucket, act, objectArn(i.Bucket, i.Key)); throw noSuchBucket(i.Bucket); }
  const found = findVersion(ctx, i.Bucket, i.Key, i.VersionId);
  authorizeS3(ctx, i.Bucket, act, objectArn(i.Bucket, i.Key), { ...existingTags(found.row), ...versionKeys(i.VersionId), ...requestKeys });
  if (found.marker) {
    const m = found.marker;
    if (i.VersionId === undefined) {
      const e = missingKey(ctx, i.Bucket, i.Key);
      if (e.code === 'NoSuchKey') Object.assign(e.headers, { 'x-amz-delete-marker': 'true', 'x-amz-version-id': m.version_id });
      throw e;
    }
    const e = new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, { Method: 'GET', ResourceType: 'DeleteMarker' });
    Object.assign(e.headers, { 'x-amz-delete-marker': 'true', 'x-amz-version-id': m.version_id, 'last-modified': httpDate(m.last_modified) });
    throw e;
  }
  if (!found.row) throw i.VersionId !== undefined ? noSuchVersion(i.Key, i.VersionId) : missingKey(ctx, i.Bucket, i.Key);
  return found.row;
}

/** RFC 7232 order as S3 applies it (GetObject: "Conditional requests"). */
function checkConditions(i: Input, row: ObjectRow): void {
  const modified = new Date(row.last_modified);
  const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
  const fail = () => new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: i.IfMatch !== undefined ? 'If-Match' : 'If-Unmodified-Since' });
  if (i.IfMatch !== undefined) { if (!etagMatches(i.IfMatch, row.etag)) throw fail(); }
  else if (i.IfUnmodifiedSince instanceof Date && seconds(modified) > seconds(i.IfUnmodifiedSince)) throw fail();
  if (i.IfNoneMatch !== undefined) { if (etagMatches(i.IfNoneMatch, row.etag)) throw notModified(); }
  else if (i.IfModifiedSince instanceof Date && seconds(modified) <= seconds(i.IfModifiedSince)) throw notModified();
}
const notModified = () => new AwsError('NotModified', 'Not Modified', 304);

/** One byte range (S3 serves a single range; "bytes=a-b", "bytes=a-", "bytes=-n"); undefined: the whole object. */
function parseRange(header: string | undefined, size: number): [number, number] | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined; // malformed or several ranges: S3 ignores the header
  let start: number, end: number;
  if (m[1] === '') { const n = Number(m[2]); if (n === 0) throw invalidRange(size); start = Math.max(0, size - n); end = size - 1; }
  else { start = Number(m[1]); end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1); if (m[2] !== '' && Number(m[2]) < start) return undefined; }
  if (start >= size) throw invalidRange(size);
  return [start, end];
}
const invalidRange = (size: number) => new AwsError('InvalidRange', 'The requested range is not satisfiable', 416, { RangeRequested: '', ActualObjectSize: String(size) });

/**
 * The bytes a read asks for: a Range, one part (partNumber: its bytes, with
 * x-amz-mp-parts-count and, for COMPOSITE checksums, the part's own), or the
 * whole object. A partial answer is 206 without the whole object's checksum.
 */
function selection(i: Input, row: ObjectRow): { start: number; end: number; partial?: Record<string | symbol, unknown> } {
  const noChecksum = Object.fromEntries([...Object.values(CHECKSUM_MEMBER), 'ChecksumType'].map((m) => [m, undefined]));
  if (i.PartNumber !== undefined) {
    // Unconfirmed wording; AWS refuses the two together.
    if (i.Range !== undefined) throw new AwsError('InvalidRequest', 'Cannot specify both Range header and partNumber query parameter', 400);
    const count = row.parts ?? 1;
    const n = i.PartNumber as number;
    if (!Number.isInteger(n) || n < 1 || n > count)
      throw new AwsError('InvalidPartNumber', 'The requested partnumber is not satisfiable', 416, { PartNumberRequested: String(n), ActualPartCount: String(count) });
    // An object not uploaded in parts is its own part 1, answered whole (unconfirmed: 200 without x-amz-mp-parts-count).
    if (!row.parts) return { start: 0, end: row.size - 1 };
    const segments = JSON.parse(row.segments) as Segment[];
    const start = segments.slice(0, n - 1).reduce((t, s) => t + s.n, 0);
    const end = start + segments[n - 1]!.n - 1;
    const c = row.checksum ? JSON.parse(row.checksum) as ObjectChecksum : undefined;
    const own = i.ChecksumMode === 'ENABLED' && c?.type === 'COMPOSITE' && c.parts ? { [CHECKSUM_MEMBER[c.algorithm as ChecksumAlgorithm]]: c.parts[n - 1], ChecksumType: 'COMPOSITE' } : {};
    return { start, end, partial: { ...noChecksum, ...own, ContentRange: `bytes ${start}-${end}/${row.size}`, ContentLength: end - start + 1, PartsCount: row.parts, [STATUS]: 206 } };
  }
  const range = parseRange(i.Range, row.size);
  if (!range) return { start: 0, end: row.size - 1 };
  const [start, end] = range;
  return { start, end, partial: { ...noChecksum, ContentRange: `bytes ${start}-${end}/${row.size}`, ContentLength: end - start + 1, [STATUS]: 206 } };
}

function describe(ctx: RequestContext, row: ObjectRow, i: Input): Record<string, unknown> {
  const tags = JSON.parse(row.tags) as unknown[];
  return {
    VersionId: reportedVersion(ctx, row),
    ...headerOutput(row),
    ETag: quoted(row.etag), LastModified: new Date(row.last_modified), ContentLength: row.size, AcceptRanges: 'bytes',
    Metadata: JSON.parse(row.metadata), ServerSideEncryption: 'AES256',
    TagCount: tags.length || undefined,
    ...(i.ChecksumMode === 'ENABLED' ? checksumOutput(row) : {}),
    ...(row.parts && i.PartNumber ? { PartsCount: row.parts } : {}),
  };
}

function overrides(i: Input): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const map: Record<string, string> = { ResponseCacheControl: 'CacheControl', ResponseContentDisposition: 'ContentDisposition', ResponseContentEncoding: 'ContentEncoding', ResponseContentLanguage: 'ContentLanguage', ResponseContentType: 'ContentType', ResponseExpires: 'Expires' };
  for (const [from, to] of Object.entries(map)) if (i[from] !== undefined) o[to] = i[from];
  return o;
}

/** S3's metadata limit: user-defined metadata up to 2 KB ("Working with object metadata"). */
export function metadataOf(i: Input): Record<string, string> {
  const m = (i.Metadata ?? {}) as Record<string, string>;
  const size = Object.entries(m).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(String(v)), 0);
  if (size > 2048) throw new AwsError('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size', 400, { Size: String(size), MaxSizeAllowed: '2048' });
  return m;
}

function putContext(i: Input, tags: Array<{ Key: string; Value: string }>): Ctx {
  return {
    's3:x-amz-server-side-encryption': i.ServerSideEncryption,
    's3:x-amz-acl': i.ACL,
    ...tagKeys('s3:RequestObjectTag', tags),
    's3:RequestObjectTagKeys': tags.length ? tags.map((t) => t.Key) : undefined,
  };
}

/** Checks before an upload's bytes are read, so a refused caller's body is never stored. */
export function precheckPut(i: Input, ctx: RequestContext): void {
  checkKeyLength(i.Key);
  refuseAcls(i);
  authorizeS3(ctx, i.Bucket, 's3:PutObject', objectArn(i.Bucket, i.Key), putContext(i, parseTagging(i.Tagging)));
}

/** Moves a staged body into the data dir (before the row commits). */
export function adoptStaged(ctx: RequestContext, staged: Staged): string {
  const files = filesOf(ctx.store.db);
  const name = files.adopt(staged.tmp);
  unlinkOnRollback(ctx.requestId, files, [name]);
  return name;
}

/** x-amz-copy-source: "bucket/key" or "bucket/key?versionId=…", the key URL-encoded. */
export function parseCopySource(source: string): { bucket: string; key: string; versionId?: string } {
  const q = source.indexOf('?');
  const query = q >= 0 ? new URLSearchParams(source.slice(q + 1)) : undefined;
  let s = q >= 0 ? source.slice(0, q) : source;
  try { s = decodeURIComponent(s); } catch { /* as sent */ }
  s = s.replace(/^\//, '');
  const slash = s.indexOf('/');
  if (slash <= 0 || slash === s.length - 1) throw new AwsError('InvalidArgument', 'Invalid copy source object key', 400, { ArgumentName: 'x-amz-copy-source', ArgumentValue: source });
  const versionId = query?.get('versionId') ?? undefined;
  checkKeyLength(s.slice(slash + 1));
  return { bucket: s.slice(0, slash), key: s.slice(slash + 1), ...(versionId !== undefined ? { versionId } : {}) };
}

/**
 * Reads the copy source, authorized as s3:GetObject with the source bucket's
 * policy, under the x-amz-copy-source-if-* conditions (CopyObject: all four
 * answer 412 PreconditionFailed when they do not hold).
 */
export function copySource(ctx: RequestContext, source: string, i: Input = {}): ObjectRow {
  const { bucket, key, versionId } = parseCopySource(source);
  let row: ObjectRow;
  try {
    row = readable(ctx, { Bucket: bucket, Key: key, VersionId: versionId }, 's3:GetObject');
  } catch (e) {
    // CopyObject: a delete marker named by version id is no copy source.
    if (e instanceof AwsError && e.code === 'MethodNotAllowed') throw new AwsError('InvalidRequest', 'The source of a copy request may not specifically refer to a delete marker by version id.', 400);
    throw e;
  }
  const modified = Math.floor(new Date(row.last_modified).getTime() / 1000);
  const seconds = (d: unknown) => (d instanceof Date ? Math.floor(d.getTime() / 1000) : undefined);
  const fail = (condition: string) => new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: condition });
  if (i.CopySourceIfMatch !== undefined) { if (!etagMatches(i.CopySourceIfMatch, row.etag)) throw fail('x-amz-copy-source-If-Match'); }
  else if (seconds(i.CopySourceIfUnmodifiedSince) !== undefined && modified > seconds(i.CopySourceIfUnmodifiedSince)!) throw fail('x-amz-copy-source-If-Unmodified-Since');
  if (i.CopySourceIfNoneMatch !== undefined) { if (etagMatches(i.CopySourceIfNoneMatch, row.etag)) throw fail('x-amz-copy-source-If-None-Match'); }
  else if (seconds(i.CopySourceIfModifiedSince) !== undefined && modified <= seconds(i.CopySourceIfModifiedSince)!) throw fail('x-amz-copy-source-If-Modified-Since');
  return row;
}


export const objectOperations: OperationTable = {
  PutObject: {
    action: 's3:PutObject', authorizesItself: true,
    handle(i, ctx) {
      const staged = i.Body as Staged | undefined;
      if (!staged || typeof (staged as Staged).tmp !== 'string') throw new AwsError('InternalError', 'The object body was not received.', 500);
      precheckPut(i, ctx);
      const tags = parseTagging(i.Tagging);
      const objects = objectsOf(ctx.store.db);
      const existing = objects.get(i.Bucket, i.Key);
      // Conditional writes ("Conditional requests": If-None-Match: * refuses to overwrite).
      if (i.IfNoneMatch === '*' && existing) throw new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: 'If-None-Match' });
      if (i.IfMatch !== undefined && (!existing || !etagMatches(i.IfMatch, existing.etag)))
        throw existing ? new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: 'If-Match' }) : noSuchKey(i.Key);
      const name = adoptStaged(ctx, staged);
      const checksum = staged.checksum ? { ...staged.checksum, type: 'FULL_OBJECT' } : undefined;
      const versionId = storeObject(ctx, {
        bucket: i.Bucket, key: i.Key, size: staged.size, etag: staged.md5Hex, last_modified: ctx.clock.now().toISOString(),
        segments: JSON.stringify([{ f: name, n: staged.size }]), headers: JSON.stringify(objectHeaders(i)), metadata: JSON.stringify(metadataOf(i)),
        tags: JSON.stringify(tags), checksum: checksum ? JSON.stringify(checksum) : null, parts: null,
      });
      return {
        ETag: quoted(staged.md5Hex), ServerSideEncryption: 'AES256', VersionId: versionId,
        ...(checksum ? { [CHECKSUM_MEMBER[checksum.algorithm]]: checksum.value, ChecksumType: 'FULL_OBJECT' } : {}),
      };
    },
  },
  GetObject: {
    action: 's3:GetObject', authorizesItself: true,
    handle(i, ctx) {
      const row = readable(ctx, i, 's3:GetObject');
      checkConditions(i, row);
      const { start, end, partial } = selection(i, row);
      const out: Record<string | symbol, unknown> = { ...describe(ctx, row, i), ...overrides(i) };
      if (partial) Object.assign(out, partial);
      out.Body = row.size === 0 ? Buffer.alloc(0) : filesOf(ctx.store.db).read(JSON.parse(row.segments), start, end);
      return out as Record<string, unknown>;
    },
  },
  HeadObject: {
    action: 's3:GetObject', authorizesItself: true,
    handle(i, ctx) {
      const row = readable(ctx, i, 's3:GetObject');
      checkConditions(i, row);
      const { partial } = selection(i, row);
      return { ...describe(ctx, row, i), ...partial } as Record<string, unknown>;
    },
  },
  DeleteObject: {
    action: 's3:DeleteObject', authorizesItself: true,
    handle(i, ctx) {
      return deleteOne(ctx, i.Bucket, i.Key, i.VersionId) as Record<string, unknown>;
    },
  },
  DeleteObjects: {
    action: 's3:DeleteObject', authorizesItself: true,
    handle(i, ctx) {
      if (!ctx.store.buckets.get(i.Bucket)) throw noSuchBucket(i.Bucket);
      const list = (i.Delete?.Objects ?? []) as Array<{ Key: string; VersionId?: string }>;
      // Key is required in each Object (ObjectIdentifier); an Object without one is malformed, not a deletion of nothing.
      if (list.length > 1000 || list.some((o) => typeof o?.Key !== 'string')) throw new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
      const Deleted: unknown[] = [], Errors: unknown[] = [];
      for (const o of list) {
        try {
          // Each key is its own outcome: a key over S3's limit is one <Error>, the others still go.
          const tooLong = keyOverLimit(o.Key);
          if (tooLong !== undefined) throw keyTooLong(tooLong);
          const r = deleteOne(ctx, i.Bucket, o.Key, o.VersionId);
          // DeletedObject: DeleteMarkerVersionId is the marker created, or the marker version deleted.
          if (!i.Delete?.Quiet) Deleted.push({ Key: o.Key, VersionId: o.VersionId, DeleteMarker: r.DeleteMarker, DeleteMarkerVersionId: r.DeleteMarker ? r.VersionId : undefined });
        } catch (e) {
          if (!(e instanceof AwsError)) throw e;
          Errors.push({ Key: o.Key, VersionId: o.VersionId, Code: e.code, Message: e.message });
        }
      }
      return { Deleted: Deleted.length ? Deleted : undefined, Errors: Errors.length ? Errors : undefined };
    },
  },
  CopyObject: {
    action: 's3:PutObject', authorizesItself: true,
    handle(i, ctx) {
      refuseAcls(i);
      const src = copySource(ctx, i.CopySource, i);
      // CopyObject: "You can create a copy of your object up to 5 GB in size in a single atomic action"; larger is UploadPartCopy's.
      if (src.size > MAX_SINGLE_PUT)
        throw new AwsError('InvalidRequest', `The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_SINGLE_PUT}`, 400);
      const replaceMeta = i.MetadataDirective === 'REPLACE';
      const replaceTags = i.TaggingDirective === 'REPLACE';
      if (i.MetadataDirective !== undefined && !['COPY', 'REPLACE'].includes(i.MetadataDirective))
        throw new AwsError('InvalidArgument', 'Unknown metadata directive.', 400, { ArgumentName: 'x-amz-metadata-directive', ArgumentValue: i.MetadataDirective });
      const tags = replaceTags ? parseTagging(i.Tagging) : JSON.parse(src.tags);
      precheckPut({ ...i, Tagging: undefined, ...(replaceTags ? { Tagging: i.Tagging } : {}) }, ctx);
      if (src.bucket === i.Bucket && src.key === i.Key && !replaceMeta && !i.StorageClass && !i.WebsiteRedirectLocation && !i.ServerSideEncryption)
        throw new AwsError('InvalidRequest', "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.", 400);
      const files = filesOf(ctx.store.db);
      const segments = (JSON.parse(src.segments) as Segment[]).map((s) => ({ f: files.copy(s.f), n: s.n }));
      unlinkOnRollback(ctx.requestId, files, segments.map((s) => s.f));
      const now = ctx.clock.now().toISOString();
      const { version_id: _v, seq: _s, ...copied } = src;
      const versionId = storeObject(ctx, {
        ...copied, bucket: i.Bucket, key: i.Key, last_modified: now, segments: JSON.stringify(segments),
        headers: replaceMeta ? JSON.stringify(objectHeaders(i)) : src.headers,
        metadata: replaceMeta ? JSON.stringify(metadataOf(i)) : src.metadata,
        tags: JSON.stringify(tags),
      });
      return { CopyObjectResult: { ETag: quoted(src.etag), LastModified: new Date(now) }, ServerSideEncryption: 'AES256', VersionId: versionId, CopySourceVersionId: reportedVersion(ctx, src) };
    },
  },
  GetObjectAcl: {
    action: 's3:GetObjectAcl', authorizesItself: true,
    handle(i, ctx) {
      readable(ctx, i, 's3:GetObjectAcl');
      const owner = { ID: canonicalUserId(ctx.store.buckets.get(i.Bucket)!.account_id) };
      return { Owner: owner, Grants: [{ Grantee: { ...owner, Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' }] };
    },
  },
  PutObjectAcl: {
    action: 's3:PutObjectAcl', authorizesItself: true,
    handle(i, ctx) {
      readable(ctx, i, 's3:PutObjectAcl');
      if (i.AccessControlPolicy) throw new AwsError('AccessControlListNotSupported', 'The bucket does not allow ACLs', 400);
      refuseAcls(i);
      return {};
    },
  },
};

/** A simple DELETE (s3:DeleteObject) or one of a version (s3:DeleteObjectVersion), authorized with the object's tags. */
function deleteOne(ctx: RequestContext, bucket: string, key: string, versionId?: string): DeleteResult {
  const found = findVersion(ctx, bucket, key, versionId);
  authorizeS3(ctx, bucket, versionedAction('s3:DeleteObject', versionId), objectArn(bucket, key), { ...existingTags(found.row), ...versionKeys(versionId) });
  return versionId === undefined ? deleteLatest(ctx, bucket, key) : deleteVersion(ctx, bucket, key, versionId);
}

// Never a leading '-' (the AWS CLI would read `--upload-id -…` as an option).
export const newUploadId = () => randomBytes(24).toString('base64url').replace(/-/g, '.');
export { accessDenied };
