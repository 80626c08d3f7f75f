/**
 * Object versions under a bucket's versioning state ("Retaining multiple
 * versions of objects with S3 Versioning"): Enabled gives every write and
 * every simple DELETE a new version id (a DELETE leaves a delete marker);
 * Suspended writes the "null" version, replacing any earlier null version;
 * a bucket never versioned keeps one null version per key, replaced in place.
 * The current object lives in s3_objects, the other versions in s3_versions.
 */
import { randomBytes } from 'node:crypto';
import type { RequestContext } from '../operation.js';
import { objectsOf, type ObjectRow, type Segment, type VersionRow } from '../../store/objects.js';
import { bucketConfig } from './access.js';
import { filesOf, unlinkAfterCommit } from './files.js';

export type Versioning = 'Enabled' | 'Suspended' | undefined;

export const NULL_VERSION = 'null';

/** Version ids as S3's: 32 URL-safe characters. */
// Letters, digits, '.' and '_' like AWS's ids: never a leading '-', which the AWS CLI would read as an option.
export const newVersionId = () => randomBytes(24).toString('base64url').replace(/-/g, '.');

export function versioningOf(ctx: RequestContext, bucket: string): Versioning {
  return (bucketConfig(ctx, bucket)?.versioning ?? undefined) as Versioning;
}

/** The version id a response reports: none for a bucket whose versioning was never set, "null" or the id otherwise. */
export function reportedVersion(ctx: RequestContext, row: { bucket: string; version_id: string }): string | undefined {
  return row.version_id !== NULL_VERSION || versioningOf(ctx, row.bucket) ? row.version_id : undefined;
}

const filesOfRow = (row: ObjectRow) => (JSON.parse(row.segments) as Segment[]).map((s) => s.f);

function discard(ctx: RequestContext, row: ObjectRow): void {
  unlinkAfterCommit(ctx.requestId, filesOf(ctx.store.db), filesOfRow(row));
}

/** Removes the key's noncurrent null version or null delete marker, if any: a new null version replaces it. */
function dropNullVersion(ctx: RequestContext, bucket: string, key: string): void {
  const objects = objectsOf(ctx.store.db);
  const old = objects.version(bucket, key, NULL_VERSION);
  if (!old) return;
  objects.deleteVersion(bucket, key, NULL_VERSION);
  discard(ctx, old);
}

/** Moves the current object aside as a noncurrent version, or drops it when the new version replaces it (both null). */
function retire(ctx: RequestContext, current: ObjectRow | undefined, newVersion: string): void {
  if (!current) return;
  const objects = objectsOf(ctx.store.db);
  objects.delete(current.bucket, current.key);
  if (current.version_id === NULL_VERSION && newVersion === NULL_VERSION) discard(ctx, current);
  else objects.putVersion({ ...current, delete_marker: 0 });
}

/** Stores an object as its key's latest version; returns the version id to report. The row's files are already in place. */
export function storeObject(ctx: RequestContext, row: Omit<ObjectRow, 'version_id' | 'seq'>): string | undefined {
  const objects = objectsOf(ctx.store.db);
  const v = versioningOf(ctx, row.bucket);
  const versionId = v === 'Enabled' ? newVersionId() : NULL_VERSION;
  const seq = objects.nextSeq(row.bucket, row.key);
  retire(ctx, objects.get(row.bucket, row.key), versionId);
  if (versionId === NULL_VERSION) dropNullVersion(ctx, row.bucket, row.key);
  objects.put({ ...row, version_id: versionId, seq });
  return v ? versionId : undefined;
}

export interface DeleteResult { VersionId?: string; DeleteMarker?: boolean }

/** A DELETE without a version id: removes the object (never versioned) or leaves a delete marker. */
export function deleteLatest(ctx: RequestContext, bucket: string, key: string): DeleteResult {
  const objects = objectsOf(ctx.store.db);
  const v = versioningOf(ctx, bucket);
  const current = objects.get(bucket, key);
  if (!v) {
    if (current) { objects.delete(bucket, key); discard(ctx, current); }
    return {};
  }
  const versionId = v === 'Enabled' ? newVersionId() : NULL_VERSION;
  const seq = objects.nextSeq(bucket, key);
  retire(ctx, current, versionId);
  if (versionId === NULL_VERSION) dropNullVersion(ctx, bucket, key);
  objects.putVersion({
    bucket, key, version_id: versionId, seq, delete_marker: 1, size: 0, etag: '', last_modified: ctx.clock.now().toISOString(),
    segments: '[]', headers: '{}', metadata: '{}', tags: '[]', checksum: null, parts: null,
  });
  return { VersionId: versionId, DeleteMarker: true };
}

/** After the current object went away: the newest remaining version becomes current, unless it is a delete marker. */
function promote(ctx: RequestContext, bucket: string, key: string): void {
  const objects = objectsOf(ctx.store.db);
  if (objects.get(bucket, key)) return;
  const newest = objects.newestVersion(bucket, key);
  if (!newest || newest.delete_marker) return;
  objects.deleteVersion(bucket, key, newest.version_id);
  const { delete_marker: _, ...row } = newest;
  objects.put(row);
}

/** A DELETE of one version: removes it for good (an unknown version changes nothing, as S3 answers 204). */
export function deleteVersion(ctx: RequestContext, bucket: string, key: string, versionId: string): DeleteResult {
  const objects = objectsOf(ctx.store.db);
  const current = objects.get(bucket, key);
  if (current?.version_id === versionId) {
    objects.delete(bucket, key);
    discard(ctx, current);
    promote(ctx, bucket, key);
    return { VersionId: versionId };
  }
  const version = objects.version(bucket, key, versionId);
  if (!version) return { VersionId: versionId };
  objects.deleteVersion(bucket, key, versionId);
  discard(ctx, version);
  promote(ctx, bucket, key);
  return { VersionId: versionId, DeleteMarker: version.delete_marker ? true : undefined };
}

export interface Found { row?: ObjectRow; marker?: VersionRow }

/** The version a read names (the latest without a version id): an object, a delete marker, or nothing. */
export function findVersion(ctx: RequestContext, bucket: string, key: string, versionId?: string): Found {
  const objects = objectsOf(ctx.store.db);
  const current = objects.get(bucket, key);
  if (versionId === undefined) {
    if (current) return { row: current };
    const newest = objects.newestVersion(bucket, key);
    return newest?.delete_marker ? { marker: newest } : {};
  }
  if (current?.version_id === versionId) return { row: current };
  const version = objects.version(bucket, key, versionId);
  if (!version) return {};
  return version.delete_marker ? { marker: version } : { row: version };
}
