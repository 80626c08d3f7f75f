/**
 * What AWS Organizations brings to every decision about an account: where the account sits (for
 * aws:PrincipalOrgID / PrincipalOrgPaths and aws:ResourceOrgID / ResourceOrgPaths), and the SCPs and RCPs
 * of each level from the root down to it ("SCP evaluation", "RCP evaluation": one list per level,
 * root → OU … → account). Read once per account and cached until the next write that may change it:
 * every Organizations write forgets cached reads in every process (forgetsReads).
 */
import type { AttachedPolicy, OrgPlace, PolicySet } from '../../policy/index.js';
import type { Store } from '../../store/index.js';
import type { OrganizationRow, OrgPolicyType } from '../../store/organizations.js';
import { compiledPolicy } from '../iam/public.js';
import { AWS_MANAGED_POLICIES, ancestorsOf, isAwsManagedPolicyId, orgPath } from './shared.js';

/** An account's place in its organization and the organization's policies over it. */
export interface AccountOrganization {
  place: OrgPlace;
  /** "SCPs don't affect users or roles in the management account", "RCPs don't affect resources in" it. */
  management: boolean;
  /** one list per level [root, OU…, account]; absent while the type is not enabled on the root */
  scps?: AttachedPolicy[][];
  rcps?: AttachedPolicy[][];
}

/** The account's organization facts, read afresh. */
function readAccountOrganization(store: Store, account: string): AccountOrganization | undefined {
  const member = store.orgAccounts.get(account);
  if (!member) return undefined;
  const org = store.organizations.byId(member.org_id);
  if (!org) return undefined;
  const levels = [...ancestorsOf(store, org, member.parent_id), account];
  return {
    // aws:PrincipalOrgPaths and aws:ResourceOrgPaths stop at the account's parent.
    place: { id: org.id, path: orgPath(store, org, member.parent_id) },
    management: org.management_account_id === account,
    scps: levelsOf(store, org, levels, 'SERVICE_CONTROL_POLICY'),
    rcps: levelsOf(store, org, levels, 'RESOURCE_CONTROL_POLICY'),
  };
}

/** Cached until the next write that forgets cached reads. */
export function accountOrganization(store: Store, account: string): AccountOrganization | undefined {
  return store.cached(`organization\0${account}`, () => readAccountOrganization(store, account));
}

/** Whether any organization exists: when none does, no request needs to look for one. */
export function anyOrganization(store: Store): boolean {
  return store.cached('organizations\0any', () => store.organizations.list().length > 0);
}

/** Policies need the ALL feature set and the type enabled on the root ("Enabling a policy type"). */
function levelsOf(store: Store, org: OrganizationRow, levels: string[], type: OrgPolicyType): AttachedPolicy[][] | undefined {
  if (org.feature_set !== 'ALL' || !store.organizations.isPolicyTypeEnabled(org.root_id, type)) return undefined;
  return levels.map((target) => store.orgPolicies.attachedTo(org.id, target, type).map(({ policy_id }) => attached(store, policy_id, type, target)));
}

function attached(store: Store, policyId: string, type: OrgPolicyType, target: string): AttachedPolicy {
  const managed = isAwsManagedPolicyId(policyId) ? AWS_MANAGED_POLICIES[type] : undefined;
  const row = managed ? undefined : store.orgPolicies.get(policyId);
  // A policy deleted under its attachment (DeletePolicy refuses that) would allow nothing.
  const content = managed?.content ?? row?.content ?? '{"Version":"2012-10-17","Statement":[]}';
  const name = managed?.name ?? row?.name ?? policyId;
  return { id: `${name} (${policyId}) attached to ${targetLabel(target)}`, policy: compiledPolicy(content) };
}

const targetLabel = (id: string) => (id.startsWith('r-') ? `root ${id}` : id.startsWith('ou-') ? `OU ${id}` : `account ${id}`);

/** The SCP side of a principal's PolicySet: its account's SCPs, unless that is the management account. */
export function scpPolicies(org: AccountOrganization | undefined): Pick<PolicySet, 'scps' | 'principalIsManagementAccount'> {
  return org?.scps ? { scps: org.scps, principalIsManagementAccount: org.management } : {};
}

/** Adds the RCP side of the resource's account to a PolicySet. */
export function addRcpPolicies(set: PolicySet, org: AccountOrganization | undefined): void {
  if (!org?.rcps) return;
  set.rcps = org.rcps;
  set.resourceIsInManagementAccount = org.management;
}
