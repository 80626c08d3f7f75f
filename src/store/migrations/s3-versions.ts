/**
 * S3 object versions. s3_objects keeps each key's latest version when it is
 * an object (what listings and plain GETs see); s3_versions keeps the
 * noncurrent versions and every delete marker. "null" is the version id of
 * objects stored while versioning was never enabled or is suspended. seq
 * orders a key's versions, newest highest.
 */
export const S3_VERSIONS_MIGRATION = `
  ALTER TABLE s3_objects ADD COLUMN version_id TEXT NOT NULL DEFAULT 'null';
  ALTER TABLE s3_objects ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE s3_versions (
    bucket TEXT NOT NULL, key TEXT NOT NULL, version_id TEXT NOT NULL, seq INTEGER NOT NULL,
    delete_marker INTEGER NOT NULL,
    size INTEGER NOT NULL, etag TEXT NOT NULL, last_modified TEXT NOT NULL,
    segments TEXT NOT NULL, headers TEXT NOT NULL, metadata TEXT NOT NULL, tags TEXT NOT NULL,
    checksum TEXT, parts INTEGER,
    PRIMARY KEY (bucket, key, version_id)
  );
  CREATE INDEX s3_versions_by_key ON s3_versions(bucket, key, seq);
`;
