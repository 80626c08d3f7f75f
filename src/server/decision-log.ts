/** The most recent authorization decisions, kept in memory for `explain` and the console. */
import { denialMessage, type AuthzRequest, type Decision } from '../policy/index.js';

export interface LoggedDecision {
  at: string; principal: string; action: string; resource: string; decision: Decision['decision']; trace: Decision['trace'];
  /** for a denial, AWS's AccessDenied text of it (the console shows why) */
  reason?: string;
}

/** What record() keeps: the request and decision as they are; recent() words them (most are never read). */
interface Recorded { atMs: number; req: AuthzRequest; decision: Decision }

/** A ring buffer: recording is constant time however full it is. */
export class DecisionLog {
  private readonly entries: Recorded[] = [];
  private next = 0;
  constructor(private readonly capacity = 1000) {}

  record(req: AuthzRequest, decision: Decision): void {
    this.entries[this.next] = { atMs: Date.now(), req, decision };
    this.next = (this.next + 1) % this.capacity;
  }

  /** The n most recent decisions, oldest first. */
  recent(n = 100): LoggedDecision[] {
    const ordered = this.entries.length < this.capacity ? this.entries : [...this.entries.slice(this.next), ...this.entries.slice(0, this.next)];
    return ordered.slice(-n).map(logged);
  }
}

function logged({ atMs, req, decision: d }: Recorded): LoggedDecision {
  const entry: LoggedDecision = { at: new Date(atMs).toISOString(), principal: req.principal.arn, action: req.action, resource: req.resource, decision: d.decision, trace: d.trace };
  if (!d.allowed) entry.reason = denialMessage(req, d);
  return entry;
}
