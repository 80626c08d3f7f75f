/** Does one statement apply to the request? Says why not, for the trace. */
import type { CompiledStatement } from '../compile/compiled.js';
import { evaluateCondition } from '../conditions/evaluate-condition.js';
import { matchesAction } from '../match/action.js';
import { matchPattern, type Pattern } from '../match/pattern.js';
import { matchPrincipal, notPrincipalExempts, type PrincipalMatch } from '../match/principal.js';
import type { PreparedRequest } from './request.js';

export interface StatementOutcome {
  matched: boolean;
  note?: string;
  /** For statements with Principal/NotPrincipal: how the caller is named. */
  principalMatch?: PrincipalMatch;
}

export interface StatementOptions {
  /** Resource-based and trust policies name principals; identity-side policies do not. */
  checkPrincipal: boolean;
  /** The caller has a permissions boundary (matters for NotPrincipal with Deny). */
  hasBoundary: boolean;
}

export function evaluateStatement(s: CompiledStatement, req: PreparedRequest, opts: StatementOptions): StatementOutcome {
  if (s.actions && !matchesAction(s.actions, req.action)) return { matched: false, note: 'Action does not match' };
  if (s.notActions && matchesAction(s.notActions, req.action)) return { matched: false, note: 'action is listed in NotAction' };

  if (s.resources) {
    const r = matchResources(s.resources, req);
    if (!r) return { matched: false, note: r === undefined ? 'Resource has an unresolved policy variable' : 'Resource does not match' };
  }
  if (s.notResources) {
    const r = matchResources(s.notResources, req);
    if (r === undefined) return { matched: false, note: 'NotResource has an unresolved policy variable' };
    if (r) return { matched: false, note: 'resource is listed in NotResource' };
  }

  let principalMatch: PrincipalMatch | undefined;
  if (opts.checkPrincipal) {
    principalMatch = principalOf(s, req, opts);
    if (principalMatch === 'none') return { matched: false, note: 'Principal does not match', principalMatch };
  }

  for (const c of s.conditions) {
    const r = evaluateCondition(c, req.ctx);
    if (!r.holds) {
      const why = r.unresolved ? 'has an unresolved policy variable' : 'is not met';
      return { matched: false, note: `Condition ${c.operator} ${c.key} ${why}`, principalMatch };
    }
  }
  return { matched: true, principalMatch };
}

/** true if any pattern matches; undefined if none does and some had an unresolved variable. */
function matchResources(patterns: readonly Pattern[], req: PreparedRequest): boolean | undefined {
  let unresolved = false;
  for (const p of patterns) {
    const r = matchPattern(p, req.resource, req.ctx.lookup);
    if (r) return true;
    if (r === undefined) unresolved = true;
  }
  return unresolved ? undefined : false;
}

function principalOf(s: CompiledStatement, req: PreparedRequest, opts: StatementOptions): PrincipalMatch {
  if (s.principal) return matchPrincipal(s.principal, req.principal);
  if (s.notPrincipal) {
    // "Permissions boundaries for IAM entities": NotPrincipal with Deny always
    // denies principals that have a permissions boundary, whatever it lists.
    if (s.effect === 'Deny' && opts.hasBoundary) return 'direct';
    if (s.effect === 'Deny') return notPrincipalExempts(s.notPrincipal, req.principal) ? 'none' : 'direct';
    return matchPrincipal(s.notPrincipal, req.principal) === 'none' ? 'direct' : 'none';
  }
  return 'none'; // validation requires one of them in resource policies
}
