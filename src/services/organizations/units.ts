/**
 * The organization's tree: organizational units under the root or other OUs, listing a parent's children
 * and a child's parent, and moving accounts between parents. Management account only (Gatehouse has no
 * delegated administrators). Errors and limits from the Organizations API Reference; OUs nest at most
 * five levels under the root ("Quotas for AWS Organizations": OU maximum nesting in a root).
 */
import { AwsError } from '../../core/aws-error.js';
import { newOrganizationalUnitId } from '../../core/ids.js';
import type { Store } from '../../store/index.js';
import type { OrganizationRow } from '../../store/organizations.js';
import type { OrgUnitRow } from '../../store/org-units.js';
import type { Input, OperationTable, RequestContext } from '../operation.js';
import {
  ancestorsOf, attachManagedDefaults, constraintViolation, findNode, managedOrganization, nodeArn, orgPath, ouArn,
  type OrgNode,
} from './shared.js';
import { requireMember } from './accounts.js';
import { paginate } from './paginate.js';
import { checkOrgTags, tagsAtCreation } from './tags.js';

const MAX_OU_DEPTH = 5;
const MAX_OUS = 2000;

const parentNotFound = () => new AwsError('ParentNotFoundException', "We can't find a root or OU with the ParentId that you specified.");
const ouNotFound = () => new AwsError('OrganizationalUnitNotFoundException', "We can't find an OU with the OrganizationalUnitId that you specified.");
const duplicateOu = () => new AwsError('DuplicateOrganizationalUnitException', 'An OU with the same name already exists.');

/**
 * The ARN an action on a root, OU or account is authorized against. The management-account rule comes
 * first: a member's principals would otherwise be judged across accounts (the ARNs name the management
 * account) and get IAM's denial instead of Organizations' AccessDeniedException.
 */
function nodeArnOf(ctx: RequestContext, id: string): string {
  return nodeArn(managedOrganization(ctx), id);
}
const arnOf = (member: string) => (i: Input, ctx: RequestContext) => nodeArnOf(ctx, i[member]);

/** A root or OU of the organization, or the error the operation names for a missing one. */
function parentNode(store: Store, org: OrganizationRow, id: string, notFound: () => AwsError): OrgNode {
  const node = findNode(store, org, id);
  if (!node || node.kind === 'ACCOUNT') throw notFound();
  return node;
}

function existingOu(store: Store, org: OrganizationRow, id: string): OrgUnitRow {
  const node = findNode(store, org, id);
  if (node?.kind !== 'ORGANIZATIONAL_UNIT') throw ouNotFound();
  return node.ou;
}

export const ouOutput = (store: Store, org: OrganizationRow, ou: OrgUnitRow) =>
  ({ Id: ou.id, Arn: ouArn(org, ou.id), Name: ou.name, Path: orgPath(store, org, ou.parent_id, ou.id) });

function refuseDuplicateName(store: Store, parentId: string, name: string, except?: string): void {
  if (store.orgUnits.children(parentId).some((o) => o.name === name && o.id !== except)) throw duplicateOu();
}

