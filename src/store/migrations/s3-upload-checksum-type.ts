/** A multipart upload's checksum type (x-amz-checksum-type): FULL_OBJECT or COMPOSITE; NULL without an algorithm. */
export const S3_UPLOAD_CHECKSUM_TYPE_MIGRATION = `
  ALTER TABLE s3_uploads ADD COLUMN checksum_type TEXT;
`;
