/**
 * Sessions ended before their expiry (the web console's sign-out). Tokens carry
 * their sessions, so ending one is remembered here until it would have expired.
 */
export const REVOKED_SESSIONS_MIGRATION = `
  CREATE TABLE revoked_sessions (access_key_id TEXT PRIMARY KEY, expires_at TEXT NOT NULL);
`;
