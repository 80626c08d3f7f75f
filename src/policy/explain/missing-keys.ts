/**
 * The condition keys a decision looked for and did not find: IAM's simulator
 * reports them as MissingContextValues ("SimulatePrincipalPolicy",
 * EvaluationResult), so a caller can see which answer rests on an absent key.
 */
import { matchesAction } from '../match/action.js';
import { matchPattern } from '../match/pattern.js';
import { prepareRequest } from '../evaluate/request.js';
import type { AuthzRequest, PolicySet } from '../types.js';

/** Keys of conditions in statements that apply to the action and resource, absent from the request; in first-seen order. */
export function missingContextKeys(req: AuthzRequest, policies: PolicySet): string[] {
  const r = prepareRequest(req);
  const all = [...policies.identity, ...(policies.resource ? [policies.resource] : []), ...(policies.boundary ? [policies.boundary] : []), ...(policies.session ?? [])];
  const missing = new Map<string, string>();
  for (const { policy } of all) {
    for (const s of policy.statements) {
      if (s.actions && !matchesAction(s.actions, r.action)) continue;
      if (s.notActions && matchesAction(s.notActions, r.action)) continue;
      // An unresolved variable in Resource leaves the resource undecided: its keys still matter.
      if (s.resources && !s.resources.some((p) => matchPattern(p, r.resource, r.ctx.lookup) !== false)) continue;
      for (const c of s.conditions) {
        if (r.ctx.values(c.key) === undefined && !missing.has(c.key.toLowerCase())) missing.set(c.key.toLowerCase(), c.key);
      }
    }
  }
  return [...missing.values()];
}
