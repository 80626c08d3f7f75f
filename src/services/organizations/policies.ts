/**
 * Organizations policies as objects: the policy types a root has enabled, SCPs and RCPs (customer
 * and AWS-managed), and their attachments to roots, OUs and accounts. Enforcement reads what these
 * write (store.orgPolicies.attachedTo); every write forgets cached reads so each process sees it next.
 * Rules and errors from the Organizations API Reference (each operation's Errors, ConstraintViolation-
 * Exception's and InvalidInputException's reasons) and "Quotas for AWS Organizations".
 */
import { AwsError } from '../../core/aws-error.js';
import { newOrgPolicyId } from '../../core/ids.js';
import type { Store } from '../../store/index.js';
import type { OrganizationRow, OrgPolicyType } from '../../store/organizations.js';
import type { OrgPolicyRow } from '../../store/org-policies.js';
import type { Input, OperationTable, RequestContext } from '../operation.js';
import { paginate } from './paginate.js';
import { rootOutput } from './organization.js';
import { checkOrgPolicyContent } from './policy-documents.js';
import { checkOrgTags, tagsAtCreation } from './tags.js';
import {
  AWS_MANAGED_POLICIES, constraintViolation, findNode, invalidInput, isAwsManagedPolicyId, managedOrganization, nodeArn, policyArn,
  targetNotFound, type OrgNode,
} from './shared.js';

const SERVED_TYPES: readonly OrgPolicyType[] = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'];
/**
 * "Quotas for AWS Organizations" (and the issue): policies of a type attached to one root, OU or account.
 * AWS-managed ones are counted here too; whether AWS counts RCPFullAWSAccess, its pages don't say.
 */
export const MAX_ATTACHED_PER_TYPE = 5;
/** "Quotas for AWS Organizations": policies of a type in one organization. */
const MAX_POLICIES: Record<OrgPolicyType, number> = { SERVICE_CONTROL_POLICY: 10_000, RESOURCE_CONTROL_POLICY: 1_000 };

/** A policy as the operations see it: a customer policy's row, or an AWS-managed one (no row). */
interface OrgPolicy { id: string; type: OrgPolicyType; name: string; description: string; content: string; awsManaged: boolean }

/** The policy types Gatehouse serves; every other one AWS has is refused rather than silently accepted. */
function servedType(type: string): OrgPolicyType {
  if ((SERVED_TYPES as readonly string[]).includes(type)) return type as OrgPolicyType;
  throw new AwsError('PolicyTypeNotAvailableForOrganizationException',
    `Gatehouse serves only SERVICE_CONTROL_POLICY and RESOURCE_CONTROL_POLICY policies, not ${type}.`);
}

const policyTypeNotEnabled = () => new AwsError('PolicyTypeNotEnabledException',
  "The specified policy type isn't currently enabled in this root. You can't attach policies of the specified type to entities in a root until you enable that type in the root.");
