/**
 * Multipart upload ("Uploading and copying objects using multipart upload";
 * CompleteMultipartUpload errors). A completed object keeps its part files
 * as its segments: completing costs no copy.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, writeSync, fsyncSync } from 'node:fs';
import { AwsError } from '../../core/aws-error.js';
import { bucketArn } from '../../core/arn.js';
import type { OperationTable, RequestContext, Input } from '../operation.js';
import { objectsOf, type ObjectChecksum, type PartRow, type Segment, type UploadRow } from '../../store/objects.js';
import { authorizeS3, objectArn } from './access.js';
import { filesOf, unlinkAfterCommit, unlinkOnRollback } from './files.js';
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm, type ReceiveOptions, type Staged } from './body.js';
import { adoptStaged, copySource, metadataOf, objectHeaders, refuseAcls, newUploadId } from './objects.js';
import { parseTagging } from './object-tags.js';
import { checkKeyLength } from './key-names.js';
import { crc32 } from 'node:zlib';
import { combinePartCrcs, crc32c, crc64nvme, type CrcAlgorithm } from './crc-combine.js';
import { reportedVersion, storeObject } from './versions.js';
import { canonicalUserId } from './owner.js';

const MIN_PART = 5 * 1024 * 1024;
const noSuchUpload = (id: string) => new AwsError('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', 404, { UploadId: id });
const quoted = (e: string) => `"${e}"`;
const MEMBER: Record<ChecksumAlgorithm, string> = { crc32: 'ChecksumCRC32', crc32c: 'ChecksumCRC32C', crc64nvme: 'ChecksumCRC64NVME', sha1: 'ChecksumSHA1', sha256: 'ChecksumSHA256' };

function uploadFor(ctx: RequestContext, i: Input, action: string): UploadRow {
  authorizeS3(ctx, i.Bucket, action, objectArn(i.Bucket, i.Key));
  const u = objectsOf(ctx.store.db).upload(i.UploadId);
  if (!u || u.bucket !== i.Bucket || u.key !== i.Key) throw noSuchUpload(i.UploadId);
  return u;
}

function checkPartNumber(n: unknown): number {
  if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > 10000)
    throw new AwsError('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', 400, { ArgumentName: 'partNumber', ArgumentValue: String(n) });
  return n as number;
}

/** A page size of ListParts / ListMultipartUploads: at most 1,000 answered; a negative one refused as AWS refuses it. */
function pageSize(value: unknown, argument: 'max-parts' | 'max-uploads'): number {
  if (value === undefined) return 1000;
  if (!Number.isInteger(value) || (value as number) < 0)
    throw new AwsError('InvalidArgument', `Argument ${argument} must be an integer between 0 and 2147483647`, 400, { ArgumentName: argument, ArgumentValue: String(value) });
  return Math.min(value as number, 1000);
}

/** Before a part's bytes are read: the caller may write, and the part's checksum is the upload's algorithm (COMPOSITE parts must bring it). */
export function precheckUploadPart(i: Input, ctx: RequestContext): ReceiveOptions {
  checkPartNumber(i.PartNumber);
  const u = uploadFor(ctx, i, 's3:PutObject');
  const algorithm = (u.checksum_algorithm ?? undefined) as ChecksumAlgorithm | undefined;
  return { algorithm, claimRequired: u.checksum_type === 'COMPOSITE' };
}

const invalidRequest = (m: string) => new AwsError('InvalidRequest', m, 400);

/**
 * The checksum type of a new upload ("Checking object integrity": CRC64NVME
 * is FULL_OBJECT only, SHA-1 and SHA-256 COMPOSITE only, CRC32 and CRC32C
 * either, COMPOSITE by default). The messages are Gatehouse's own (unconfirmed).
 */
