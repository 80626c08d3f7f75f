/**
 * The decision, following "Policy evaluation logic" (single account) and
 * "Cross-account policy evaluation logic" in the IAM User Guide:
 *  1. an explicit Deny in any policy wins;
 *  2. the root user may do anything in its own account;
 *  3. same account: an Allow in identity-based OR resource-based policies,
 *     where a permissions boundary and session policies (if any) cap what the
 *     identity side grants; how a resource policy names the caller decides
 *     which caps apply to it; role trust policies must always allow;
 *  4. cross account: the identity side AND the resource policy must allow.
 * With AWS Organizations ("How AWS enforcement code logic evaluates requests
 * to allow or deny access"; see organizations.ts): SCP and RCP denies count in
 * step 1; then RCPs (deny-only: RCPFullAWSAccess always allows), then every
 * level of the principal's SCPs must allow, before the root user's shortcut
 * (SCPs restrict the root user of a member account) and steps 3-4.
 */
import type { AuthzRequest, Decision, PolicySet, PolicyType, TraceEntry } from '../types.js';
import { evaluateOrganizations } from './organizations.js';
import { evaluateType, type TypeResult } from './policy-type.js';
import { prepareRequest, type PreparedRequest } from './request.js';

export function evaluate(req: AuthzRequest, policies: PolicySet): Decision {
  const r = prepareRequest(req);
  const d = decide(r, policies);
  // Every policy type is evaluated before the decision is taken, so this covers every read.
  d.contextRead = r.ctx.wasRead();
  return d;
}

function decide(r: PreparedRequest, policies: PolicySet): Decision {
  const trace: TraceEntry[] = [];
  const org = evaluateOrganizations(r, policies, trace);
  const hasBoundary = policies.boundary !== undefined;
  const identityOpts = { checkPrincipal: false, hasBoundary };
  const results: Record<Exclude<PolicyType, 'scp' | 'rcp'>, TypeResult> = {
    identity: evaluateType('identity', policies.identity, r, identityOpts, trace),
    resource: evaluateType('resource', policies.resource ? [policies.resource] : [], r, { checkPrincipal: true, hasBoundary }, trace),
    boundary: evaluateType('boundary', policies.boundary ? [policies.boundary] : [], r, identityOpts, trace),
    session: evaluateType('session', policies.session ?? [], r, identityOpts, trace),
  };
  const allow = (): Decision => ({ decision: 'Allow', allowed: true, trace });
  const implicitDeny = (deniedBy: PolicyType): Decision => ({ decision: 'ImplicitDeny', allowed: false, deniedBy, trace });

  const explicitDeny = (deniedBy: PolicyType): Decision => ({ decision: 'ExplicitDeny', allowed: false, deniedBy, trace });
  // AWS names one policy type when several deny; this order picks it (organization policies first, as the page lists them).
  if (org.scpDenied) return explicitDeny('scp');
  if (org.rcpDenied) return explicitDeny('rcp');
  for (const type of ['identity', 'resource', 'boundary', 'session'] as const) {
    if (results[type].denied) return explicitDeny(type);
  }
  if (org.scpNotAllowed) return implicitDeny('scp');

  const { identity, resource, boundary, session } = results;
  const p = r.principal;
  if (p.type === 'Root' && r.sameAccount && !r.roleTrust) {
    trace.push({ policyType: 'root', policyId: p.arn, statement: '-', effect: 'Allow', matched: true, note: 'the root user has full access to its own account' });
    return allow();
  }

  // What caps an identity-side grant: boundary, then session policies (absent ones cap nothing).
  const capFailure: PolicyType | undefined =
    boundary.present && !boundary.allowed ? 'boundary' : session.present && !session.allowed ? 'session' : undefined;
  // The root user needs no identity policy; anonymous callers have no identity side at all.
  const identityFailure: PolicyType | undefined =
    p.type === 'Anonymous' ? 'resource' : !identity.allowed && p.type !== 'Root' ? 'identity' : capFailure;

  if (!r.sameAccount) {
    if (p.type === 'Anonymous') return resource.allowed ? allow() : implicitDeny('resource');
    if (identityFailure) return implicitDeny(identityFailure);
    return resource.allowed ? allow() : implicitDeny('resource');
  }

  if (r.roleTrust && !resource.allowed) return implicitDeny('resource');
  // Named directly (user or session ARN, or "*"): the resource policy grants on its own.
  if (resource.allowed && resource.allowMatch === 'direct') return allow();
  // Named by role ARN: limited by the session's boundary and session policies, not by identity policies.
  if (resource.allowed && resource.allowMatch === 'role') return capFailure ? implicitDeny(capFailure) : allow();
  // Named by account, or not at all: the identity side decides.
  return identityFailure ? implicitDeny(identityFailure) : allow();
}
