/** The most recent authorization decisions, kept in memory for `explain` and the console. */
import type { AuthzRequest, Decision } from '../policy/index.js';

export interface LoggedDecision { at: string; principal: string; action: string; resource: string; decision: Decision['decision']; trace: Decision['trace'] }

export class DecisionLog {
  private entries: LoggedDecision[] = [];
  constructor(private readonly capacity = 1000) {}

  record(req: AuthzRequest, d: Decision): void {
    this.entries.push({ at: new Date().toISOString(), principal: req.principal.arn, action: req.action, resource: req.resource, decision: d.decision, trace: d.trace });
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  recent(n = 100): LoggedDecision[] {
    return this.entries.slice(-n);
  }
}
