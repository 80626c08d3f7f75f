/**
 * The organization itself: CreateOrganization, DescribeOrganization, DeleteOrganization, ListRoots, and the
 * services given trusted access (EnableAWSServiceAccess …). Organizations API Reference, each operation's page.
 */
import { AwsError } from '../../core/aws-error.js';
import { newOrganizationId, newRootId } from '../../core/ids.js';
import type { Store } from '../../store/index.js';
import type { OrganizationRow } from '../../store/organizations.js';
import type { OperationTable, RequestContext } from '../operation.js';
import { accountArn, callerOrganization, constraintViolation, invalidInput, managedOrganization, organizationArn, rootArn } from './shared.js';
import { enumValue } from './enum-value.js';
import { paginate } from './paginate.js';
import { emailForAccount } from './emails.js';

/** The root's policy types as AWS lists them (PolicyTypeSummary). */
export function policyTypesOf(store: Store, org: OrganizationRow) {
  return store.organizations.enabledPolicyTypes(org.root_id).map((t) => ({ Type: t.type, Status: t.status }));
}

export function organizationOutput(store: Store, org: OrganizationRow) {
  return {
    Id: org.id, Arn: organizationArn(org), FeatureSet: org.feature_set,
    MasterAccountArn: accountArn(org, org.management_account_id), MasterAccountId: org.management_account_id,
    MasterAccountEmail: store.orgAccounts.get(org.management_account_id)?.email,
    // deprecated, "doesn't provide complete information", still in AWS's answer (API_Organization)
    AvailablePolicyTypes: policyTypesOf(store, org),
  };
}

export function rootOutput(store: Store, org: OrganizationRow) {
  return { Id: org.root_id, Arn: rootArn(org), Name: 'Root', PolicyTypes: policyTypesOf(store, org) };
}

/**
 * A new organization whose management account is `account`: the account joins under the new root
 * (JoinedMethod INVITED, as AWS shows the management account). No policy type is enabled on the root:
 * the API Reference says ALL enables SCPs, but the API does not (only the console does:
 * aws-cloudformation/cloudformation-coverage-roadmap#1901), and Terraform's aws_organizations_organization
 * calls EnablePolicyType right after CreateOrganization, which PolicyTypeAlreadyEnabledException would fail.
 */
export function createOrganization(store: Store, account: string, featureSet: OrganizationRow['feature_set'], now: Date): OrganizationRow {
  if (store.organizations.ofAccount(account)) {
    throw new AwsError('AlreadyInOrganizationException', 'This account is already a member of an organization. An account can belong to only one organization.');
  }
  const at = now.toISOString();
  const org: OrganizationRow = { id: newOrganizationId(), management_account_id: account, feature_set: featureSet, root_id: newRootId(), created_at: at };
  store.organizations.insert(org);
  const email = emailForAccount(store, account);
  const name = store.accounts.byId(account)?.name ?? account;
  store.orgAccounts.insert({ account_id: account, org_id: org.id, parent_id: org.root_id, name, email, status: 'ACTIVE', joined_method: 'INVITED', joined_at: at });
  return org;
}

/**
 * Deletes an organization left with its management account only (else OrganizationNotEmptyException).
 * Closed (SUSPENDED) accounts don't count: AWS keeps them 90 days, Gatehouse lets them go with the organization.
 */
export function deleteOrganization(store: Store, org: OrganizationRow): void {
  if (store.orgAccounts.inOrganization(org.id).some((a) => a.account_id !== org.management_account_id && a.status === 'ACTIVE')) {
    throw new AwsError('OrganizationNotEmptyException', 'The organization isn\'t empty. To delete an organization, you must first remove all member accounts except the management account.');
  }
  for (const ou of store.orgUnits.inOrganization(org.id)) store.orgTags.clear(ou.id);
  for (const type of ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const) {
    for (const p of store.orgPolicies.list(org.id, type)) store.orgTags.clear(p.id);
  }
  for (const a of store.orgAccounts.inOrganization(org.id)) store.orgTags.clear(a.account_id);
  // an open invitation's tags wait under its id (InviteAccountToOrganization)
  for (const h of store.orgHandshakes.forOrganization(org.id)) store.orgTags.clear(h.id);
  store.orgHandshakes.deleteForOrganization(org.id);
  store.organizations.delete(org.id);
}

/**
 * The organization a service is given trusted access to, with the principal checked: a service's
 * (`sso.amazonaws.com`…; anything else is UNRECOGNIZED_SERVICE_PRINCIPAL), in an organization with
 * all features ("Your organization must have all features enabled", trusted access in the User Guide).
 */
function serviceAccessOrganization(ctx: RequestContext, servicePrincipal: string): OrganizationRow {
  const org = managedOrganization(ctx);
  if (!/^[a-z0-9][a-z0-9.-]*\.amazonaws\.com$/.test(servicePrincipal)) {
    throw invalidInput('UNRECOGNIZED_SERVICE_PRINCIPAL', "You specified a service principal that isn't recognized.");
  }
  if (org.feature_set !== 'ALL') {
    throw constraintViolation('ORGANIZATION_NOT_IN_ALL_FEATURES_MODE', 'You attempted to perform an operation that requires the organization to be configured to support all features.');
  }
  return org;
}

export const organizationOperations: OperationTable = {
  CreateOrganization: {
    action: 'organizations:CreateOrganization', forgetsReads: true,
    handle(i, ctx) {
      const featureSet = enumValue(i.FeatureSet, ['ALL', 'CONSOLIDATED_BILLING'] as const, 'FeatureSet') ?? 'ALL';
      const org = createOrganization(ctx.store, ctx.account, featureSet, ctx.clock.now());
      return { Organization: organizationOutput(ctx.store, org) };
    },
  },
  DescribeOrganization: {
    action: 'organizations:DescribeOrganization',
    handle: (_i, ctx) => ({ Organization: organizationOutput(ctx.store, callerOrganization(ctx)) }),
  },
  DeleteOrganization: {
    action: 'organizations:DeleteOrganization', forgetsReads: true,
    handle(_i, ctx) {
      deleteOrganization(ctx.store, managedOrganization(ctx));
    },
  },
  ListRoots: {
    action: 'organizations:ListRoots',
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      const page = paginate([rootOutput(ctx.store, org)], i);
      return { Roots: page.items, NextToken: page.NextToken };
    },
  },
  EnableAWSServiceAccess: {
    action: 'organizations:EnableAWSServiceAccess', forgetsReads: true,
    handle(i, ctx) {
      const org = serviceAccessOrganization(ctx, i.ServicePrincipal);
      ctx.store.organizations.enableServiceAccess(org.id, i.ServicePrincipal, ctx.clock.now().toISOString());
    },
  },
  DisableAWSServiceAccess: {
    action: 'organizations:DisableAWSServiceAccess', forgetsReads: true,
    handle(i, ctx) {
      const org = serviceAccessOrganization(ctx, i.ServicePrincipal);
      ctx.store.organizations.disableServiceAccess(org.id, i.ServicePrincipal);
    },
  },
  ListAWSServiceAccessForOrganization: {
    action: 'organizations:ListAWSServiceAccessForOrganization',
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      const page = paginate(ctx.store.organizations.serviceAccess(org.id), i);
      return {
        EnabledServicePrincipals: page.items.map((s) => ({ ServicePrincipal: s.service_principal, DateEnabled: new Date(s.enabled_at) })),
        NextToken: page.NextToken,
      };
    },
  },
};
