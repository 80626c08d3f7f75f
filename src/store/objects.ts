/** S3 object rows, multipart uploads and their parts, and per-bucket configuration. */
import { prepared, type Db } from './db.js';

export interface Segment { f: string; n: number }
export interface ObjectChecksum { algorithm: string; value: string; type: 'FULL_OBJECT' | 'COMPOSITE'; /** each part's checksum (COMPOSITE), for GetObject with partNumber */ parts?: string[] }
export interface ObjectRow {
  bucket: string; key: string; size: number; etag: string; last_modified: string;
  segments: string; headers: string; metadata: string; tags: string; checksum: string | null; parts: number | null;
  /** 'null' for the null version */
  version_id: string; seq: number;
}
/** A noncurrent version or a delete marker (a marker has no bytes: size 0, no segments). */
export interface VersionRow extends ObjectRow { delete_marker: number }
export interface UploadRow {
  upload_id: string; bucket: string; key: string; initiated: string; headers: string; metadata: string; tags: string;
  checksum_algorithm: string | null; initiator: string; owner_account: string; checksum_type: string | null;
}
export interface PartRow { upload_id: string; part_number: number; size: number; etag: string; last_modified: string; file: string; checksum: string | null }
export interface BucketConfigRow {
  bucket: string; policy: string | null; tags: string | null; versioning: string | null; public_access_block: string | null; ownership: string | null;
}

export class Objects {
  constructor(private db: Db) {}
  get(bucket: string, key: string): ObjectRow | undefined {
    return prepared(this.db, 'SELECT * FROM s3_objects WHERE bucket = ? AND key = ?').get(bucket, key) as ObjectRow | undefined;
  }
  put(row: ObjectRow): void {
    prepared(this.db, `INSERT OR REPLACE INTO s3_objects (bucket, key, size, etag, last_modified, segments, headers, metadata, tags, checksum, parts, version_id, seq)
      VALUES (@bucket, @key, @size, @etag, @last_modified, @segments, @headers, @metadata, @tags, @checksum, @parts, @version_id, @seq)`).run(row);
  }

  // Versions other than the current object: noncurrent ones and delete markers.
  version(bucket: string, key: string, versionId: string): VersionRow | undefined {
    return prepared(this.db, 'SELECT * FROM s3_versions WHERE bucket = ? AND key = ? AND version_id = ?').get(bucket, key, versionId) as VersionRow | undefined;
  }
  putVersion(row: VersionRow): void {
    prepared(this.db, `INSERT OR REPLACE INTO s3_versions (bucket, key, version_id, seq, delete_marker, size, etag, last_modified, segments, headers, metadata, tags, checksum, parts)
      VALUES (@bucket, @key, @version_id, @seq, @delete_marker, @size, @etag, @last_modified, @segments, @headers, @metadata, @tags, @checksum, @parts)`).run(row);
  }
  deleteVersion(bucket: string, key: string, versionId: string): void {
    prepared(this.db, 'DELETE FROM s3_versions WHERE bucket = ? AND key = ? AND version_id = ?').run(bucket, key, versionId);
  }
  setVersionTags(bucket: string, key: string, versionId: string, tags: string): void {
    prepared(this.db, 'UPDATE s3_versions SET tags = ? WHERE bucket = ? AND key = ? AND version_id = ?').run(tags, bucket, key, versionId);
  }
  /** The newest of the key's other versions (the latest version when the key has no current object). */
  newestVersion(bucket: string, key: string): VersionRow | undefined {
    return prepared(this.db, 'SELECT * FROM s3_versions WHERE bucket = ? AND key = ? ORDER BY seq DESC LIMIT 1').get(bucket, key) as VersionRow | undefined;
  }
  nextSeq(bucket: string, key: string): number {
    const r = prepared(this.db, `SELECT max(s) AS s FROM (SELECT max(seq) AS s FROM s3_versions WHERE bucket = ? AND key = ?
      UNION ALL SELECT seq AS s FROM s3_objects WHERE bucket = ? AND key = ?)`).get(bucket, key, bucket, key) as { s: number | null };
    return (r.s ?? 0) + 1;
  }
  /** Every version of the keys from `from` on (inclusive), by key, newest first: current objects have delete_marker 0 and come with their own seq. */
  *allVersionsFrom(bucket: string, from: string): IterableIterator<VersionRow> {
    yield* prepared(this.db, `SELECT bucket, key, size, etag, last_modified, segments, headers, metadata, tags, checksum, parts, version_id, seq, 0 AS delete_marker FROM s3_objects WHERE bucket = ? AND key >= ?
      UNION ALL SELECT bucket, key, size, etag, last_modified, segments, headers, metadata, tags, checksum, parts, version_id, seq, delete_marker FROM s3_versions WHERE bucket = ? AND key >= ?
      ORDER BY key, seq DESC`).iterate(bucket, from, bucket, from) as IterableIterator<VersionRow>;
  }
  setTags(bucket: string, key: string, tags: string): void {
    prepared(this.db, 'UPDATE s3_objects SET tags = ? WHERE bucket = ? AND key = ?').run(tags, bucket, key);
  }
  delete(bucket: string, key: string): void {
    prepared(this.db, 'DELETE FROM s3_objects WHERE bucket = ? AND key = ?').run(bucket, key);
  }
  /** Keys after `after`, in order (BINARY collation: UTF-8 byte order, as S3 lists). */
  *after(bucket: string, after: string): IterableIterator<ObjectRow> {
    yield* prepared(this.db, 'SELECT * FROM s3_objects WHERE bucket = ? AND key > ? ORDER BY key').iterate(bucket, after) as IterableIterator<ObjectRow>;
  }
  /** Keys from `from` on, inclusive. */
  *from(bucket: string, from: string): IterableIterator<ObjectRow> {
    yield* prepared(this.db, 'SELECT * FROM s3_objects WHERE bucket = ? AND key >= ? ORDER BY key').iterate(bucket, from) as IterableIterator<ObjectRow>;
  }
  any(bucket: string): boolean {
    return prepared(this.db, 'SELECT 1 FROM s3_objects WHERE bucket = ? LIMIT 1').get(bucket) !== undefined ||
      prepared(this.db, 'SELECT 1 FROM s3_versions WHERE bucket = ? LIMIT 1').get(bucket) !== undefined ||
      prepared(this.db, 'SELECT 1 FROM s3_uploads WHERE bucket = ? LIMIT 1').get(bucket) !== undefined;
  }
  /** Every file a row refers to, for the orphan sweep at start. */
  allFiles(): Set<string> {
    const out = new Set<string>();
    for (const r of prepared(this.db, 'SELECT segments FROM s3_objects').iterate() as IterableIterator<{ segments: string }>) {
      for (const s of JSON.parse(r.segments) as Segment[]) out.add(s.f);
    }
    for (const r of prepared(this.db, 'SELECT segments FROM s3_versions').iterate() as IterableIterator<{ segments: string }>) {
      for (const s of JSON.parse(r.segments) as Segment[]) out.add(s.f);
    }
    for (const r of prepared(this.db, 'SELECT file FROM s3_parts').iterate() as IterableIterator<{ file: string }>) out.add(r.file);
    return out;
  }

