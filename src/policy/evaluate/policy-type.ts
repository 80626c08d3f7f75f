/** Evaluates every statement of the policies of one type, recording each in the trace. */
import { strongest, type PrincipalMatch } from '../match/principal.js';
import type { AttachedPolicy, PolicyType, TraceEntry } from '../types.js';
import type { PreparedRequest } from './request.js';
import { evaluateStatement, type StatementOptions } from './statement.js';

export interface TypeResult {
  /** Some policy of this type was given (absent boundary/session policies limit nothing). */
  present: boolean;
  allowed: boolean;
  denied: boolean;
  /** Strongest principal match among matching Allow statements (resource policies). */
  allowMatch: PrincipalMatch;
}

export function evaluateType(
  type: PolicyType,
  policies: readonly AttachedPolicy[],
  req: PreparedRequest,
  opts: StatementOptions,
  trace: TraceEntry[],
): TypeResult {
  const result: TypeResult = { present: policies.length > 0, allowed: false, denied: false, allowMatch: 'none' };
  for (const { id, policy } of policies) {
    for (const s of policy.statements) {
      const o = evaluateStatement(s, req, opts);
      const note = o.matched && o.principalMatch ? `Principal matches (${o.principalMatch})` : o.note;
      trace.push({
        policyType: type, policyId: id, statement: s.label, statementIndex: s.index, start: s.start, end: s.end,
        effect: s.effect, matched: o.matched, note,
      });
      if (!o.matched) continue;
      if (s.effect === 'Deny') result.denied = true;
      else {
        result.allowed = true;
        result.allowMatch = strongest(result.allowMatch, o.principalMatch ?? 'direct');
      }
    }
  }
  return result;
}
