/**
 * AWS Organizations: organizations with one root each, OUs under a root or an OU, member accounts under a
 * parent, policies (SCPs, RCPs) attached to roots, OUs and accounts, invitations (handshakes) and tags.
 * Ids are AWS's (o-…, r-…, ou-…, p-…, h-…, car-…) and unique across the server, so children name their
 * parent by id alone. AWS-managed policies (p-FullAWSAccess, p-RCPFullAWSAccess) have no row in
 * org_policies: their attachments name them by id, per organization.
 */
export const ORGANIZATIONS_MIGRATION = `
  CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    management_account_id TEXT NOT NULL UNIQUE REFERENCES accounts(id),
    feature_set TEXT NOT NULL,                -- ALL | CONSOLIDATED_BILLING
    root_id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
  );
  CREATE TABLE org_policy_types (             -- policy types enabled on a root
    root_id TEXT NOT NULL, type TEXT NOT NULL,
    status TEXT NOT NULL,                     -- ENABLED (changes apply at once here)
    PRIMARY KEY (root_id, type)
  );
  CREATE TABLE org_service_access (
    org_id TEXT NOT NULL, service_principal TEXT NOT NULL, enabled_at TEXT NOT NULL,
    PRIMARY KEY (org_id, service_principal)
  );
  CREATE TABLE org_units (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL, parent_id TEXT NOT NULL,  -- a root or an OU
    name TEXT NOT NULL, created_at TEXT NOT NULL
  );
  CREATE INDEX org_units_by_parent ON org_units(parent_id);
  CREATE TABLE org_accounts (                 -- member accounts, the management account too
    account_id TEXT PRIMARY KEY REFERENCES accounts(id),
    org_id TEXT NOT NULL, parent_id TEXT NOT NULL,
    name TEXT NOT NULL,                       -- the AccountName AWS shows
    email TEXT NOT NULL COLLATE NOCASE,
    status TEXT NOT NULL,                     -- ACTIVE | SUSPENDED | PENDING_CLOSURE
    joined_method TEXT NOT NULL,              -- INVITED | CREATED
    joined_at TEXT NOT NULL
  );
  CREATE INDEX org_accounts_by_parent ON org_accounts(parent_id);
  CREATE INDEX org_accounts_by_org ON org_accounts(org_id);
  CREATE TABLE org_account_emails (           -- every e-mail an account was created with or has (unique across AWS)
    email TEXT PRIMARY KEY COLLATE NOCASE, account_id TEXT NOT NULL
  );
  CREATE TABLE org_create_account_requests (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL, account_name TEXT NOT NULL, email TEXT NOT NULL,
    state TEXT NOT NULL,                      -- IN_PROGRESS | SUCCEEDED | FAILED
    failure_reason TEXT, account_id TEXT,
    requested_at TEXT NOT NULL, completed_at TEXT
  );
  CREATE INDEX org_create_account_requests_by_org ON org_create_account_requests(org_id, requested_at);
  CREATE TABLE org_policies (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL, type TEXT NOT NULL, -- SERVICE_CONTROL_POLICY | RESOURCE_CONTROL_POLICY
    name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', content TEXT NOT NULL
  );
  CREATE INDEX org_policies_by_org ON org_policies(org_id, type);
  CREATE TABLE org_policy_attachments (
    org_id TEXT NOT NULL, target_id TEXT NOT NULL, policy_id TEXT NOT NULL,
    type TEXT NOT NULL,                       -- the policy's type, so a target's policies of a type are one lookup
    position INTEGER NOT NULL,                -- attach order (AWS lists a target's policies so)
    PRIMARY KEY (org_id, target_id, policy_id)
  );
  CREATE INDEX org_policy_attachments_by_policy ON org_policy_attachments(org_id, policy_id);
  CREATE TABLE org_handshakes (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL,
    action TEXT NOT NULL,                     -- INVITE
    state TEXT NOT NULL,                      -- OPEN | ACCEPTED | DECLINED | CANCELED | EXPIRED
    target_type TEXT NOT NULL,                -- ACCOUNT | EMAIL
    target_id TEXT NOT NULL,                  -- the invited account's id (or e-mail)
    account_id TEXT NOT NULL,                 -- the invited account
    notes TEXT,
    requested_at TEXT NOT NULL, expires_at TEXT NOT NULL
  );
  CREATE INDEX org_handshakes_by_org ON org_handshakes(org_id);
  CREATE INDEX org_handshakes_by_account ON org_handshakes(account_id);
  CREATE TABLE org_tags (                     -- tags on accounts, OUs, roots and policies, by their id
    resource_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (resource_id, key)
  );
`;
