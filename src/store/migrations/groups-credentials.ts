/**
 * Groups' own columns are in the first migration; this one adds what users
 * sign in and prove themselves with: passwords, the account's password
 * policy, virtual MFA devices, SSH keys, signing certificates and
 * service-specific credentials. Secrets are stored hashed, never in clear,
 * except TOTP seeds, which the server needs to compute codes.
 */
export const GROUPS_CREDENTIALS_MIGRATION = `
  CREATE INDEX group_members_by_user ON group_members(account_id, user_name);
  CREATE TABLE login_profiles (
    account_id TEXT NOT NULL, user_name TEXT NOT NULL COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    password_reset_required INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL, password_changed_at TEXT NOT NULL, password_last_used TEXT,
    previous_hashes TEXT NOT NULL DEFAULT '[]',   -- JSON, newest first, for PasswordReusePrevention
    PRIMARY KEY (account_id, user_name)
  );
  CREATE TABLE password_policies (
    account_id TEXT PRIMARY KEY, policy TEXT NOT NULL  -- JSON in GetAccountPasswordPolicy's shape
  );
  CREATE TABLE mfa_devices (
    serial_number TEXT PRIMARY KEY COLLATE NOCASE,
    account_id TEXT NOT NULL, path TEXT NOT NULL, name TEXT NOT NULL,
    seed TEXT NOT NULL,                    -- base32
    user_name TEXT COLLATE NOCASE, enabled_at TEXT, created_at TEXT NOT NULL,
    drift_steps INTEGER NOT NULL DEFAULT 0, last_used_step INTEGER
  );
  CREATE INDEX mfa_devices_by_user ON mfa_devices(account_id, user_name);
  CREATE TABLE ssh_public_keys (
    id TEXT PRIMARY KEY, account_id TEXT NOT NULL, user_name TEXT NOT NULL COLLATE NOCASE,
    body TEXT NOT NULL, fingerprint TEXT NOT NULL, status TEXT NOT NULL, uploaded_at TEXT NOT NULL
  );
  CREATE INDEX ssh_public_keys_by_user ON ssh_public_keys(account_id, user_name);
  CREATE TABLE signing_certificates (
    id TEXT PRIMARY KEY, account_id TEXT NOT NULL, user_name TEXT NOT NULL COLLATE NOCASE,
    body TEXT NOT NULL, status TEXT NOT NULL, uploaded_at TEXT NOT NULL
  );
  CREATE INDEX signing_certificates_by_user ON signing_certificates(account_id, user_name);
  CREATE TABLE service_credentials (
    id TEXT PRIMARY KEY, account_id TEXT NOT NULL, user_name TEXT NOT NULL COLLATE NOCASE,
    service_name TEXT NOT NULL, service_user_name TEXT NOT NULL, password_hash TEXT NOT NULL,
    status TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT
  );
  CREATE INDEX service_credentials_by_user ON service_credentials(account_id, user_name);
`;
