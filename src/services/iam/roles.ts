/** IAM roles: trust policies, session duration, description, boundaries, tags. */
import { deleteConflict, entityAlreadyExists } from '../../core/aws-error.js';
import { newUniqueId } from '../../core/ids.js';
import { roleArn } from '../../core/arn.js';
import type { OperationTable, RequestContext } from '../operation.js';
import type { RoleRow } from '../../store/roles.js';
import { checkPolicyDocument, checkTrustPolicySize, encodeDocument } from './documents.js';
import { entityArn, requireRole, toDate } from './names.js';
import { paginate } from './paginate.js';
import { checkTags, tagsOrUndefined, tagOperations } from './tags.js';
import { boundaryOutput, checkBoundaryArn } from './boundaries.js';
import { checkTrustPrincipalsExist } from './trust-principals.js';
import { isServiceLinked, protectedRole } from './service-linked-roles.js';

/** GetRole shows everything; ListRoles leaves out tags, boundary and last use, as AWS does. */
export function roleOutput(ctx: RequestContext, r: RoleRow, detail: boolean) {
  return {
    Path: r.path, RoleName: r.name, RoleId: r.id, Arn: r.arn, CreateDate: toDate(r.created_at),
    AssumeRolePolicyDocument: encodeDocument(r.trust_policy), Description: r.description ?? undefined,
    MaxSessionDuration: r.max_session_duration,
    PermissionsBoundary: detail ? boundaryOutput(r.permissions_boundary) : undefined,
    Tags: detail ? tagsOrUndefined(ctx.store.tags.list(r.account_id, 'role', r.name)) : undefined,
    RoleLastUsed: detail ? { LastUsedDate: toDate(r.last_used_at), Region: r.last_used_region ?? undefined } : undefined,
  };
}

const roleResource = (i: Record<string, any>, ctx: RequestContext) => entityArn(ctx.store, ctx.account, 'role', i.RoleName);

function checkTrustPolicy(ctx: RequestContext, text: string): void {
  checkPolicyDocument(text, 'trust');
  checkTrustPolicySize(text);
  checkTrustPrincipalsExist(ctx.store, text);
}

export const roleOperations: OperationTable = {
  CreateRole: {
    action: 'iam:CreateRole',
    resource: (i, ctx) => roleArn(ctx.account, i.Path ?? '/', i.RoleName),
    handle(i, ctx) {
      const tags = checkTags(i.Tags);
      checkTrustPolicy(ctx, i.AssumeRolePolicyDocument);
      if (ctx.store.roles.get(ctx.account, i.RoleName)) throw entityAlreadyExists(`Role with name ${i.RoleName} already exists.`);
      if (i.PermissionsBoundary) checkBoundaryArn(ctx, i.PermissionsBoundary);
      const path = i.Path ?? '/';
      const row = {
        account_id: ctx.account, name: i.RoleName, id: newUniqueId('AROA'), path, arn: roleArn(ctx.account, path, i.RoleName),
        created_at: ctx.clock.now().toISOString(), trust_policy: i.AssumeRolePolicyDocument, description: i.Description ?? null,
        max_session_duration: i.MaxSessionDuration ?? 3600, permissions_boundary: i.PermissionsBoundary ?? null,
      };
      ctx.store.roles.insert(row);
      ctx.store.tags.put(ctx.account, 'role', row.name, tags);
      const created = ctx.store.roles.get(ctx.account, row.name)!;
      return { Role: { ...roleOutput(ctx, created, true), RoleLastUsed: undefined } };
    },
  },
  GetRole: {
    action: 'iam:GetRole', resource: roleResource,
    handle: (i, ctx) => ({ Role: roleOutput(ctx, requireRole(ctx.store, ctx.account, i.RoleName), true) }),
  },
  ListRoles: {
    action: 'iam:ListRoles',
    resource: (_i, ctx) => `arn:aws:iam::${ctx.account}:role/`,
    handle(i, ctx) {
      const page = paginate(ctx.store.roles.list(ctx.account, i.PathPrefix), i);
      return { Roles: page.items.map((r) => roleOutput(ctx, r, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
    },
  },
  UpdateRole: {
    action: 'iam:UpdateRole', resource: roleResource,
    handle(i, ctx) {
      const r = requireRole(ctx.store, ctx.account, i.RoleName);
      ctx.store.roles.update(ctx.account, r.name, {
        description: i.Description !== undefined ? i.Description : r.description,
        max_session_duration: i.MaxSessionDuration ?? r.max_session_duration,
      });
    },
  },
  UpdateRoleDescription: {
    action: 'iam:UpdateRoleDescription', resource: roleResource,
    handle(i, ctx) {
      const r = requireRole(ctx.store, ctx.account, i.RoleName);
      ctx.store.roles.update(ctx.account, r.name, { description: i.Description });
      return { Role: roleOutput(ctx, ctx.store.roles.get(ctx.account, r.name)!, true) };
    },
  },
  UpdateAssumeRolePolicy: {
    action: 'iam:UpdateAssumeRolePolicy', resource: roleResource,
    handle(i, ctx) {
      const r = requireRole(ctx.store, ctx.account, i.RoleName);
      if (isServiceLinked(r)) throw protectedRole(r.name);
      checkTrustPolicy(ctx, i.PolicyDocument);
      ctx.store.roles.update(ctx.account, r.name, { trust_policy: i.PolicyDocument });
    },
  },
  DeleteRole: {
    action: 'iam:DeleteRole', resource: roleResource,
    handle(i, ctx) {
      const r = requireRole(ctx.store, ctx.account, i.RoleName);
      if (isServiceLinked(r)) throw protectedRole(r.name);
      if (ctx.store.instanceProfiles.forRole(ctx.account, r.name).length > 0)
        throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
      if (ctx.store.attachments.forEntity(ctx.account, 'role', r.name).length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
      if (ctx.store.inlinePolicies.list(ctx.account, 'role', r.name).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
      ctx.store.tags.clear(ctx.account, 'role', r.name);
      ctx.store.roles.delete(ctx.account, r.name);
    },
  },
  ...tagOperations({ entity: 'Role', kind: 'role', resource: roleResource, owner: (i, ctx) => requireRole(ctx.store, ctx.account, i.RoleName).name }),
  PutRolePermissionsBoundary: {
    action: 'iam:PutRolePermissionsBoundary', resource: roleResource,
    handle(i, ctx) {
      const r = requireRole(ctx.store, ctx.account, i.RoleName);
      checkBoundaryArn(ctx, i.PermissionsBoundary);
      ctx.store.roles.update(ctx.account, r.name, { permissions_boundary: i.PermissionsBoundary });
    },
  },
  DeleteRolePermissionsBoundary: {
    action: 'iam:DeleteRolePermissionsBoundary', resource: roleResource,
    handle(i, ctx) {
      const r = requireRole(ctx.store, ctx.account, i.RoleName);
      ctx.store.roles.update(ctx.account, r.name, { permissions_boundary: null });
    },
  },
};
