/**
 * What every Organizations operation shares: the caller's organization, the management-account rule,
 * ARNs and ids of its resources, and finding a root, OU or account by id.
 * (Organizations API Reference: "Common Errors" and each operation's Errors; ARN forms from
 * "Actions, resources, and condition keys for AWS Organizations".)
 */
import { AwsError } from '../../core/aws-error.js';
import type { Store } from '../../store/index.js';
import type { OrganizationRow, OrgPolicyType } from '../../store/organizations.js';
import type { OrgUnitRow } from '../../store/org-units.js';
import type { OrgAccountRow } from '../../store/org-accounts.js';
import type { RequestContext } from '../operation.js';

export const notInUse = () =>
  new AwsError('AWSOrganizationsNotInUseException', "Your account isn't a member of an organization. To make this request, you must use the credentials of an account that belongs to an organization.");
export const accessDeniedToOrganization = () =>
  new AwsError('AccessDeniedException', "You don't have permissions to access this resource.");
export const targetNotFound = () =>
  new AwsError('TargetNotFoundException', "We can't find a root, OU, account, or policy with the TargetId that you specified.");
export const constraintViolation = (reason: string, message: string) =>
  new AwsError('ConstraintViolationException', message, 400, { Reason: reason });
/** InvalidInputException with its Reason (INVALID_PATTERN, INVALID_ENUM, INVALID_NEXT_TOKEN, DUPLICATE_TAG_KEY…). */
export const invalidInput = (reason: string, message: string) =>
  new AwsError('InvalidInputException', message, 400, { Reason: reason });

/** The organization the caller's account belongs to, or AWSOrganizationsNotInUseException. */
export function callerOrganization(ctx: RequestContext): OrganizationRow {
  const org = ctx.store.organizations.ofAccount(ctx.account);
  if (!org) throw notInUse();
  return org;
}

/** The caller's organization when the caller is in its management account; a member gets AccessDeniedException. */
export function managedOrganization(ctx: RequestContext): OrganizationRow {
  const org = callerOrganization(ctx);
  if (org.management_account_id !== ctx.account) throw accessDeniedToOrganization();
  return org;
}

export const organizationArn = (o: OrganizationRow) => `arn:aws:organizations::${o.management_account_id}:organization/${o.id}`;
export const rootArn = (o: OrganizationRow, rootId = o.root_id) => `arn:aws:organizations::${o.management_account_id}:root/${o.id}/${rootId}`;
/** The ARN of a root, OU or account by its id's form (they differ), whether or not it exists: what a request on it is authorized against. */
export function nodeArn(o: OrganizationRow, id: string): string {
  if (id.startsWith('r-')) return rootArn(o, id);
  return id.startsWith('ou-') ? ouArn(o, id) : accountArn(o, id);
}
export const ouArn = (o: OrganizationRow, ouId: string) => `arn:aws:organizations::${o.management_account_id}:ou/${o.id}/${ouId}`;
export const accountArn = (o: OrganizationRow, accountId: string) => `arn:aws:organizations::${o.management_account_id}:account/${o.id}/${accountId}`;
export const handshakeArn = (o: OrganizationRow, handshakeId: string) => `arn:aws:organizations::${o.management_account_id}:handshake/${o.id}/invite/${handshakeId}`;

/** AWS-managed policies: attached to every root, OU and account while their type is enabled. */
export const AWS_MANAGED_POLICIES: Record<OrgPolicyType, { id: string; name: string; description: string; content: string }> = {
  SERVICE_CONTROL_POLICY: {
    id: 'p-FullAWSAccess', name: 'FullAWSAccess', description: 'Allows access to every operation',
    content: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
  },
  RESOURCE_CONTROL_POLICY: {
    id: 'p-RCPFullAWSAccess', name: 'RCPFullAWSAccess', description: 'Allows access to every operation',
    content: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
  },
};
const POLICY_TYPE_PATH: Record<OrgPolicyType, string> = { SERVICE_CONTROL_POLICY: 'service_control_policy', RESOURCE_CONTROL_POLICY: 'resource_control_policy' };
export const isAwsManagedPolicyId = (id: string) => id === 'p-FullAWSAccess' || id === 'p-RCPFullAWSAccess';
export function policyArn(o: OrganizationRow, type: OrgPolicyType, policyId: string): string {
  return isAwsManagedPolicyId(policyId)
    ? `arn:aws:organizations::aws:policy/${POLICY_TYPE_PATH[type]}/${policyId}`
    : `arn:aws:organizations::${o.management_account_id}:policy/${o.id}/${POLICY_TYPE_PATH[type]}/${policyId}`;
}

/** A policy target or parent found by id within one organization. */
export type OrgNode =
  | { kind: 'ROOT'; id: string }
  | { kind: 'ORGANIZATIONAL_UNIT'; id: string; ou: OrgUnitRow }
  | { kind: 'ACCOUNT'; id: string; account: OrgAccountRow };

export function findNode(store: Store, org: OrganizationRow, id: string): OrgNode | undefined {
  if (id === org.root_id) return { kind: 'ROOT', id };
  if (id.startsWith('ou-')) {
    const ou = store.orgUnits.get(id);
    return ou && ou.org_id === org.id ? { kind: 'ORGANIZATIONAL_UNIT', id, ou } : undefined;
  }
  if (/^\d{12}$/.test(id)) {
    const account = store.orgAccounts.get(id);
    return account && account.org_id === org.id ? { kind: 'ACCOUNT', id, account } : undefined;
  }
  return undefined;
}

/** The ids from the root down to the node's parent: [root, ou…]. */
export function ancestorsOf(store: Store, org: OrganizationRow, parentId: string): string[] {
  const chain: string[] = [];
  for (let id = parentId; ; ) {
    chain.unshift(id);
    if (id === org.root_id) return chain;
    const ou = store.orgUnits.get(id);
    if (!ou) return chain;
    id = ou.parent_id;
  }
}

/**
 * Where a node sits, as AWS writes paths: o-…/r-…/ou-…/ down to its parent, then the node's own id when
 * given ("Path" of an OrganizationalUnit includes the OU; aws:PrincipalOrgPaths stops at the account's parent).
 */
export function orgPath(store: Store, org: OrganizationRow, parentId: string, ownId?: string): string {
  const ids = [org.id, ...ancestorsOf(store, org, parentId)];
  if (ownId) ids.push(ownId);
  return `${ids.join('/')}/`;
}

/**
 * Attaches the AWS-managed policy of each enabled type to a new OU or account, as AWS does
 * ("FullAWSAccess … attached to every root, OU, and account" while SCPs are enabled).
 */
export function attachManagedDefaults(store: Store, org: OrganizationRow, targetId: string): void {
  for (const { type, status } of store.organizations.enabledPolicyTypes(org.root_id)) {
    if (status === 'ENABLED') store.orgPolicies.attach(org.id, targetId, AWS_MANAGED_POLICIES[type].id, type);
  }
}
