/**
 * Schema migrations, applied in order; never edit a shipped one, append.
 * Every IAM row is keyed by account; IAM names compare case-insensitively
 * (AWS forbids two users "Bob" and "bob" in one account).
 */
import { GROUPS_CREDENTIALS_MIGRATION } from './migrations/groups-credentials.js';
import { PROVIDERS_ACCOUNT_MIGRATION } from './migrations/providers-account.js';
import { S3_OBJECTS_MIGRATION } from './migrations/s3-objects.js';
import { SESSION_ATTRIBUTES_MIGRATION } from './migrations/session-attributes.js';
import { S3_ACCOUNT_SETTINGS_MIGRATION } from './migrations/s3-account-settings.js';
import { S3_VERSIONS_MIGRATION } from './migrations/s3-versions.js';
import { S3_UPLOAD_CHECKSUM_TYPE_MIGRATION } from './migrations/s3-upload-checksum-type.js';
import { REVOKED_SESSIONS_MIGRATION } from './migrations/revoked-sessions.js';
import { DECISION_LOG_MIGRATION } from './migrations/decision-log.js';
import { ORGANIZATIONS_MIGRATION } from './migrations/organizations.js';

export const MIGRATIONS: string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE accounts (
    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, created_at TEXT NOT NULL
  );
  CREATE TABLE access_keys (
    access_key_id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    user_name TEXT COLLATE NOCASE,            -- NULL: the account's root
    secret TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'Active',
    created_at TEXT NOT NULL,
    last_used_at TEXT, last_used_service TEXT, last_used_region TEXT
  );
  CREATE INDEX access_keys_by_user ON access_keys(account_id, user_name);
  CREATE TABLE users (
    account_id TEXT NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL COLLATE NOCASE,
    id TEXT NOT NULL UNIQUE, path TEXT NOT NULL, arn TEXT NOT NULL,
    created_at TEXT NOT NULL, permissions_boundary TEXT,
    PRIMARY KEY (account_id, name)
  );
  CREATE TABLE groups (
    account_id TEXT NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL COLLATE NOCASE,
    id TEXT NOT NULL UNIQUE, path TEXT NOT NULL, arn TEXT NOT NULL, created_at TEXT NOT NULL,
    PRIMARY KEY (account_id, name)
  );
  CREATE TABLE group_members (
    account_id TEXT NOT NULL, group_name TEXT NOT NULL COLLATE NOCASE, user_name TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (account_id, group_name, user_name)
  );
  CREATE TABLE roles (
    account_id TEXT NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL COLLATE NOCASE,
    id TEXT NOT NULL UNIQUE, path TEXT NOT NULL, arn TEXT NOT NULL, created_at TEXT NOT NULL,
    trust_policy TEXT NOT NULL, description TEXT, max_session_duration INTEGER NOT NULL DEFAULT 3600,
    permissions_boundary TEXT, last_used_at TEXT, last_used_region TEXT,
    PRIMARY KEY (account_id, name)
  );
  CREATE TABLE policies (
    arn TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL COLLATE NOCASE,
    id TEXT NOT NULL UNIQUE, path TEXT NOT NULL, description TEXT,
    default_version TEXT NOT NULL, next_version INTEGER NOT NULL DEFAULT 2,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    UNIQUE (account_id, name)
  );
  CREATE TABLE policy_versions (
    policy_arn TEXT NOT NULL REFERENCES policies(arn) ON DELETE CASCADE,
    version_id TEXT NOT NULL, document TEXT NOT NULL, created_at TEXT NOT NULL,
    PRIMARY KEY (policy_arn, version_id)
  );
  -- managed policies attached to users, groups and roles
  CREATE TABLE attachments (
    account_id TEXT NOT NULL, entity_type TEXT NOT NULL, entity_name TEXT NOT NULL COLLATE NOCASE,
    policy_arn TEXT NOT NULL,
    PRIMARY KEY (account_id, entity_type, entity_name, policy_arn)
  );
  CREATE INDEX attachments_by_policy ON attachments(policy_arn);
  CREATE TABLE inline_policies (
    account_id TEXT NOT NULL, entity_type TEXT NOT NULL, entity_name TEXT NOT NULL COLLATE NOCASE,
    policy_name TEXT NOT NULL COLLATE NOCASE, document TEXT NOT NULL,
    PRIMARY KEY (account_id, entity_type, entity_name, policy_name)
  );
  CREATE TABLE tags (
    account_id TEXT NOT NULL, entity_type TEXT NOT NULL, entity_name TEXT NOT NULL COLLATE NOCASE,
    key TEXT NOT NULL, value TEXT NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (account_id, entity_type, entity_name, key)
  );
  CREATE TABLE sessions (
    access_key_id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL, secret TEXT NOT NULL,
    role_name TEXT NOT NULL, role_id TEXT NOT NULL, role_arn TEXT NOT NULL, session_name TEXT NOT NULL,
    issued_at TEXT NOT NULL, expires_at TEXT NOT NULL,
    chained INTEGER NOT NULL DEFAULT 0, source_identity TEXT
  );
  CREATE TABLE buckets (
    name TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id),
    region TEXT NOT NULL, created_at TEXT NOT NULL
  );
  CREATE INDEX buckets_by_account ON buckets(account_id);
  `,
  GROUPS_CREDENTIALS_MIGRATION,
  PROVIDERS_ACCOUNT_MIGRATION,
  SESSION_ATTRIBUTES_MIGRATION,
  S3_OBJECTS_MIGRATION,
  S3_ACCOUNT_SETTINGS_MIGRATION,
  S3_VERSIONS_MIGRATION,
  S3_UPLOAD_CHECKSUM_TYPE_MIGRATION,
  REVOKED_SESSIONS_MIGRATION,
  DECISION_LOG_MIGRATION,
  ORGANIZATIONS_MIGRATION,
];
