/**
 * Every authorization decision, for the console's decision log: kept in the store (so it survives
 * restarts and every process of `serve --processes` writes to one log), newest `keep` only.
 * record() is on the request path and only keeps the request and decision in memory; a timer writes
 * what was recorded as one batch (see decision-batch.ts) shortly after, off the request path.
 */
import type { AuthzRequest, Decision } from '../policy/index.js';
import type { Store } from '../store/index.js';
import { eachDecisionNewestFirst, encodeBatch, type BatchFilter, type Recorded, type StoredDecision } from './decision-batch.js';

export interface LoggedDecision {
  at: string; principal: string; action: string; resource: string; decision: Decision['decision']; trace: Decision['trace'];
  /** for a denial, AWS's AccessDenied text of it (the console shows why) */
  reason?: string;
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

export const DEFAULT_DECISION_LOG_SIZE = 10_000;
/** How long a decision waits in memory for the next batch: short enough that a restart loses little. */
const FLUSH_DELAY_MS = 200;

export class DecisionLog {
  private pending: Recorded[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly store: Store, private readonly keep = DEFAULT_DECISION_LOG_SIZE) {}

  /** Constant time (amortized): the batch is written later (see flush). */
  record(req: AuthzRequest, decision: Decision): void {
    this.pending.push({ atMs: Date.now(), req, decision });
    // Work that never yields to the event loop (a benchmark's loop) starves the timer: beyond the bound, the oldest would be trimmed anyway.
    if (this.pending.length > 2 * this.keep + 1000) this.pending.splice(0, this.pending.length - this.keep);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_DELAY_MS);
      this.timer.unref();
    }
  }

  /** Forgets what was recorded and not yet written (a reset emptied the log). */
  discard(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }

  /** Writes what was recorded as one batch, in one transaction, and trims the log to its bound; returns how many it wrote. */
  flush(): number {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return 0;
    // Beyond the bound, the oldest of the batch would be trimmed as soon as written.
    const batch = this.pending.length > this.keep ? this.pending.slice(this.pending.length - this.keep) : this.pending;
    this.pending = [];
    try {
      const body = batch.length ? encodeBatch(batch) : undefined;
      this.store.transaction(() => {
        if (body !== undefined) this.store.decisionLog.append(batch.length, body);
        this.store.decisionLog.trim(this.keep);
      });
      return batch.length;
    } catch (e) {
      // A log, not state: a batch the store refused (a disk full, a lock held past the busy timeout) is dropped, not retried forever.
      process.stderr.write(`gatehouse: ${batch.length} decisions not logged: ${(e as Error).message}\n`);
      return 0;
    }
  }

  /**
   * The stored decisions matching q, newest first (in written order: each process writes its decisions in
   * order, a fifth of a second after making them at most). Filters apply to the whole log, which holds
   * `keep` decisions and up to a batch more: only the newest `keep` are read.
   */
  query(q: DecisionQuery): LoggedDecision[] {
    const found: LoggedDecision[] = [];
    if (q.limit <= 0) return found;
    const filter = batchFilter(q);
    let unread = this.keep;
    for (const batch of this.store.decisionLog.newestFirst()) {
      if (unread <= 0) break;
      const more = eachDecisionNewestFirst(batch.body, unread, filter, (d) => found.push(loggedDecision(d)) < q.limit);
      unread -= batch.entries;
      if (!more) break;
    }
    return found;
  }
}

function batchFilter(q: DecisionQuery): BatchFilter {
  const filter: BatchFilter = {};
  const { account, principal, action } = q;
  if (principal !== undefined) filter.principal = (arn) => arn === principal && (account === undefined || accountOfArn(arn) === account);
  else if (account !== undefined) filter.principal = (arn) => accountOfArn(arn) === account;
  if (action !== undefined) filter.action = (a) => a.toLowerCase() === action.toLowerCase();
  if (q.deniedOnly) filter.decision = (d) => d !== 'Allow';
  return filter;
}

/** A stored decision as the console shows it: its time is worded when read. */
function loggedDecision(d: StoredDecision): LoggedDecision {
  const entry: LoggedDecision = { at: new Date(d.atMs).toISOString(), principal: d.principal, action: d.action, resource: d.resource, decision: d.decision, trace: d.trace };
  if (d.reason !== undefined) entry.reason = d.reason;
  return entry;
}

const accountOfArn = (arn: string) => /^arn:aws:[a-z0-9-]+::(\d{12}):/.exec(arn)?.[1];
