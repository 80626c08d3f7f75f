/**
 * The decision log (the console's audit view and `explain`'s neighbour): every authorization decision,
 * newest kept up to a bound (`serve --decision-log-size`). A log, not state: ids grow, the oldest are trimmed.
 * No index but the id's: each one would cost every logged decision a write, and reads walk ids from the newest.
 */
export const DECISION_LOG_MIGRATION = `
  CREATE TABLE decision_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    account_id TEXT,                          -- the principal ARN's account
    principal TEXT NOT NULL,
    action TEXT NOT NULL COLLATE NOCASE,
    resource TEXT NOT NULL,
    decision TEXT NOT NULL,                   -- Allow, ExplicitDeny or ImplicitDeny
    reason TEXT,                              -- a denial's AccessDenied text
    trace TEXT NOT NULL                       -- JSON: the policy engine's trace
  );
`;
