/** Account-level S3 settings (S3 Control): Block Public Access per account. */
export const S3_ACCOUNT_SETTINGS_MIGRATION = `
  CREATE TABLE s3_account_settings (
    account_id TEXT PRIMARY KEY REFERENCES accounts(id),
    public_access_block TEXT                -- JSON of the four flags; NULL: none configured
  );
`;