  upload(id: string): UploadRow | undefined {
    return prepared(this.db, 'SELECT * FROM s3_uploads WHERE upload_id = ?').get(id) as UploadRow | undefined;
  }
  insertUpload(row: UploadRow): void {
    prepared(this.db, `INSERT INTO s3_uploads (upload_id, bucket, key, initiated, headers, metadata, tags, checksum_algorithm, initiator, owner_account, checksum_type)
      VALUES (@upload_id, @bucket, @key, @initiated, @headers, @metadata, @tags, @checksum_algorithm, @initiator, @owner_account, @checksum_type)`).run(row);
  }
  deleteUpload(id: string): void {
    prepared(this.db, 'DELETE FROM s3_parts WHERE upload_id = ?').run(id);
    prepared(this.db, 'DELETE FROM s3_uploads WHERE upload_id = ?').run(id);
  }
  uploads(bucket: string): UploadRow[] {
    return prepared(this.db, 'SELECT * FROM s3_uploads WHERE bucket = ? ORDER BY key, initiated, upload_id').all(bucket) as UploadRow[];
  }
  part(id: string, n: number): PartRow | undefined {
    return prepared(this.db, 'SELECT * FROM s3_parts WHERE upload_id = ? AND part_number = ?').get(id, n) as PartRow | undefined;
  }
  putPart(row: PartRow): void {
    prepared(this.db, `INSERT OR REPLACE INTO s3_parts (upload_id, part_number, size, etag, last_modified, file, checksum)
      VALUES (@upload_id, @part_number, @size, @etag, @last_modified, @file, @checksum)`).run(row);
  }
  parts(id: string): PartRow[] {
    return prepared(this.db, 'SELECT * FROM s3_parts WHERE upload_id = ? ORDER BY part_number').all(id) as PartRow[];
  }

  config(bucket: string): BucketConfigRow | undefined {
    return prepared(this.db, 'SELECT * FROM s3_bucket_config WHERE bucket = ?').get(bucket) as BucketConfigRow | undefined;
  }
  setConfig(bucket: string, field: Exclude<keyof BucketConfigRow, 'bucket'>, value: string | null): void {
    prepared(this.db, 'INSERT OR IGNORE INTO s3_bucket_config (bucket) VALUES (?)').run(bucket);
    prepared(this.db, `UPDATE s3_bucket_config SET ${field} = ? WHERE bucket = ?`).run(value, bucket);
  }
  dropConfig(bucket: string): void {
    prepared(this.db, 'DELETE FROM s3_bucket_config WHERE bucket = ?').run(bucket);
  }
}

const repos = new WeakMap<Db, Objects>();
/** The repository for a store's database (kept beside the Store so the shared index need not change). */
export function objectsOf(db: Db): Objects {
  let r = repos.get(db);
  if (!r) repos.set(db, (r = new Objects(db)));
  return r;
}
