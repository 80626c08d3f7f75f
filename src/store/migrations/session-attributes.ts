/**
 * What a temporary credential carries besides its role (issue 5): the kind
 * of session (AssumeRole*, GetSessionToken, GetFederationToken), the user it
 * was issued to, MFA, session policies and session tags. JSON columns are
 * read and written whole. Role columns stay NOT NULL: sessions that are not
 * role sessions keep '' there.
 */
export const SESSION_ATTRIBUTES_MIGRATION = `
  ALTER TABLE sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'role';
  ALTER TABLE sessions ADD COLUMN user_name TEXT;
  ALTER TABLE sessions ADD COLUMN federated_name TEXT;
  ALTER TABLE sessions ADD COLUMN mfa_at TEXT;
  ALTER TABLE sessions ADD COLUMN policy TEXT;
  ALTER TABLE sessions ADD COLUMN policy_arns TEXT;
  ALTER TABLE sessions ADD COLUMN tags TEXT;
  ALTER TABLE sessions ADD COLUMN transitive_tag_keys TEXT;
  ALTER TABLE sessions ADD COLUMN web_identity TEXT;
`;
