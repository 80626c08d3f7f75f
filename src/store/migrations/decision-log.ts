/**
 * The decision log (the console's audit view): every authorization decision, the newest kept up to a
 * bound (`serve --decision-log-size`). A log, not state: ids grow, the oldest are trimmed.
 */

/** The first shape, a row per decision: superseded by DECISION_LOG_BATCHES_MIGRATION, kept for the migrations' order. */
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

/**
 * A row per batch a process writes (its decisions of up to a fifth of a second), as one compact text:
 * a row per decision cost 7-13 µs of CPU each to write. The old rows are dropped (a log that never
 * shipped in a release). No index but the id's: reads walk ids from the newest.
 */
export const DECISION_LOG_BATCHES_MIGRATION = `
  DROP TABLE decision_log;
  CREATE TABLE decision_log_batches (
    id INTEGER PRIMARY KEY,                   -- decisions written up to and including this batch's
    entries INTEGER NOT NULL,                 -- decisions in this batch
    body TEXT NOT NULL                        -- JSON: see src/server/decision-batch.ts
  );
`;
