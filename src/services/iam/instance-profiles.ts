/** Instance profiles: containers of one role each, for EC2 instances; their tags; which profiles hold a role. */
import { deleteConflict, entityAlreadyExists, limitExceeded, noSuchEntity } from '../../core/aws-error.js';
import { iamArn } from '../../core/arn.js';
import { newUniqueId } from '../../core/ids.js';
import type { OperationTable, RequestContext } from '../operation.js';
import type { InstanceProfileRow } from '../../store/instance-profiles.js';
import { entityArn, requireRole, toDate } from './names.js';
import { paginate } from './paginate.js';
import { checkTags, tagsOrUndefined, tagOperations } from './tags.js';
import { roleOutput } from './roles.js';

/** "IAM and AWS STS quotas": 1,000 instance profiles per account, 1 role per instance profile. */
const MAX_PROFILES = 1000;

export const instanceProfileArn = (account: string, path: string, name: string) => iamArn(account, `instance-profile${path}${name}`);

export function requireInstanceProfile(ctx: RequestContext, name: string): InstanceProfileRow {
  const p = ctx.store.instanceProfiles.get(ctx.account, name);
  if (!p) throw noSuchEntity(`Instance Profile ${name} cannot be found.`);
  return p;
}

/** The InstanceProfile shape: its role in full, tags only where AWS shows them (Create, Get). */
export function instanceProfileOutput(ctx: RequestContext, p: InstanceProfileRow, withTags: boolean) {
  const role = p.role_name ? ctx.store.roles.get(ctx.account, p.role_name) : undefined;
  return {
    Path: p.path, InstanceProfileName: p.name, InstanceProfileId: p.id, Arn: p.arn, CreateDate: toDate(p.created_at),
    Roles: role ? [roleOutput(ctx, role, false)] : [],
    Tags: withTags ? tagsOrUndefined(ctx.store.tags.list(ctx.account, 'instance-profile', p.name)) : undefined,
  };
}

const profileResource = (i: Record<string, any>, ctx: RequestContext) => {
  const p = ctx.store.instanceProfiles.get(ctx.account, i.InstanceProfileName);
  return p?.arn ?? instanceProfileArn(ctx.account, '/', i.InstanceProfileName);
};

export const instanceProfileOperations: OperationTable = {
  CreateInstanceProfile: {
    action: 'iam:CreateInstanceProfile',
    resource: (i, ctx) => instanceProfileArn(ctx.account, i.Path ?? '/', i.InstanceProfileName),
    handle(i, ctx) {
      const tags = checkTags(i.Tags);
      if (ctx.store.instanceProfiles.get(ctx.account, i.InstanceProfileName)) throw entityAlreadyExists(`Instance Profile ${i.InstanceProfileName} already exists.`);
      if (ctx.store.instanceProfiles.count(ctx.account) >= MAX_PROFILES) throw limitExceeded(`Cannot exceed quota for InstanceProfilesPerAccount: ${MAX_PROFILES}`);
      const path = i.Path ?? '/';
      const row: InstanceProfileRow = {
        account_id: ctx.account, name: i.InstanceProfileName, id: newUniqueId('AIPA'), path,
        arn: instanceProfileArn(ctx.account, path, i.InstanceProfileName), created_at: ctx.clock.now().toISOString(), role_name: null,
      };
      ctx.store.instanceProfiles.insert(row);
      ctx.store.tags.put(ctx.account, 'instance-profile', row.name, tags);
      return { InstanceProfile: instanceProfileOutput(ctx, row, true) };
    },
  },
  GetInstanceProfile: {
    action: 'iam:GetInstanceProfile', resource: profileResource,
    handle: (i, ctx) => ({ InstanceProfile: instanceProfileOutput(ctx, requireInstanceProfile(ctx, i.InstanceProfileName), true) }),
  },
  ListInstanceProfiles: {
    action: 'iam:ListInstanceProfiles',
    resource: (_i, ctx) => `arn:aws:iam::${ctx.account}:instance-profile/`,
    handle(i, ctx) {
      const page = paginate(ctx.store.instanceProfiles.list(ctx.account, i.PathPrefix), i);
      return { InstanceProfiles: page.items.map((p) => instanceProfileOutput(ctx, p, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
    },
  },
  DeleteInstanceProfile: {
    action: 'iam:DeleteInstanceProfile', resource: profileResource,
    handle(i, ctx) {
      const p = requireInstanceProfile(ctx, i.InstanceProfileName);
      if (p.role_name) throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
      ctx.store.tags.clear(ctx.account, 'instance-profile', p.name);
      ctx.store.instanceProfiles.delete(ctx.account, p.name);
    },
  },
  AddRoleToInstanceProfile: {
    action: 'iam:AddRoleToInstanceProfile', resource: profileResource,
    handle(i, ctx) {
      const p = requireInstanceProfile(ctx, i.InstanceProfileName);
      const role = requireRole(ctx.store, ctx.account, i.RoleName);
      if (p.role_name) throw limitExceeded('Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
      // "The caller of this operation must be granted the PassRole permission on the IAM role"
      // (IAM API Reference, AddRoleToInstanceProfile).
      ctx.authorize('iam:PassRole', role.arn);
      ctx.store.instanceProfiles.setRole(ctx.account, p.name, role.name);
    },
  },
  RemoveRoleFromInstanceProfile: {
    action: 'iam:RemoveRoleFromInstanceProfile', resource: profileResource,
    handle(i, ctx) {
      const p = requireInstanceProfile(ctx, i.InstanceProfileName);
      const role = requireRole(ctx.store, ctx.account, i.RoleName);
      if (p.role_name?.toLowerCase() !== role.name.toLowerCase()) throw noSuchEntity(`The role with name ${i.RoleName} cannot be found.`);
      ctx.store.instanceProfiles.setRole(ctx.account, p.name, null);
    },
  },
  ListInstanceProfilesForRole: {
    action: 'iam:ListInstanceProfilesForRole',
    resource: (i, ctx) => entityArn(ctx.store, ctx.account, 'role', i.RoleName),
    handle(i, ctx) {
      const role = requireRole(ctx.store, ctx.account, i.RoleName);
      const page = paginate(ctx.store.instanceProfiles.forRole(ctx.account, role.name), i);
      return { InstanceProfiles: page.items.map((p) => instanceProfileOutput(ctx, p, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
    },
  },
  ...tagOperations({ entity: 'InstanceProfile', kind: 'instance-profile', resource: profileResource, owner: (i, ctx) => requireInstanceProfile(ctx, i.InstanceProfileName).name }),
};
