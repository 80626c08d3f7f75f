import { prepared, type Db } from './db.js';

/** One logged authorization decision; trace is the policy engine's trace as JSON. */
export interface DecisionRow {
  at: string; account_id: string | null; principal: string; action: string; resource: string;
  decision: string; reason: string | null; trace: string;
}

/** What the decision log is asked for: every given filter must match. */
export interface DecisionQuery {
  /** the 12-digit account of the principal's ARN */
  account?: string;
  /** the principal's ARN, exactly */
  principal?: string;
  /** the action, case-insensitively (IAM action names are) */
  action?: string;
  /** only decisions that did not allow */
  deniedOnly?: boolean;
  limit: number;
}

const COLUMNS = ['at', 'account_id', 'principal', 'action', 'resource', 'decision', 'reason', 'trace'] as const;
const INSERT = `INSERT INTO decision_log (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;

/** Every process's decisions in one table: appended in batches, trimmed to the newest `keep`. */
export class DecisionLogRows {
  constructor(private db: Db) {}

  /** Appends rows (call inside a transaction) and trims the log to the newest keep rows. */
  append(rows: DecisionRow[], keep: number): void {
    const insert = prepared(this.db, INSERT);
    // Positional values bind faster than an object's: this runs for every decision the server makes.
    for (const r of rows) insert.run(r.at, r.account_id, r.principal, r.action, r.resource, r.decision, r.reason, r.trace);
    // Ids only grow (rows are only ever removed from the oldest end): one range delete on the primary key.
    prepared(this.db, 'DELETE FROM decision_log WHERE id <= (SELECT max(id) FROM decision_log) - ?').run(keep);
  }

  /** The rows matching q, last written first: each process writes its decisions in order, a fifth of a second after making them at most. */
  query(q: DecisionQuery): DecisionRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.account !== undefined) { where.push('account_id = ?'); args.push(q.account); }
    if (q.principal !== undefined) { where.push('principal = ?'); args.push(q.principal); }
    if (q.action !== undefined) { where.push('action = ?'); args.push(q.action); }
    if (q.deniedOnly) where.push("decision <> 'Allow'");
    const sql = `SELECT ${COLUMNS.join(', ')} FROM decision_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return prepared(this.db, sql).all(...args, q.limit) as DecisionRow[];
  }
}
