/**
 * Every authorization decision, for the console's decision log: kept in the store (so it survives
 * restarts and every process of `serve --processes` writes to one log), newest `keep` only.
 * record() is on the request path and only keeps the request and decision in memory; a timer writes
 * what was recorded in one transaction shortly after, off the request path.
 */
import { denialMessage, type AuthzRequest, type Decision } from '../policy/index.js';
import type { DecisionRow, Store } from '../store/index.js';

export interface LoggedDecision {
  at: string; principal: string; action: string; resource: string; decision: Decision['decision']; trace: Decision['trace'];
  /** for a denial, AWS's AccessDenied text of it (the console shows why) */
  reason?: string;
}

/** What record() keeps: the request and decision as they are; flush() words them. */
interface Recorded { atMs: number; req: AuthzRequest; decision: Decision }

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

  /** Writes what was recorded, in one transaction, and trims the log to its bound; returns how many it wrote. */
  flush(): number {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return 0;
    const batch = this.pending;
    this.pending = [];
    try {
      this.store.transaction(() => this.store.decisionLog.append(batch.map(row), this.keep));
      return batch.length;
    } catch (e) {
      // A log, not state: a batch the store refused (a disk full, a lock held past the busy timeout) is dropped, not retried forever.
      process.stderr.write(`gatehouse: ${batch.length} decisions not logged: ${(e as Error).message}\n`);
      return 0;
    }
  }
}

function row({ atMs, req, decision: d }: Recorded): DecisionRow {
  return {
    at: new Date(atMs).toISOString(), account_id: accountOfArn(req.principal.arn) ?? null, principal: req.principal.arn,
    action: req.action, resource: req.resource, decision: d.decision, reason: d.allowed ? null : denialMessage(req, d), trace: traceJson(d),
  };
}

/** A repeated call is judged by the one remembered Decision (see allowedAlready in authorize.ts): its trace is worded once. */
const traceJsonOf = new WeakMap<Decision, string>();
function traceJson(d: Decision): string {
  let json = traceJsonOf.get(d);
  if (json === undefined) traceJsonOf.set(d, (json = JSON.stringify(d.trace)));
  return json;
}

/** A stored row as the console shows it. */
export function loggedDecision(r: DecisionRow): LoggedDecision {
  const entry: LoggedDecision = { at: r.at, principal: r.principal, action: r.action, resource: r.resource, decision: r.decision as Decision['decision'], trace: JSON.parse(r.trace) };
  if (r.reason !== null) entry.reason = r.reason;
  return entry;
}

const accountOfArn = (arn: string) => /^arn:aws:[a-z0-9-]+::(\d{12}):/.exec(arn)?.[1];