export const unitOperations: OperationTable = {
  CreateOrganizationalUnit: {
    action: 'organizations:CreateOrganizationalUnit', resource: arnOf('ParentId'), forgetsReads: true,
    handle(i, ctx) {
      const tags = checkOrgTags(i.Tags);
      const org = managedOrganization(ctx);
      const parent = parentNode(ctx.store, org, i.ParentId, parentNotFound);
      // The new OU's level is the number of OUs above it plus one: the root's children are level 1.
      if (ancestorsOf(ctx.store, org, parent.id).length > MAX_OU_DEPTH)
        throw constraintViolation('OU_DEPTH_LIMIT_EXCEEDED', 'You attempted to create an OU tree that is too many levels deep.');
      if (ctx.store.orgUnits.inOrganization(org.id).length >= MAX_OUS)
        throw constraintViolation('OU_NUMBER_LIMIT_EXCEEDED', 'You attempted to exceed the number of OUs that you can have in an organization.');
      refuseDuplicateName(ctx.store, parent.id, i.Name);
      const ou: OrgUnitRow = { id: newOrganizationalUnitId(org.root_id), org_id: org.id, parent_id: parent.id, name: i.Name, created_at: ctx.clock.now().toISOString() };
      ctx.store.orgUnits.insert(ou);
      attachManagedDefaults(ctx.store, org, ou.id);
      tagsAtCreation(ctx, ouArn(org, ou.id), ou.id, tags);
      return { OrganizationalUnit: ouOutput(ctx.store, org, ou) };
    },
  },
  DescribeOrganizationalUnit: {
    action: 'organizations:DescribeOrganizationalUnit', resource: arnOf('OrganizationalUnitId'),
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      return { OrganizationalUnit: ouOutput(ctx.store, org, existingOu(ctx.store, org, i.OrganizationalUnitId)) };
    },
  },
  UpdateOrganizationalUnit: {
    action: 'organizations:UpdateOrganizationalUnit', resource: arnOf('OrganizationalUnitId'), forgetsReads: true,
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      const ou = existingOu(ctx.store, org, i.OrganizationalUnitId);
      if (i.Name !== undefined && i.Name !== ou.name) {
        refuseDuplicateName(ctx.store, ou.parent_id, i.Name, ou.id);
        ctx.store.orgUnits.rename(ou.id, i.Name);
        ou.name = i.Name;
      }
      return { OrganizationalUnit: ouOutput(ctx.store, org, ou) };
    },
  },
  DeleteOrganizationalUnit: {
    action: 'organizations:DeleteOrganizationalUnit', resource: arnOf('OrganizationalUnitId'), forgetsReads: true,
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      const ou = existingOu(ctx.store, org, i.OrganizationalUnitId);
      if (ctx.store.orgUnits.children(ou.id).length > 0 || ctx.store.orgAccounts.children(ou.id).length > 0)
        throw new AwsError('OrganizationalUnitNotEmptyException', 'The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.');
      ctx.store.orgPolicies.detachAllFrom(org.id, ou.id);
      ctx.store.orgTags.clear(ou.id);
      ctx.store.orgUnits.delete(ou.id);
    },
  },
  ListOrganizationalUnitsForParent: {
    action: 'organizations:ListOrganizationalUnitsForParent', resource: arnOf('ParentId'),
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      const parent = parentNode(ctx.store, org, i.ParentId, parentNotFound);
      const page = paginate(ctx.store.orgUnits.children(parent.id), i);
      return { OrganizationalUnits: page.items.map((ou) => ouOutput(ctx.store, org, ou)), NextToken: page.NextToken };
    },
  },
  ListChildren: {
    action: 'organizations:ListChildren', resource: arnOf('ParentId'),
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      const parent = parentNode(ctx.store, org, i.ParentId, parentNotFound);
      const ids = i.ChildType === 'ACCOUNT'
        ? ctx.store.orgAccounts.children(parent.id).map((a) => a.account_id)
        : ctx.store.orgUnits.children(parent.id).map((o) => o.id);
      const page = paginate(ids, i);
      return { Children: page.items.map((Id) => ({ Id, Type: i.ChildType })), NextToken: page.NextToken };
    },
  },
  ListParents: {
    action: 'organizations:ListParents', resource: arnOf('ChildId'),
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      const child = findNode(ctx.store, org, i.ChildId);
      if (!child || child.kind === 'ROOT')
        throw new AwsError('ChildNotFoundException', "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
      // "In the current release, a child can have only a single parent."
      const parentId = child.kind === 'ACCOUNT' ? child.account.parent_id : child.ou.parent_id;
      const page = paginate([parentId], i);
      return { Parents: page.items.map((Id) => ({ Id, Type: Id === org.root_id ? 'ROOT' : 'ORGANIZATIONAL_UNIT' })), NextToken: page.NextToken };
    },
  },
  MoveAccount: {
    action: 'organizations:MoveAccount', resource: arnOf('AccountId'), forgetsReads: true,
    handle(i, ctx) {
      const org = managedOrganization(ctx);
      const account = requireMember(ctx.store, org, i.AccountId);
      parentNode(ctx.store, org, i.SourceParentId, () =>
        new AwsError('SourceParentNotFoundException', "We can't find a source root or OU with the ParentId that you specified."));
      const destination = parentNode(ctx.store, org, i.DestinationParentId, () =>
        new AwsError('DestinationParentNotFoundException', "We can't find the destination container (a root or OU) with the ParentId that you specified."));
      // The account must be where the caller says it is (a stale SourceParentId is not found there).
      if (account.parent_id !== i.SourceParentId)
        throw new AwsError('SourceParentNotFoundException', "We can't find a source root or OU with the ParentId that you specified.");
      if (destination.id === account.parent_id)
        throw new AwsError('DuplicateAccountException', 'That account is already present in the specified destination.');
      ctx.store.orgAccounts.move(account.account_id, destination.id);
    },
  },
};
