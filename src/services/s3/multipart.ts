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
import { objectsOf, type Segment, type UploadRow } from '../../store/objects.js';
import { authorizeS3, objectArn } from './access.js';
import { filesOf, unlinkAfterCommit, unlinkOnRollback } from './files.js';
import type { ChecksumAlgorithm, Staged } from './body.js';
import { adoptStaged, copySource, objectHeaders, refuseAcls, newUploadId } from './objects.js';
import { parseTagging } from './object-tags.js';
import { storeObject } from './versions.js';
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

export function precheckUploadPart(i: Input, ctx: RequestContext): void {
  checkPartNumber(i.PartNumber);
  uploadFor(ctx, i, 's3:PutObject');
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
      refuseAcls(i);
      const tags = parseTagging(i.Tagging);
      authorizeS3(ctx, i.Bucket, 's3:PutObject', objectArn(i.Bucket, i.Key), { 's3:x-amz-server-side-encryption': i.ServerSideEncryption });
      const id = newUploadId();
      const alg = (i.ChecksumAlgorithm as string | undefined)?.toLowerCase() ?? null;
      objectsOf(ctx.store.db).insertUpload({
        upload_id: id, bucket: i.Bucket, key: i.Key, initiated: ctx.clock.now().toISOString(), headers: JSON.stringify(objectHeaders(i)),
        metadata: JSON.stringify(i.Metadata ?? {}), tags: JSON.stringify(tags), checksum_algorithm: alg, initiator: ctx.principal.arn,
        owner_account: ctx.store.buckets.get(i.Bucket)!.account_id,
      });
      return { Bucket: i.Bucket, Key: i.Key, UploadId: id, ServerSideEncryption: 'AES256', ChecksumAlgorithm: i.ChecksumAlgorithm, ChecksumType: alg ? (alg === 'crc64nvme' ? 'FULL_OBJECT' : 'COMPOSITE') : undefined };
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
              writeSync(out, buf, 0, got);
              pos += got;
            }
          } finally { closeSync(fd); }
        }
        fsyncSync(out);
      } finally { closeSync(out); }
      const etag = md5.digest('hex');
      const name = adoptStaged(ctx, { tmp, size: end - start + 1, md5Hex: etag });
      putPart(ctx, i.UploadId, n, name, end - start + 1, etag);
      return { CopyPartResult: { ETag: quoted(etag), LastModified: ctx.clock.now() }, ServerSideEncryption: 'AES256' };
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
      let checksum: { algorithm: string; value: string; type: string } | undefined;
      const alg = u.checksum_algorithm as ChecksumAlgorithm | null;
      if (alg && alg !== 'crc64nvme' && chosen.every((p) => p.checksum)) {
        // COMPOSITE checksums: the checksum of the parts' binary checksums, "-N".
        const parts = Buffer.concat(chosen.map((p) => Buffer.from(JSON.parse(p.checksum!).value, 'base64')));
        checksum = { algorithm: alg, value: `${compositeOf(alg, parts)}-${chosen.length}`, type: 'COMPOSITE' };
      }
      const unused = [...stored.values()].filter((p) => !chosen.includes(p)).map((p) => p.file);
      const files = filesOf(ctx.store.db);
      const versionId = storeObject(ctx, {
        bucket: u.bucket, key: u.key, size: chosen.reduce((n, p) => n + p.size, 0), etag, last_modified: ctx.clock.now().toISOString(),
        segments: JSON.stringify(chosen.map((p) => ({ f: p.file, n: p.size }))), headers: u.headers, metadata: u.metadata, tags: u.tags,
        checksum: checksum ? JSON.stringify(checksum) : null, parts: chosen.length,
      });
      objects.deleteUpload(u.upload_id);
      unlinkAfterCommit(ctx.requestId, files, unused);
      return {
        Location: `/${u.bucket}/${u.key}`, Bucket: u.bucket, Key: u.key, ETag: quoted(etag), ServerSideEncryption: 'AES256', VersionId: versionId,
        ...(checksum ? { [MEMBER[checksum.algorithm as ChecksumAlgorithm]]: checksum.value, ChecksumType: 'COMPOSITE' } : {}),
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
      const max = Math.min(i.MaxParts ?? 1000, 1000);
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
        ChecksumAlgorithm: u.checksum_algorithm?.toUpperCase(),
      };
    },
  },
  ListMultipartUploads: {
    action: 's3:ListBucketMultipartUploads', authorizesItself: true,
    handle(i, ctx) {
      authorizeS3(ctx, i.Bucket, 's3:ListBucketMultipartUploads', bucketArn(i.Bucket));
      const max = Math.min(i.MaxUploads ?? 1000, 1000);
      const all = objectsOf(ctx.store.db).uploads(i.Bucket)
        .filter((u) => (!i.Prefix || u.key.startsWith(i.Prefix)) && (!i.KeyMarker || u.key > i.KeyMarker || (u.key === i.KeyMarker && !!i.UploadIdMarker && u.upload_id > i.UploadIdMarker)));
      const page = all.slice(0, max);
      const last = page[page.length - 1];
      return {
        Bucket: i.Bucket, KeyMarker: i.KeyMarker ?? '', UploadIdMarker: i.UploadIdMarker ?? '', Prefix: i.Prefix, MaxUploads: max,
        IsTruncated: all.length > max, NextKeyMarker: all.length > max ? last?.key : undefined, NextUploadIdMarker: all.length > max ? last?.upload_id : undefined,
        Uploads: page.length ? page.map((u) => ({ UploadId: u.upload_id, Key: u.key, Initiated: new Date(u.initiated), StorageClass: 'STANDARD',
          Owner: { ID: canonicalUserId(u.owner_account) }, Initiator: { ID: u.initiator, DisplayName: u.initiator }, ChecksumAlgorithm: u.checksum_algorithm?.toUpperCase() })) : undefined,
      };
    },
  },
};

import { crc32 } from 'node:zlib';
function compositeOf(alg: ChecksumAlgorithm, data: Buffer): string {
  if (alg === 'crc32') { const o = Buffer.alloc(4); o.writeUInt32BE(crc32(data) >>> 0); return o.toString('base64'); }
  if (alg === 'sha1' || alg === 'sha256') return createHash(alg).update(data).digest('base64');
  return crc32cSync(data).toString('base64');
}
/** CRC32C (Castagnoli) over the few bytes of a composite checksum. */
function crc32cSync(data: Buffer): Buffer {
  let crc = 0xffffffff;
  for (const b of data) { crc ^= b; for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1; }
  const o = Buffer.alloc(4); o.writeUInt32BE((crc ^ 0xffffffff) >>> 0); return o;
}
void unlinkOnRollback;
