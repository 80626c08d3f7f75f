/**
 * S3 objects, multipart uploads and bucket configuration. Object bytes live
 * in files under DATA_DIR/objects/data; a row names its files ("segments":
 * one for a simple upload, one per part for a completed multipart upload).
 * Keys compare as BINARY text: S3 lists keys in UTF-8 byte order.
 */
export const S3_OBJECTS_MIGRATION = `
  CREATE TABLE s3_objects (
    bucket TEXT NOT NULL, key TEXT NOT NULL,
    size INTEGER NOT NULL, etag TEXT NOT NULL, last_modified TEXT NOT NULL,
    segments TEXT NOT NULL,                 -- JSON [{ "f": file name, "n": bytes }]
    headers TEXT NOT NULL,                  -- JSON: Content-Type, Cache-Control, ...
    metadata TEXT NOT NULL,                 -- JSON: x-amz-meta-*
    tags TEXT NOT NULL,                     -- JSON [{ Key, Value }]
    checksum TEXT,                          -- JSON { algorithm, value, type }
    parts INTEGER,
    PRIMARY KEY (bucket, key)
  );
  CREATE TABLE s3_uploads (
    upload_id TEXT PRIMARY KEY, bucket TEXT NOT NULL, key TEXT NOT NULL, initiated TEXT NOT NULL,
    headers TEXT NOT NULL, metadata TEXT NOT NULL, tags TEXT NOT NULL,
    checksum_algorithm TEXT, initiator TEXT NOT NULL, owner_account TEXT NOT NULL
  );
  CREATE INDEX s3_uploads_by_bucket ON s3_uploads(bucket, key, initiated);
  CREATE TABLE s3_parts (
    upload_id TEXT NOT NULL, part_number INTEGER NOT NULL,
    size INTEGER NOT NULL, etag TEXT NOT NULL, last_modified TEXT NOT NULL,
    file TEXT NOT NULL, checksum TEXT,
    PRIMARY KEY (upload_id, part_number)
  );
  CREATE TABLE s3_bucket_config (
    bucket TEXT PRIMARY KEY,
    policy TEXT, tags TEXT, versioning TEXT,
    public_access_block TEXT,               -- JSON of the four flags; NULL: none configured
    ownership TEXT
  );
`;
