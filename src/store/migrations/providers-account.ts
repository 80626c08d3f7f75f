/**
 * Instance profiles, identity providers (OIDC, SAML), service-linked role
 * deletion tasks, account aliases and credential reports. Lists inside a
 * provider (client ids, thumbprints) are JSON: they are read and written whole.
 */
export const PROVIDERS_ACCOUNT_MIGRATION = `
  CREATE TABLE instance_profiles (
    account_id TEXT NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL COLLATE NOCASE,
    id TEXT NOT NULL UNIQUE, path TEXT NOT NULL, arn TEXT NOT NULL, created_at TEXT NOT NULL,
    role_name TEXT COLLATE NOCASE,          -- AWS allows one role per instance profile
    PRIMARY KEY (account_id, name)
  );
  CREATE INDEX instance_profiles_by_role ON instance_profiles(account_id, role_name);
  CREATE TABLE oidc_providers (
    arn TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id),
    url TEXT NOT NULL,                      -- without the https:// scheme, as IAM returns it
    client_ids TEXT NOT NULL, thumbprints TEXT NOT NULL, created_at TEXT NOT NULL
  );
  CREATE INDEX oidc_providers_by_account ON oidc_providers(account_id);
  CREATE TABLE saml_providers (
    arn TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL, uuid TEXT NOT NULL, metadata TEXT NOT NULL,
    created_at TEXT NOT NULL, valid_until TEXT NOT NULL
  );
  CREATE INDEX saml_providers_by_account ON saml_providers(account_id);
  CREATE TABLE service_linked_role_deletions (
    task_id TEXT PRIMARY KEY, account_id TEXT NOT NULL, role_arn TEXT NOT NULL,
    status TEXT NOT NULL, created_at TEXT NOT NULL
  );
  CREATE TABLE account_aliases (
    alias TEXT PRIMARY KEY,                 -- unique across every account of the server, as across AWS
    account_id TEXT NOT NULL UNIQUE REFERENCES accounts(id)
  );
  CREATE TABLE credential_reports (
    account_id TEXT PRIMARY KEY REFERENCES accounts(id),
    generated_at TEXT NOT NULL, content TEXT NOT NULL
  );
`;
