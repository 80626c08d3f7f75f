/** Listing a bucket's objects: ListObjectsV2 and ListObjects (v1), both checked as s3:ListBucket with s3:prefix, s3:delimiter and s3:max-keys. */
import { AwsError } from '../../core/aws-error.js';
import { bucketArn } from '../../core/arn.js';
import type { OperationTable, RequestContext, Input } from '../operation.js';
import { objectsOf, type ObjectRow } from '../../store/objects.js';
import { authorizeS3 } from './access.js';
import { canonicalUserId } from './owner.js';
import { quoted } from './objects.js';
import type { Ctx } from './object-tags.js';

/** Listing: keys after a marker, under a prefix, rolled up at a delimiter. */
export function listKeys(ctx: RequestContext, bucket: string, o: { prefix: string; delimiter?: string; after: string; skipPrefix?: string; max: number }) {
  const contents: ObjectRow[] = [];
  const prefixes: string[] = [];
  let last: { key: string; isPrefix: boolean } | undefined;
  let truncated = false;
  const objects = objectsOf(ctx.store.db);
  const rows = o.after >= o.prefix ? objects.after(bucket, o.after) : objects.from(bucket, o.prefix);
  for (const row of rows) {
    if (!row.key.startsWith(o.prefix)) { if (row.key > o.prefix) break; continue; }
    if (o.skipPrefix && row.key.startsWith(o.skipPrefix)) continue;
    let cp: string | undefined;
    if (o.delimiter) {
      const at = row.key.indexOf(o.delimiter, o.prefix.length);
      if (at >= 0) cp = row.key.slice(0, at + o.delimiter.length);
    }
    if (cp !== undefined && last?.isPrefix && last.key === cp) continue;
    if (contents.length + prefixes.length >= o.max) { truncated = true; break; }
    if (cp !== undefined) { prefixes.push(cp); last = { key: cp, isPrefix: true }; }
    else { contents.push(row); last = { key: row.key, isPrefix: false }; }
  }
  return { contents, prefixes, truncated, last };
}

const enc = (i: Input) => (s: string | undefined) => (s !== undefined && i.EncodingType === 'url' ? encodeURIComponent(s) : s);

function listContext(i: Input): Ctx {
  return { 's3:prefix': i.Prefix ?? '', 's3:delimiter': i.Delimiter, 's3:max-keys': i.MaxKeys !== undefined ? String(i.MaxKeys) : undefined };
}

function maxKeys(i: Input): number {
  const m = i.MaxKeys ?? 1000;
  if (!Number.isInteger(m) || m < 0) throw new AwsError('InvalidArgument', 'Provided max-keys not an integer or within integer range', 400, { ArgumentName: 'max-keys', ArgumentValue: String(i.MaxKeys) });
  return Math.min(m, 1000);
}

function entry(row: ObjectRow, i: Input, owner: boolean, account: string) {
  const c = row.checksum ? JSON.parse(row.checksum) : undefined;
  return {
    Key: enc(i)(row.key), LastModified: new Date(row.last_modified), ETag: quoted(row.etag), Size: row.size,
    StorageClass: JSON.parse(row.headers).StorageClass ?? 'STANDARD',
    ChecksumAlgorithm: c ? [c.algorithm.toUpperCase()] : undefined, ChecksumType: c?.type,
    Owner: owner ? { ID: canonicalUserId(account) } : undefined,
  };
}

export const listingOperations: OperationTable = {
  ListObjectsV2: {
    action: 's3:ListBucket', authorizesItself: true,
    handle(i, ctx) {
      authorizeS3(ctx, i.Bucket, 's3:ListBucket', bucketArn(i.Bucket), listContext(i));
      const max = maxKeys(i);
      let after = i.StartAfter ?? '', skipPrefix: string | undefined;
      if (i.ContinuationToken !== undefined) {
        try {
          const t = JSON.parse(Buffer.from(i.ContinuationToken, 'base64url').toString('utf8'));
          after = t.a; skipPrefix = t.p;
        } catch { throw new AwsError('InvalidArgument', 'The continuation token provided is incorrect', 400, { ArgumentName: 'continuation-token' }); }
      }
      const r = listKeys(ctx, i.Bucket, { prefix: i.Prefix ?? '', delimiter: i.Delimiter || undefined, after, skipPrefix, max });
      const e = enc(i);
      const account = ctx.store.buckets.get(i.Bucket)!.account_id;
      const next = r.truncated && r.last ? Buffer.from(JSON.stringify(r.last.isPrefix ? { a: r.last.key, p: r.last.key } : { a: r.last.key })).toString('base64url') : undefined;
      return {
        Name: i.Bucket, Prefix: e(i.Prefix ?? ''), Delimiter: e(i.Delimiter), MaxKeys: i.MaxKeys ?? 1000, EncodingType: i.EncodingType,
        KeyCount: r.contents.length + r.prefixes.length, IsTruncated: r.truncated,
        Contents: r.contents.length ? r.contents.map((row) => entry(row, i, !!i.FetchOwner, account)) : undefined,
        CommonPrefixes: r.prefixes.length ? r.prefixes.map((p) => ({ Prefix: e(p) })) : undefined,
        ContinuationToken: i.ContinuationToken, NextContinuationToken: next, StartAfter: e(i.StartAfter),
      };
    },
  },
  ListObjects: {
    action: 's3:ListBucket', authorizesItself: true,
    handle(i, ctx) {
      authorizeS3(ctx, i.Bucket, 's3:ListBucket', bucketArn(i.Bucket), listContext(i));
      const max = maxKeys(i);
      const marker: string = i.Marker ?? '';
      const delimiter = i.Delimiter || undefined;
      // A marker that is a common prefix (a NextMarker of ours) skips that whole prefix.
      const skipPrefix = delimiter && marker.endsWith(delimiter) && marker.startsWith(i.Prefix ?? '') ? marker : undefined;
      const r = listKeys(ctx, i.Bucket, { prefix: i.Prefix ?? '', delimiter, after: marker, skipPrefix, max });
      const e = enc(i);
      const account = ctx.store.buckets.get(i.Bucket)!.account_id;
      return {
        Name: i.Bucket, Prefix: e(i.Prefix ?? ''), Delimiter: e(i.Delimiter), MaxKeys: i.MaxKeys ?? 1000, EncodingType: i.EncodingType,
        Marker: e(marker), IsTruncated: r.truncated,
        // "NextMarker: returned only if you have the delimiter request parameter specified" (ListObjects).
        NextMarker: r.truncated && delimiter ? e(r.last?.key) : undefined,
        Contents: r.contents.length ? r.contents.map((row) => entry(row, i, true, account)) : undefined,
        CommonPrefixes: r.prefixes.length ? r.prefixes.map((p) => ({ Prefix: e(p) })) : undefined,
      };
    },
  },
};
