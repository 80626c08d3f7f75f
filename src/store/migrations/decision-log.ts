/**
 * The decision log (the console's audit view): every authorization decision, the newest kept up to a
 * bound (`serve --decision-log-size`). A log, not state: ids grow, the oldest are trimmed.
 * A row per batch a process writes (its decisions of up to a fifth of a second), as one compact text:
 * a row per decision cost 7-13 µs of CPU each to write. No index but the id's: reads walk ids from the newest.
 */
export const DECISION_LOG_MIGRATION = `
  CREATE TABLE decision_log_batches (
    id INTEGER PRIMARY KEY,                   -- decisions written up to and including this batch's
    entries INTEGER NOT NULL,                 -- decisions in this batch
    body TEXT NOT NULL                        -- JSON: see src/server/decision-batch.ts
  );
`;
