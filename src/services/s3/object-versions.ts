/**
 * ListObjectVersions (s3:ListBucketVersions): every version and delete
 * marker, by key, newest first, under a prefix and rolled up at a delimiter;
 * pages continue after key-marker (and version-id-marker within that key).
 */
import { AwsError } from '../../core/aws-error.js';
import { bucketArn } from '../../core/arn.js';
import type { Input, OperationTable } from '../operation.js';
import { objectsOf, type VersionRow } from '../../store/objects.js';
import { authorizeS3 } from './access.js';
import { canonicalUserId } from './owner.js';
import { quoted } from './objects.js';

const enc = (i: Input) => (s: string | undefined) => (s !== undefined && i.EncodingType === 'url' ? encodeURIComponent(s) : s);

export const objectVersionOperations: OperationTable = {
  ListObjectVersions: {
    action: 's3:ListBucketVersions', authorizesItself: true,
    handle(i, ctx) {
      authorizeS3(ctx, i.Bucket, 's3:ListBucketVersions', bucketArn(i.Bucket), {
        's3:prefix': i.Prefix ?? '', 's3:delimiter': i.Delimiter, 's3:max-keys': i.MaxKeys !== undefined ? String(i.MaxKeys) : undefined,
      });
      const m = i.MaxKeys ?? 1000;
      if (!Number.isInteger(m) || m < 0) throw new AwsError('InvalidArgument', 'Provided max-keys not an integer or within integer range', 400, { ArgumentName: 'max-keys', ArgumentValue: String(i.MaxKeys) });
      const max = Math.min(m, 1000);
      const keyMarker: string = i.KeyMarker ?? '';
      const versionMarker: string | undefined = i.VersionIdMarker || undefined;
      if (versionMarker !== undefined && !keyMarker)
        throw new AwsError('InvalidArgument', 'A version-id marker cannot be specified without a key marker.', 400, { ArgumentName: 'version-id-marker', ArgumentValue: versionMarker });
      const prefix: string = i.Prefix ?? '';
      const delimiter: string | undefined = i.Delimiter || undefined;
      // A key marker that is a common prefix (our NextKeyMarker after one) skips the whole prefix.
      const skipPrefix = delimiter && keyMarker.endsWith(delimiter) && keyMarker.startsWith(prefix) ? keyMarker : undefined;

      const versions: VersionRow[] = [];
      const prefixes: string[] = [];
      let truncated = false;
      let last: { key: string; versionId?: string } | undefined;
      // Versions of the marker's key after the version-id marker (newest first) are still to come.
      let pastVersionMarker = false;
      let latestKey: string | undefined;
      const start = keyMarker > prefix ? keyMarker : prefix;
      for (const row of objectsOf(ctx.store.db).allVersionsFrom(i.Bucket, start)) {
        const isLatest = row.key !== latestKey;
        latestKey = row.key;
        if (!row.key.startsWith(prefix)) { if (row.key > prefix) break; continue; }
        if (keyMarker && row.key < keyMarker) continue;
        if (keyMarker && row.key === keyMarker) {
          if (versionMarker === undefined) continue; // the marker key was listed whole
          if (!pastVersionMarker) { if (row.version_id === versionMarker) pastVersionMarker = true; continue; }
        }
        if (skipPrefix && row.key.startsWith(skipPrefix)) continue;
        let cp: string | undefined;
        if (delimiter) {
          const at = row.key.indexOf(delimiter, prefix.length);
          if (at >= 0) cp = row.key.slice(0, at + delimiter.length);
        }
        if (cp !== undefined && prefixes[prefixes.length - 1] === cp) continue;
        if (versions.length + prefixes.length >= max) { truncated = true; break; }
        if (cp !== undefined) { prefixes.push(cp); last = { key: cp }; }
        else { versions.push(Object.assign(row, { isLatest })); last = { key: row.key, versionId: row.version_id }; }
      }
      const owner = { ID: canonicalUserId(ctx.store.buckets.get(i.Bucket)!.account_id) };
      const e = enc(i);
      const entries = versions as Array<VersionRow & { isLatest: boolean }>;
      const objects = entries.filter((v) => !v.delete_marker);
      const markers = entries.filter((v) => v.delete_marker);
      return {
        Name: i.Bucket, Prefix: e(prefix), Delimiter: e(i.Delimiter), MaxKeys: m, EncodingType: i.EncodingType,
        KeyMarker: e(keyMarker), VersionIdMarker: versionMarker ?? '', IsTruncated: truncated,
        NextKeyMarker: truncated ? e(last?.key) : undefined, NextVersionIdMarker: truncated ? last?.versionId : undefined,
        Versions: objects.length ? objects.map((v) => {
          const c = v.checksum ? JSON.parse(v.checksum) : undefined;
          return {
            Key: e(v.key), VersionId: v.version_id, IsLatest: v.isLatest, LastModified: new Date(v.last_modified), ETag: quoted(v.etag), Size: v.size,
            StorageClass: JSON.parse(v.headers).StorageClass ?? 'STANDARD', Owner: owner,
            ChecksumAlgorithm: c ? [c.algorithm.toUpperCase()] : undefined, ChecksumType: c?.type,
          };
        }) : undefined,
        DeleteMarkers: markers.length ? markers.map((v) => ({ Key: e(v.key), VersionId: v.version_id, IsLatest: v.isLatest, LastModified: new Date(v.last_modified), Owner: owner })) : undefined,
        CommonPrefixes: prefixes.length ? prefixes.map((p) => ({ Prefix: e(p) })) : undefined,
      };
    },
  },
};