function checksumTypeOf(alg: ChecksumAlgorithm | null, asked: string | undefined): 'FULL_OBJECT' | 'COMPOSITE' | null {
  if (!alg) {
    if (asked !== undefined) throw invalidRequest('The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
    return null;
  }
  if (asked !== undefined && asked !== 'FULL_OBJECT' && asked !== 'COMPOSITE') throw invalidRequest(`Value for x-amz-checksum-type header is invalid.`);
  const type = (asked ?? (alg === 'crc64nvme' ? 'FULL_OBJECT' : 'COMPOSITE')) as 'FULL_OBJECT' | 'COMPOSITE';
  if (type === 'COMPOSITE' && alg === 'crc64nvme') throw invalidRequest('The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.');
  if (type === 'FULL_OBJECT' && (alg === 'sha1' || alg === 'sha256')) throw invalidRequest(`The FULL_OBJECT checksum type cannot be used with the ${alg} checksum algorithm.`);
  return type;
}

function putPart(ctx: RequestContext, uploadId: string, n: number, file: string, size: number, etag: string, checksum?: { algorithm: string; value: string }): void {
  const objects = objectsOf(ctx.store.db);
  const old = objects.part(uploadId, n);
  objects.putPart({ upload_id: uploadId, part_number: n, size, etag, last_modified: ctx.clock.now().toISOString(), file, checksum: checksum ? JSON.stringify(checksum) : null });
  if (old) unlinkAfterCommit(ctx.requestId, filesOf(ctx.store.db), [old.file]);
}

export const multipartOperations: OperationTable = {
  CreateMultipartUpload: {
    action: 's3:PutObject', authorizesItself: true,
    handle(i, ctx) {
      checkKeyLength(i.Key);
      refuseAcls(i);
      const tags = parseTagging(i.Tagging);
      authorizeS3(ctx, i.Bucket, 's3:PutObject', objectArn(i.Bucket, i.Key), { 's3:x-amz-server-side-encryption': i.ServerSideEncryption });
      const id = newUploadId();
      const alg = ((i.ChecksumAlgorithm as string | undefined)?.toLowerCase() ?? null) as ChecksumAlgorithm | null;
      if (alg && !CHECKSUM_ALGORITHMS.includes(alg)) throw invalidRequest('Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]');
      const type = checksumTypeOf(alg, i.ChecksumType);
      objectsOf(ctx.store.db).insertUpload({
        upload_id: id, bucket: i.Bucket, key: i.Key, initiated: ctx.clock.now().toISOString(), headers: JSON.stringify(objectHeaders(i)),
        metadata: JSON.stringify(metadataOf(i)), tags: JSON.stringify(tags), checksum_algorithm: alg, initiator: ctx.principal.arn,
        owner_account: ctx.store.buckets.get(i.Bucket)!.account_id, checksum_type: type,
      });
      return { Bucket: i.Bucket, Key: i.Key, UploadId: id, ServerSideEncryption: 'AES256', ChecksumAlgorithm: i.ChecksumAlgorithm, ChecksumType: type ?? undefined };
    },
  },
  UploadPart: {
    action: 's3:PutObject', authorizesItself: true,
    handle(i, ctx) {
      const staged = i.Body as Staged;
      precheckUploadPart(i, ctx);
      const name = adoptStaged(ctx, staged);
      putPart(ctx, i.UploadId, i.PartNumber, name, staged.size, staged.md5Hex, staged.checksum);
      return { ETag: quoted(staged.md5Hex), ServerSideEncryption: 'AES256', ...(staged.checksum ? { [MEMBER[staged.checksum.algorithm]]: staged.checksum.value } : {}) };
    },
  },
  UploadPartCopy: {
    action: 's3:PutObject', authorizesItself: true,
    handle(i, ctx) {
      const n = checkPartNumber(i.PartNumber);
      uploadFor(ctx, i, 's3:PutObject');
      const src = copySource(ctx, i.CopySource, i);
      let [start, end] = [0, src.size - 1];
      if (i.CopySourceRange) {
        const m = /^bytes=(\d+)-(\d+)$/.exec(i.CopySourceRange);
        if (!m || Number(m[2]) < Number(m[1]) || Number(m[2]) >= src.size)
          throw new AwsError('InvalidArgument', 'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy', 400, { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: i.CopySourceRange });
        [start, end] = [Number(m[1]), Number(m[2])];
      }
      // A synchronous byte-range copy between files: UploadPartCopy parts are at most 5 GiB, copied in 1 MiB steps.
      const files = filesOf(ctx.store.db);
      const tmp = files.newTemp();
      const md5 = createHash('md5');
      const partDigest = syncDigester(uploadFor(ctx, i, 's3:PutObject').checksum_algorithm as ChecksumAlgorithm | null);
      const out = openSync(tmp, 'w');
      try {
        const buf = Buffer.alloc(1 << 20);
        let offset = 0;
        for (const s of JSON.parse(src.segments) as Segment[]) {
          const segStart = offset; offset += s.n;
          if (offset - 1 < start || segStart > end) continue;
          const fd = openSync(files.path(s.f), 'r');
          try {
            let pos = Math.max(start, segStart) - segStart;
            const last = Math.min(end, offset - 1) - segStart;
            while (pos <= last) {
              const got = readSync(fd, buf, 0, Math.min(buf.length, last - pos + 1), pos);
              if (got <= 0) break;
              md5.update(buf.subarray(0, got));
              partDigest?.update(buf.subarray(0, got));
              writeSync(out, buf, 0, got);
              pos += got;
            }
          } finally { closeSync(fd); }
        }
        fsyncSync(out);
      } finally { closeSync(out); }
      const etag = md5.digest('hex');
      const name = adoptStaged(ctx, { tmp, size: end - start + 1, md5Hex: etag });
      const checksum = partDigest ? { algorithm: partDigest.algorithm, value: partDigest.digest() } : undefined;
      putPart(ctx, i.UploadId, n, name, end - start + 1, etag, checksum);
      return {
        CopyPartResult: { ETag: quoted(etag), LastModified: ctx.clock.now(), ...(checksum ? { [MEMBER[checksum.algorithm]]: checksum.value } : {}) },
        ServerSideEncryption: 'AES256', CopySourceVersionId: reportedVersion(ctx, src),
      };
    },
  },
  CompleteMultipartUpload: {
    action: 's3:PutObject', authorizesItself: true,
    handle(i, ctx) {
      const u = uploadFor(ctx, i, 's3:PutObject');
      const asked = (i.MultipartUpload?.Parts ?? []) as Array<{ PartNumber: number; ETag?: string }>;
      if (asked.length === 0) throw new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
      const objects = objectsOf(ctx.store.db);
      const stored = new Map(objects.parts(u.upload_id).map((p) => [p.part_number, p]));
      // The order is checked over the whole list first, then each part.
      asked.forEach((a, idx) => {
        if (idx > 0 && a.PartNumber <= asked[idx - 1].PartNumber) throw new AwsError('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', 400, { UploadId: u.upload_id });
      });
      const chosen = asked.map((a, idx) => {
        const p = stored.get(a.PartNumber);
        if (!p || (a.ETag !== undefined && a.ETag.replace(/"/g, '') !== p.etag))
          throw new AwsError('InvalidPart', 'One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not have matched the part\'s entity tag.', 400, { UploadId: u.upload_id, PartNumber: String(a.PartNumber), ETag: a.ETag ?? '' });
        if (idx < asked.length - 1 && p.size < MIN_PART)
          throw new AwsError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', 400, { ProposedSize: String(p.size), MinSizeAllowed: String(MIN_PART), PartNumber: String(p.part_number), ETag: quoted(p.etag) });
        return p;
      });
      // ETag of a multipart object: MD5 of the parts' binary MD5s, then "-" and the part count ("Checking object integrity").
      const etag = `${createHash('md5').update(Buffer.concat(chosen.map((p) => Buffer.from(p.etag, 'hex')))).digest('hex')}-${chosen.length}`;
      const size = chosen.reduce((n, p) => n + p.size, 0);
      if (i.MpuObjectSize !== undefined && Number(i.MpuObjectSize) !== size)
        throw invalidRequest(`The provided 'x-amz-mp-object-size' header value ${i.MpuObjectSize} does not match what was computed: ${size}`);
      const checksum = objectChecksum(u, chosen, asked, i);
      const unused = [...stored.values()].filter((p) => !chosen.includes(p)).map((p) => p.file);
      const files = filesOf(ctx.store.db);
      const versionId = storeObject(ctx, {
        bucket: u.bucket, key: u.key, size, etag, last_modified: ctx.clock.now().toISOString(),
        segments: JSON.stringify(chosen.map((p) => ({ f: p.file, n: p.size }))), headers: u.headers, metadata: u.metadata, tags: u.tags,
        checksum: checksum ? JSON.stringify(checksum) : null, parts: chosen.length,
      });
      objects.deleteUpload(u.upload_id);
      unlinkAfterCommit(ctx.requestId, files, unused);
      return {
        Location: `/${u.bucket}/${u.key}`, Bucket: u.bucket, Key: u.key, ETag: quoted(etag), ServerSideEncryption: 'AES256', VersionId: versionId,
        ...(checksum ? { [MEMBER[checksum.algorithm as ChecksumAlgorithm]]: checksum.value, ChecksumType: checksum.type } : {}),
      };
    },
  },
  AbortMultipartUpload: {
    action: 's3:AbortMultipartUpload', authorizesItself: true,
    handle(i, ctx) {
      const u = uploadFor(ctx, i, 's3:AbortMultipartUpload');
      const objects = objectsOf(ctx.store.db);
      const files = objects.parts(u.upload_id).map((p) => p.file);
      objects.deleteUpload(u.upload_id);
      unlinkAfterCommit(ctx.requestId, filesOf(ctx.store.db), files);
      return {};
    },
  },
  ListParts: {
    action: 's3:ListMultipartUploadParts', authorizesItself: true,
    handle(i, ctx) {
      const u = uploadFor(ctx, i, 's3:ListMultipartUploadParts');
      const max = pageSize(i.MaxParts, 'max-parts');
      const marker = Number(i.PartNumberMarker ?? 0);
      const all = objectsOf(ctx.store.db).parts(u.upload_id).filter((p) => p.part_number > marker);
      const page = all.slice(0, max);
      const owner = { ID: canonicalUserId(u.owner_account) };
      return {
        Bucket: u.bucket, Key: u.key, UploadId: u.upload_id, PartNumberMarker: i.PartNumberMarker, MaxParts: max,
        IsTruncated: all.length > max, NextPartNumberMarker: page.length ? String(page[page.length - 1].part_number) : undefined,
        Parts: page.map((p) => ({ PartNumber: p.part_number, LastModified: new Date(p.last_modified), ETag: quoted(p.etag), Size: p.size,
          ...(p.checksum ? { [MEMBER[JSON.parse(p.checksum).algorithm as ChecksumAlgorithm]]: JSON.parse(p.checksum).value } : {}) })),
        Initiator: { ID: u.initiator, DisplayName: u.initiator }, Owner: owner, StorageClass: 'STANDARD',
        ChecksumAlgorithm: u.checksum_algorithm?.toUpperCase(), ChecksumType: u.checksum_type ?? undefined,
      };
    },
  },
  ListMultipartUploads: {
    action: 's3:ListBucketMultipartUploads', authorizesItself: true,
    handle(i, ctx) {
      authorizeS3(ctx, i.Bucket, 's3:ListBucketMultipartUploads', bucketArn(i.Bucket));
      const max = pageSize(i.MaxUploads, 'max-uploads');
      const all = objectsOf(ctx.store.db).uploads(i.Bucket)
        .filter((u) => (!i.Prefix || u.key.startsWith(i.Prefix)) && (!i.KeyMarker || u.key > i.KeyMarker || (u.key === i.KeyMarker && !!i.UploadIdMarker && u.upload_id > i.UploadIdMarker)));
      const page = all.slice(0, max);
      const last = page[page.length - 1];
      return {
        Bucket: i.Bucket, KeyMarker: i.KeyMarker ?? '', UploadIdMarker: i.UploadIdMarker ?? '', Prefix: i.Prefix, MaxUploads: max,
        IsTruncated: all.length > max, NextKeyMarker: all.length > max ? last?.key : undefined, NextUploadIdMarker: all.length > max ? last?.upload_id : undefined,
        Uploads: page.length ? page.map((u) => ({ UploadId: u.upload_id, Key: u.key, Initiated: new Date(u.initiated), StorageClass: 'STANDARD',
          Owner: { ID: canonicalUserId(u.owner_account) }, Initiator: { ID: u.initiator, DisplayName: u.initiator }, ChecksumAlgorithm: u.checksum_algorithm?.toUpperCase(), ChecksumType: u.checksum_type ?? undefined })) : undefined,
      };
    },
  },
};

/**
 * The completed object's checksum ("Checking object integrity"): FULL_OBJECT
 * combines the parts' CRCs into the whole object's; COMPOSITE is the
 * checksum of the parts' binary checksums, then "-" and the part count. A
 * part list or header that names a checksum must match it. An upload without
 * an algorithm, or with a part that has none, gives an object without one.
 */
function objectChecksum(u: UploadRow, chosen: PartRow[], asked: Array<Record<string, unknown>>, i: Input): ObjectChecksum | undefined {
  const alg = u.checksum_algorithm as ChecksumAlgorithm | null;
  if (i.ChecksumType !== undefined && i.ChecksumType !== (u.checksum_type ?? undefined))
    throw invalidRequest(`The upload was created using the ${u.checksum_type ?? 'null'} checksum mode. The complete request must use the same checksum mode.`);
  if (!alg) return undefined;
  const member = MEMBER[alg];
  const values = chosen.map((p) => (p.checksum ? (JSON.parse(p.checksum) as { value: string }).value : undefined));
  chosen.forEach((p, idx) => {
    const claimed = asked[idx]![member];
    if (claimed !== undefined && claimed !== values[idx])
      throw new AwsError('InvalidPart', 'One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not have matched the part\'s entity tag.', 400, { UploadId: u.upload_id, PartNumber: String(p.part_number) });
  });
  if (values.some((v) => v === undefined)) return undefined;
  let checksum: ObjectChecksum;
  if (u.checksum_type === 'FULL_OBJECT') {
    checksum = { algorithm: alg, type: 'FULL_OBJECT', value: combinePartCrcs(alg as CrcAlgorithm, chosen.map((p, idx) => ({ value: values[idx]!, size: p.size }))) };
  } else {
    const binary = Buffer.concat(values.map((v) => Buffer.from(v!, 'base64')));
    checksum = { algorithm: alg, type: 'COMPOSITE', value: `${syncDigester(alg)!.update(binary).digest()}-${chosen.length}`, parts: values as string[] };
  }
  const claimed = i[member] as string | undefined;
  if (claimed !== undefined && claimed !== checksum.value) throw new AwsError('BadDigest', `The ${alg} you specified did not match the calculated checksum.`, 400);
  return checksum;
}

interface SyncDigest { algorithm: ChecksumAlgorithm; update(b: Buffer): SyncDigest; digest(): string }
/** A checksum computed synchronously (inside a handler's transaction), base64. */
function syncDigester(alg: ChecksumAlgorithm | null): SyncDigest | undefined {
  if (!alg) return undefined;
  if (alg === 'sha1' || alg === 'sha256') {
    const h = createHash(alg);
    const d: SyncDigest = { algorithm: alg, update: (b) => { h.update(b); return d; }, digest: () => h.digest('base64') };
    return d;
  }
  let crc = alg === 'crc64nvme' ? 0n : 0;
  const d: SyncDigest = {
    algorithm: alg,
    update: (b) => { crc = alg === 'crc32' ? crc32(b, crc as number) : alg === 'crc32c' ? crc32c(b, crc as number) : crc64nvme(b, crc as bigint); return d; },
    digest: () => {
      const o = Buffer.alloc(alg === 'crc64nvme' ? 8 : 4);
      if (alg === 'crc64nvme') o.writeBigUInt64BE(crc as bigint); else o.writeUInt32BE((crc as number) >>> 0);
      return o.toString('base64');
    },
  };
  return d;
}
