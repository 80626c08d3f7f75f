/** The request as the evaluator sees it: owner account settled, principal keys in the context. */
import { parseArn } from '../../core/arn.js';
import { contextView, type ContextView } from '../conditions/context.js';
import type { AuthzRequest, PrincipalInfo } from '../types.js';

export interface PreparedRequest {
  principal: PrincipalInfo;
  action: string;
  resource: string;
  resourceAccount: string;
  sameAccount: boolean;
  /** sts:AssumeRole* on a role: the resource policy is the role trust policy. */
  roleTrust: boolean;
  ctx: ContextView;
}

/**
 * A role trust policy must itself allow the caller ("Policy evaluation logic": IAM role trust policies are an exception),
 * for sts:AssumeRole* and for what the same call asks of the trust policy: sts:TagSession ("Passing session tags in AWS STS")
 * and sts:SetSourceIdentity ("Monitor and control actions taken with assumed roles").
 */
export function isRoleTrustRequest(req: Pick<AuthzRequest, 'action' | 'resource'>): boolean {
  const arn = parseArn(req.resource);
  return /^sts:(assumerole|tagsession$|setsourceidentity$)/i.test(req.action) && arn?.service === 'iam' && arn.resource.startsWith('role/');
}

const ORGANIZATIONS_ACTION = /^organizations:/i;

export function resourceAccountOf(req: AuthzRequest): string {
  // S3 ARNs carry no account; without one from the caller the resource is the principal's own. So are AWS's own
  // resources (arn:aws:iam::aws:policy/…, arn:aws:organizations::aws:policy/…/p-FullAWSAccess): no account's but
  // usable by every account, they need no resource policy of another account.
  // Organizations' resources carry the management account's id, yet it has no resource-based policies: a member's
  // principal accepting an invitation (organizations:AcceptHandshake) is judged by its own policies alone.
  const account = ORGANIZATIONS_ACTION.test(req.action) ? undefined : parseArn(req.resource)?.account;
  return req.resourceAccount || (account && account !== 'aws' ? account : '') || req.principal.account;
}

export function prepareRequest(req: AuthzRequest): PreparedRequest {
  const resourceAccount = resourceAccountOf(req);
  return {
    principal: req.principal,
    action: req.action,
    resource: req.resource,
    resourceAccount,
    sameAccount: req.principal.type !== 'Anonymous' && req.principal.account === resourceAccount,
    roleTrust: isRoleTrustRequest(req),
    ctx: contextView(req.context, () => requestKeys(req, resourceAccount)),
  };
}

/**
 * The keys a request brings by its principal and resource, for the ones its context does not already give:
 * aws:ResourceAccount always (a resource has an owner), aws:ResourceOrgID / aws:ResourceOrgPaths when the owner
 * is in an organization ("AWS global condition context keys").
 */
function requestKeys(req: AuthzRequest, resourceAccount: string): Array<[string, string | string[]]> {
  const out: Array<[string, string | string[]]> = principalKeys(req.principal);
  if (resourceAccount) out.push(['aws:ResourceAccount', resourceAccount]);
  if (req.resourceOrg) out.push(['aws:ResourceOrgID', req.resourceOrg.id], ['aws:ResourceOrgPaths', [req.resourceOrg.path]]);
  return out;
}

const PRINCIPAL_TYPE = { Root: 'Account', User: 'User', AssumedRole: 'AssumedRole', Anonymous: 'Anonymous' } as const;

/** The global principal keys of a principal, for the ones a request's context does not already give. */
export function principalKeys(p: PrincipalInfo): Array<[string, string | string[]]> {
  const out: Array<[string, string | string[]]> = [];
  const add = (key: string, value: string | string[] | undefined) => { if (value !== undefined) out.push([key, value]); };
  add('aws:PrincipalType', PRINCIPAL_TYPE[p.type]);
  if (p.type !== 'Anonymous') {
    // For a role session aws:PrincipalArn is the role's ARN, not the session's.
    add('aws:PrincipalArn', p.type === 'AssumedRole' ? (p.roleArn ?? p.arn) : p.arn);
    add('aws:PrincipalAccount', p.account);
  }
  add('aws:userid', p.userId);
  if (p.type === 'User') add('aws:username', p.username);
  for (const [k, v] of Object.entries(p.tags ?? {})) add(`aws:PrincipalTag/${k}`, v);
  // aws:PrincipalOrgPaths is multivalued: a principal has one path today, but policies test it with ForAnyValue.
  if (p.org) {
    add('aws:PrincipalOrgID', p.org.id);
    add('aws:PrincipalOrgPaths', [p.org.path]);
  }
  return out;
}