const policyNotFound = () => new AwsError('PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified.");
const immutablePolicy = () => invalidInput('IMMUTABLE_POLICY', "You specified a policy that is managed by AWS and can't be modified.");

function managedPolicy(id: string): OrgPolicy | undefined {
  const type = SERVED_TYPES.find((t) => AWS_MANAGED_POLICIES[t].id === id);
  if (!type) return undefined;
  const m = AWS_MANAGED_POLICIES[type];
  return { id: m.id, type, name: m.name, description: m.description, content: m.content, awsManaged: true };
}
const customerPolicy = (row: OrgPolicyRow): OrgPolicy => ({ ...row, awsManaged: false });

function findPolicy(store: Store, org: OrganizationRow, id: string): OrgPolicy | undefined {
  if (isAwsManagedPolicyId(id)) return managedPolicy(id);
  const row = store.orgPolicies.get(id);
  return row && row.org_id === org.id ? customerPolicy(row) : undefined;
}
function requirePolicy(store: Store, org: OrganizationRow, id: string): OrgPolicy {
  const p = findPolicy(store, org, id);
  if (!p) throw policyNotFound();
  return p;
}
function requireCustomerPolicy(store: Store, org: OrganizationRow, id: string): OrgPolicyRow {
  if (isAwsManagedPolicyId(id)) throw immutablePolicy();
  const row = store.orgPolicies.get(id);
  if (!row || row.org_id !== org.id) throw policyNotFound();
  return row;
}

const policySummary = (org: OrganizationRow, p: OrgPolicy) => ({
  Id: p.id, Arn: policyArn(org, p.type, p.id), Name: p.name, Description: p.description, Type: p.type, AwsManaged: p.awsManaged,
});
const policyOutput = (org: OrganizationRow, p: OrgPolicy) => ({ Policy: { PolicySummary: policySummary(org, p), Content: p.content } });

const nodeName = (n: OrgNode) => (n.kind === 'ROOT' ? 'Root' : n.kind === 'ORGANIZATIONAL_UNIT' ? n.ou.name : n.account.name);

/**
 * Authorizes an action on a policy (and a target, for attach/detach) as the Service Authorization
 * Reference lists them, with organizations:PolicyType in the context. An id naming no policy is checked
 * against an ARN no statement names by accident, so only a "*" grant reaches PolicyNotFoundException.
 */
function authorizePolicyAction(ctx: RequestContext, action: string, org: OrganizationRow, policyId: string, targetId?: string): void {
  const p = findPolicy(ctx.store, org, policyId);
  // AWS-managed policies' ARNs name the account "aws": they are the management account's to use.
  const options = { context: p ? { 'organizations:PolicyType': p.type } : undefined, resourceAccount: org.management_account_id };
  ctx.authorize(action, p ? policyArn(org, p.type, p.id) : `arn:aws:organizations::${org.management_account_id}:policy/${org.id}/unknown/${policyId}`, options);
  if (targetId !== undefined) ctx.authorize(action, nodeArn(org, targetId), options);
}

function requireTarget(store: Store, org: OrganizationRow, id: string): OrgNode {
  const node = findNode(store, org, id);
  if (!node) throw targetNotFound();
  return node;
}

/** Every root, OU and account of the organization: where AWS-managed policies go when their type is enabled. */
function everyTarget(store: Store, org: OrganizationRow): string[] {
  return [org.root_id, ...store.orgUnits.inOrganization(org.id).map((u) => u.id), ...store.orgAccounts.inOrganization(org.id).map((a) => a.account_id)];
}

/** EnablePolicyType / DisablePolicyType's root (the organization's own, else RootNotFoundException) and type. */
function rootPolicyType(ctx: RequestContext, i: Input) {
  const org = managedOrganization(ctx);
  if (i.RootId !== org.root_id) throw new AwsError('RootNotFoundException', "We can't find a root with the RootId that you specified.");
  const type = servedType(i.PolicyType);
  return { org, type, enabled: ctx.store.organizations.isPolicyTypeEnabled(org.root_id, type) };
}
function requireAllFeatures(org: OrganizationRow, type: OrgPolicyType): void {
  if (org.feature_set !== 'ALL') {
    throw new AwsError('PolicyTypeNotAvailableForOrganizationException',
      `You can't use ${type} with the feature set currently enabled for this organization: policies need all features enabled.`);
  }
}

function checkNameFree(store: Store, org: OrganizationRow, type: OrgPolicyType, name: string, except?: string): void {
  const taken = name === AWS_MANAGED_POLICIES[type].name || store.orgPolicies.list(org.id, type).some((p) => p.name === name && p.id !== except);
  if (taken) throw new AwsError('DuplicatePolicyException', 'A policy with the same name already exists.');
}

function listed(store: Store, org: OrganizationRow, type: OrgPolicyType): OrgPolicy[] {
  return [managedPolicy(AWS_MANAGED_POLICIES[type].id)!, ...store.orgPolicies.list(org.id, type).map(customerPolicy)];
}

/** UpdatePolicy's and DeletePolicy's customer policy (AWS-managed ones are immutable), after authorizing the action on it. */
function customerPolicyRequest(ctx: RequestContext, action: string, i: Input) {
  const org = managedOrganization(ctx);
  authorizePolicyAction(ctx, action, org, i.PolicyId);
  return { org, row: requireCustomerPolicy(ctx.store, org, i.PolicyId) };
}

/** What AttachPolicy and DetachPolicy start from, after authorizing the action on both the policy and the target. */
function attachmentRequest(ctx: RequestContext, action: string, i: Input) {
  const org = managedOrganization(ctx);
  authorizePolicyAction(ctx, action, org, i.PolicyId, i.TargetId);
  const policy = requirePolicy(ctx.store, org, i.PolicyId);
  const target = requireTarget(ctx.store, org, i.TargetId);
  const attached = ctx.store.orgPolicies.attachedTo(org.id, target.id, policy.type);
  return { org, policy, target, attached, isAttached: attached.some((a) => a.policy_id === policy.id) };
}

const rootResource = (i: Input, ctx: RequestContext) => nodeArn(managedOrganization(ctx), i.RootId);

export const policyOperations: OperationTable = {
  EnablePolicyType: {
    action: 'organizations:EnablePolicyType', resource: rootResource, forgetsReads: true,
    handle(i, ctx) {
      const { org, type, enabled } = rootPolicyType(ctx, i);
      requireAllFeatures(org, type);
      if (enabled) {
        throw new AwsError('PolicyTypeAlreadyEnabledException', 'The specified policy type is already enabled in the specified root.');
      }
      ctx.store.organizations.enablePolicyType(org.root_id, type);
      // "… attached to every root, OU, and account" when the type is enabled (the AWS-managed policy's page).
      const managedId = AWS_MANAGED_POLICIES[type].id;
      for (const target of everyTarget(ctx.store, org)) ctx.store.orgPolicies.attach(org.id, target, managedId, type);
      return { Root: rootOutput(ctx.store, org) };
    },
  },
  DisablePolicyType: {
    action: 'organizations:DisablePolicyType', resource: rootResource, forgetsReads: true,
    handle(i, ctx) {
      const { org, type, enabled } = rootPolicyType(ctx, i);
      if (!enabled) throw policyTypeNotEnabled();
      // Disabling detaches every policy of the type from every target; the policies themselves stay.
      ctx.store.orgPolicies.detachAllOfType(org.id, type);
      ctx.store.organizations.disablePolicyType(org.root_id, type);
      return { Root: rootOutput(ctx.store, org) };
    },
  },

  CreatePolicy: {
    action: 'organizations:CreatePolicy', forgetsReads: true,
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      const type = servedType(i.Type);
      requireAllFeatures(org, type);
      checkOrgPolicyContent(i.Content, type);
      checkNameFree(ctx.store, org, type, i.Name);
      checkOrgTags(i.Tags);
      if (ctx.store.orgPolicies.list(org.id, type).length >= MAX_POLICIES[type]) {
        throw constraintViolation('POLICY_NUMBER_LIMIT_EXCEEDED', `You attempted to exceed the number of policies of type ${type} that you can have in an organization (${MAX_POLICIES[type]}).`);
      }
      const row: OrgPolicyRow = { id: newOrgPolicyId(), org_id: org.id, type, name: i.Name, description: i.Description ?? '', content: i.Content };
      ctx.store.orgPolicies.insert(row);
      const p = customerPolicy(row);
      tagsAtCreation(ctx, policyArn(org, type, row.id), row.id, i.Tags);
      return policyOutput(org, p);
    },
  },
  DescribePolicy: {
    action: 'organizations:DescribePolicy', authorizesItself: true,
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      authorizePolicyAction(ctx, 'organizations:DescribePolicy', org, i.PolicyId);
      return policyOutput(org, requirePolicy(ctx.store, org, i.PolicyId));
    },
  },
  UpdatePolicy: {
    action: 'organizations:UpdatePolicy', authorizesItself: true, forgetsReads: true,
    handle(i, ctx) {
      const { org, row } = customerPolicyRequest(ctx, 'organizations:UpdatePolicy', i);
      if (i.Content !== undefined) checkOrgPolicyContent(i.Content, row.type);
      if (i.Name !== undefined) checkNameFree(ctx.store, org, row.type, i.Name, row.id);
      const next = { name: i.Name ?? row.name, description: i.Description ?? row.description, content: i.Content ?? row.content };
      ctx.store.orgPolicies.update(row.id, next);
      return policyOutput(org, customerPolicy({ ...row, ...next }));
    },
  },
  DeletePolicy: {
    action: 'organizations:DeletePolicy', authorizesItself: true, forgetsReads: true,
    handle(i, ctx) {
      const { org, row } = customerPolicyRequest(ctx, 'organizations:DeletePolicy', i);
      if (ctx.store.orgPolicies.targetsOf(org.id, row.id).length > 0) {
        throw new AwsError('PolicyInUseException', 'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.');
      }
      ctx.store.orgPolicies.delete(row.id);
      ctx.store.orgTags.clear(row.id);
    },
  },
  ListPolicies: {
    action: 'organizations:ListPolicies',
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      const page = paginate(listed(ctx.store, org, servedType(i.Filter)), i);
      return { Policies: page.items.map((p) => policySummary(org, p)), NextToken: page.NextToken };
    },
  },

  AttachPolicy: {
    action: 'organizations:AttachPolicy', authorizesItself: true, forgetsReads: true,
    handle(i, ctx) {
      const { org, policy, target, attached, isAttached } = attachmentRequest(ctx, 'organizations:AttachPolicy', i);
      if (!ctx.store.organizations.isPolicyTypeEnabled(org.root_id, policy.type)) throw policyTypeNotEnabled();
      if (isAttached) {
        throw new AwsError('DuplicatePolicyAttachmentException', 'The selected policy is already attached to the specified target.');
      }
      if (attached.length >= MAX_ATTACHED_PER_TYPE) {
        throw constraintViolation('MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
          `You attempted to exceed the number of policies of type ${policy.type} that you can have attached to a root, OU, or account (${MAX_ATTACHED_PER_TYPE}).`);
      }
      ctx.store.orgPolicies.attach(org.id, target.id, policy.id, policy.type);
    },
  },
  DetachPolicy: {
    action: 'organizations:DetachPolicy', authorizesItself: true, forgetsReads: true,
    handle(i, ctx) {
      const { org, policy, target, attached, isAttached } = attachmentRequest(ctx, 'organizations:DetachPolicy', i);
      if (!isAttached) {
        throw new AwsError('PolicyNotAttachedException', "The policy isn't attached to the specified target in the specified root.");
      }
      // RCP syntax: "RCPFullAWSAccess … You cannot detach this policy."
      if (policy.id === AWS_MANAGED_POLICIES.RESOURCE_CONTROL_POLICY.id) {
        throw invalidInput('NON_DETACHABLE_POLICY', "You can't detach this AWS Managed Policy.");
      }
      // DetachPolicy: "Every root, OU, and account must have at least one SCP attached."
      if (policy.type === 'SERVICE_CONTROL_POLICY' && attached.length === 1) {
        throw constraintViolation('MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
          'You attempted to detach a policy from an entity that would cause the entity to have fewer than the minimum number of policies of a certain type required: every root, OU, and account must keep at least one SCP.');
      }
      ctx.store.orgPolicies.detach(org.id, target.id, policy.id);
    },
  },
  ListPoliciesForTarget: {
    action: 'organizations:ListPoliciesForTarget', authorizesItself: true,
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      ctx.authorize('organizations:ListPoliciesForTarget', nodeArn(org, i.TargetId));
      const type = servedType(i.Filter);
      const target = requireTarget(ctx.store, org, i.TargetId);
      const policies = ctx.store.orgPolicies.attachedTo(org.id, target.id, type).map((a) => requirePolicy(ctx.store, org, a.policy_id));
      const page = paginate(policies, i);
      return { Policies: page.items.map((p) => policySummary(org, p)), NextToken: page.NextToken };
    },
  },
  ListTargetsForPolicy: {
    action: 'organizations:ListTargetsForPolicy', authorizesItself: true,
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      authorizePolicyAction(ctx, 'organizations:ListTargetsForPolicy', org, i.PolicyId);
      const policy = requirePolicy(ctx.store, org, i.PolicyId);
      const targets = ctx.store.orgPolicies.targetsOf(org.id, policy.id).flatMap((a) => {
        const node = findNode(ctx.store, org, a.target_id);
        return node ? [{ TargetId: node.id, Arn: nodeArn(org, node.id), Name: nodeName(node), Type: node.kind }] : [];
      });
      const page = paginate(targets, i);
      return { Targets: page.items, NextToken: page.NextToken };
    },
  },
};
