/**
 * AWS's AccessDenied text ("Troubleshoot access denied error messages"):
 *   User: ARN is not authorized to perform: ACTION on resource: RESOURCE
 *   …with an explicit deny in a TYPE            (explicit deny)
 *   …because no TYPE allows the ACTION action   (implicit deny)
 * TYPE includes "a service control policy" / "a resource control policy"
 * (same page, "Access denied error message examples").
 * An implicitly denied sts:AssumeRole (STS gives no reason clause, whichever
 * side failed to allow), and other cross-account implicit denies, carry none.
 */
import { isRoleTrustRequest, resourceAccountOf } from '../evaluate/request.js';
import type { AuthzRequest, Decision, PolicyType } from '../types.js';

const EXPLICIT: Record<PolicyType, string> = {
  identity: 'an identity-based policy',
  resource: 'a resource-based policy',
  boundary: 'a permissions boundary',
  session: 'a session policy',
  scp: 'a service control policy',
  rcp: 'a resource control policy',
};

const IMPLICIT: Record<PolicyType, string> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  scp: 'service control policy',
  rcp: 'resource control policy',
};

/** '' for an allowed request. */
export function denialMessage(req: AuthzRequest, d: Decision): string {
  if (d.allowed) return '';
  const who = req.principal.type === 'Anonymous' ? 'anonymous' : req.principal.arn;
  const base = `User: ${who} is not authorized to perform: ${req.action} on resource: ${req.resource}`;
  const type = d.deniedBy ?? 'identity';
  const trust = type === 'resource' && isRoleTrustRequest(req);
  if (d.decision === 'ExplicitDeny') return `${base} with an explicit deny in ${trust ? 'the role trust policy' : EXPLICIT[type]}`;
  const crossAccount = req.principal.type === 'Anonymous' || req.principal.account !== resourceAccountOf(req);
  if (trust || crossAccount || isRoleTrustRequest(req)) return base;
  return `${base} because no ${IMPLICIT[type]} allows the ${req.action} action`;
}
