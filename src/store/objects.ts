/** S3 object rows, multipart uploads and their parts, and per-bucket configuration. */
import { prepared, type Db } from './db.js';

export interface Segment { f: string; n: number }
export interface ObjectChecksum { algorithm: string; value: string; type: 'FULL_OBJECT' | 'COMPOSITE' }
export interface ObjectRow {
  bucket: string; key: string; size: number; etag: string; last_modified: string;
  segments: string; headers: string; metadata: string; tags: string; checksum: string | null; parts: number | null;
}
export interface UploadRow {
  upload_id: string; bucket: string; key: string; initiated: string; headers: string; metadata: string; tags: string;
  checksum_algorithm: string | null; initiator: string; owner_account: string;
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
    prepared(this.db, `INSERT OR REPLACE INTO s3_objects (bucket, key, size, etag, last_modified, segments, headers, metadata, tags, checksum, parts)
      VALUES (@bucket, @key, @size, @etag, @last_modified, @segments, @headers, @metadata, @tags, @checksum, @parts)`).run(row);
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
      prepared(this.db, 'SELECT 1 FROM s3_uploads WHERE bucket = ? LIMIT 1').get(bucket) !== undefined;
  }
  /** Every file a row refers to, for the orphan sweep at start. */
  allFiles(): Set<string> {
    const out = new Set<string>();
    for (const r of prepared(this.db, 'SELECT segments FROM s3_objects').iterate() as IterableIterator<{ segments: string }>) {
      for (const s of JSON.parse(r.segments) as Segment[]) out.add(s.f);
    }
    for (const r of prepared(this.db, 'SELECT file FROM s3_parts').iterate() as IterableIterator<{ file: string }>) out.add(r.file);
    return out;
  }

  upload(id: string): UploadRow | undefined {
    return prepared(this.db, 'SELECT * FROM s3_uploads WHERE upload_id = ?').get(id) as UploadRow | undefined;
  }
  insertUpload(row: UploadRow): void {
    prepared(this.db, `INSERT INTO s3_uploads (upload_id, bucket, key, initiated, headers, metadata, tags, checksum_algorithm, initiator, owner_account)
      VALUES (@upload_id, @bucket, @key, @initiated, @headers, @metadata, @tags, @checksum_algorithm, @initiator, @owner_account)`).run(row);
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
