/**
 * GetAccountAuthorizationDetails: every user, group, role and managed policy
 * of the account with their policies, in AWS's shapes. AWS managed policies
 * are included when something in the account uses them (attached or as a
 * boundary), as AWS does, not all of AWS's catalogue.
 */
import type { OperationTable, RequestContext } from '../operation.js';
import type { EntityType } from '../../store/index.js';
import type { UserRow } from '../../store/users.js';
import type { GroupRow } from '../../store/groups.js';
import type { RoleRow } from '../../store/roles.js';
import type { PolicyRow } from '../../store/policies.js';
import { builtInPolicies } from '../../store/built-in-policies.js';
import { encodeDocument } from './documents.js';
import { toDate } from './names.js';
import { paginate } from './paginate.js';
import { tagsOrUndefined } from './tags.js';
import { boundaryOutput } from './boundaries.js';
import { attachmentCount, boundaryUsage, versionOutput } from './managed-policies.js';
import { instanceProfileOutput } from './instance-profiles.js';

type Item =
  | { kind: 'User'; row: UserRow }
  | { kind: 'Group'; row: GroupRow }
  | { kind: 'Role'; row: RoleRow }
  | { kind: 'LocalManagedPolicy' | 'AWSManagedPolicy'; row: PolicyRow };

function inlinePolicies(ctx: RequestContext, type: EntityType, name: string) {
  return ctx.store.inlinePolicies.list(ctx.account, type, name).map((p) => ({ PolicyName: p.policy_name, PolicyDocument: encodeDocument(p.document) }));
}

function attached(ctx: RequestContext, type: EntityType, name: string) {
  return ctx.store.attachments.forEntity(ctx.account, type, name)
    .map((arn) => ctx.store.policies.get(arn))
    .filter((p) => p !== undefined)
    .map((p) => ({ PolicyName: p.name, PolicyArn: p.arn }));
}

const userDetail = (ctx: RequestContext, u: UserRow) => ({
  Path: u.path, UserName: u.name, UserId: u.id, Arn: u.arn, CreateDate: toDate(u.created_at),
  UserPolicyList: inlinePolicies(ctx, 'user', u.name),
  GroupList: ctx.store.groups.forUser(ctx.account, u.name).map((g) => g.name),
  AttachedManagedPolicies: attached(ctx, 'user', u.name),
  PermissionsBoundary: boundaryOutput(u.permissions_boundary),
  Tags: tagsOrUndefined(ctx.store.tags.list(ctx.account, 'user', u.name)),
});

const groupDetail = (ctx: RequestContext, g: GroupRow) => ({
  Path: g.path, GroupName: g.name, GroupId: g.id, Arn: g.arn, CreateDate: toDate(g.created_at),
  GroupPolicyList: inlinePolicies(ctx, 'group', g.name),
  AttachedManagedPolicies: attached(ctx, 'group', g.name),
});

const roleDetail = (ctx: RequestContext, r: RoleRow) => ({
  Path: r.path, RoleName: r.name, RoleId: r.id, Arn: r.arn, CreateDate: toDate(r.created_at),
  AssumeRolePolicyDocument: encodeDocument(r.trust_policy),
  InstanceProfileList: ctx.store.instanceProfiles.forRole(ctx.account, r.name).map((p) => instanceProfileOutput(ctx, p, false)),
  RolePolicyList: inlinePolicies(ctx, 'role', r.name),
  AttachedManagedPolicies: attached(ctx, 'role', r.name),
  PermissionsBoundary: boundaryOutput(r.permissions_boundary),
  Tags: tagsOrUndefined(ctx.store.tags.list(ctx.account, 'role', r.name)),
  RoleLastUsed: { LastUsedDate: toDate(r.last_used_at), Region: r.last_used_region ?? undefined },
});

const policyDetail = (ctx: RequestContext, p: PolicyRow) => ({
  PolicyName: p.name, PolicyId: p.id, Arn: p.arn, Path: p.path, DefaultVersionId: p.default_version,
  AttachmentCount: attachmentCount(ctx.store, ctx.account, p.arn), PermissionsBoundaryUsageCount: boundaryUsage(ctx.store, ctx.account, p.arn),
  IsAttachable: true, Description: p.description ?? undefined, CreateDate: toDate(p.created_at), UpdateDate: toDate(p.updated_at),
  PolicyVersionList: ctx.store.policies.versions(p.arn).map((v) => versionOutput(v, p.default_version)),
});

function items(ctx: RequestContext, filter: string[] | undefined): Item[] {
  const wanted = (kind: string) => !filter || filter.length === 0 || filter.includes(kind);
  const out: Item[] = [];
  if (wanted('User')) out.push(...ctx.store.users.list(ctx.account).map((row) => ({ kind: 'User' as const, row })));
  if (wanted('Group')) out.push(...ctx.store.groups.list(ctx.account).map((row) => ({ kind: 'Group' as const, row })));
  if (wanted('Role')) out.push(...ctx.store.roles.list(ctx.account).map((row) => ({ kind: 'Role' as const, row })));
  if (wanted('LocalManagedPolicy')) out.push(...ctx.store.policies.list(ctx.account).map((row) => ({ kind: 'LocalManagedPolicy' as const, row })));
  if (wanted('AWSManagedPolicy')) {
    const inUse = (p: PolicyRow) => attachmentCount(ctx.store, ctx.account, p.arn) > 0 || boundaryUsage(ctx.store, ctx.account, p.arn) > 0;
    out.push(...builtInPolicies().map((b) => b.row).filter(inUse).map((row) => ({ kind: 'AWSManagedPolicy' as const, row })));
  }
  return out;
}

export const authorizationDetailsOperations: OperationTable = {
  GetAccountAuthorizationDetails: {
    action: 'iam:GetAccountAuthorizationDetails',
    handle(i, ctx) {
      const page = paginate(items(ctx, i.Filter), i);
      const of = <K extends Item['kind']>(...kinds: K[]) => page.items.filter((x): x is Extract<Item, { kind: K }> => (kinds as string[]).includes(x.kind));
      return {
        UserDetailList: of('User').map((x) => userDetail(ctx, x.row)),
        GroupDetailList: of('Group').map((x) => groupDetail(ctx, x.row)),
        RoleDetailList: of('Role').map((x) => roleDetail(ctx, x.row)),
        Policies: of('LocalManagedPolicy', 'AWSManagedPolicy').map((x) => policyDetail(ctx, x.row)),
        IsTruncated: page.IsTruncated, Marker: page.Marker,
      };
    },
  },
};
