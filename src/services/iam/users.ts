/** IAM users: create, read, list, update, delete, tags. */
import { prepared } from '../../store/db.js';
import { AwsError, deleteConflict, entityAlreadyExists } from '../../core/aws-error.js';
import { newUniqueId } from '../../core/ids.js';
import { userArn } from '../../core/arn.js';
import type { OperationTable, RequestContext } from '../operation.js';
import type { UserRow } from '../../store/users.js';
import { entityArn, requireUser, toDate } from './names.js';
import { paginate } from './paginate.js';
import { checkTags, tagsOrUndefined, tagOperations } from './tags.js';
import { boundaryOutput, checkBoundaryArn } from './boundaries.js';

function userOutput(ctx: RequestContext, u: UserRow, withTags: boolean) {
  return {
    Path: u.path, UserName: u.name, UserId: u.id, Arn: u.arn, CreateDate: toDate(u.created_at),
    PasswordLastUsed: undefined,
    PermissionsBoundary: withTags ? boundaryOutput(u.permissions_boundary) : undefined,
    Tags: withTags ? tagsOrUndefined(ctx.store.tags.list(u.account_id, 'user', u.name)) : undefined,
  };
}

const userResource = (i: Record<string, any>, ctx: RequestContext) => entityArn(ctx.store, ctx.account, 'user', i.UserName);

export const userOperations: OperationTable = {
  CreateUser: {
    action: 'iam:CreateUser',
    resource: (i, ctx) => userArn(ctx.account, i.Path ?? '/', i.UserName),
    handle(i, ctx) {
      const tags = checkTags(i.Tags);
      if (ctx.store.users.get(ctx.account, i.UserName)) throw entityAlreadyExists(`User with name ${i.UserName} already exists.`);
      if (i.PermissionsBoundary) checkBoundaryArn(ctx, i.PermissionsBoundary);
      const path = i.Path ?? '/';
      const row: UserRow = {
        account_id: ctx.account, name: i.UserName, id: newUniqueId('AIDA'), path,
        arn: userArn(ctx.account, path, i.UserName), created_at: ctx.clock.now().toISOString(),
        permissions_boundary: i.PermissionsBoundary ?? null,
      };
      ctx.store.users.insert(row);
      ctx.store.tags.put(ctx.account, 'user', row.name, tags);
      return { User: userOutput(ctx, row, true) };
    },
  },
  GetUser: {
    action: 'iam:GetUser',
    resource: (i, ctx) => (i.UserName === undefined && ctx.principal.type !== 'AssumedRole' ? ctx.principal.arn : userResource(i, ctx)),
    handle(i, ctx) {
      if (i.UserName === undefined) {
        // Without a name, GetUser describes the caller; the root user has no IAM user row.
        const p = ctx.principal;
        if (p.type === 'Root') return { User: { UserId: p.account, Arn: p.arn, CreateDate: toDate(ctx.store.accounts.byId(p.account)?.created_at), Path: '/', UserName: undefined } };
        if (p.type === 'AssumedRole') throw new AwsError('ValidationError', 'Must specify userName when calling with non-User credentials', 400);
        return { User: userOutput(ctx, requireUser(ctx.store, ctx.account, p.userName!), true) };
      }
      return { User: userOutput(ctx, requireUser(ctx.store, ctx.account, i.UserName), true) };
    },
  },
  ListUsers: {
    action: 'iam:ListUsers',
    resource: (_i, ctx) => `arn:aws:iam::${ctx.account}:user/`,
    handle(i, ctx) {
      const page = paginate(ctx.store.users.list(ctx.account, i.PathPrefix), i);
      return { Users: page.items.map((u) => userOutput(ctx, u, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
    },
  },
  UpdateUser: {
    action: 'iam:UpdateUser',
    resource: userResource,
    handle(i, ctx) {
      const u = requireUser(ctx.store, ctx.account, i.UserName);
      const name = i.NewUserName ?? u.name;
      if (i.NewUserName && i.NewUserName.toLowerCase() !== u.name.toLowerCase() && ctx.store.users.get(ctx.account, i.NewUserName))
        throw entityAlreadyExists(`User with name ${i.NewUserName} already exists.`);
      const path = i.NewPath ?? u.path;
      const renamed = name !== u.name;
      ctx.store.users.update(ctx.account, u.name, { name, path, arn: userArn(ctx.account, path, name) });
      if (renamed) renameUserReferences(ctx, u.name, name);
    },
  },
  DeleteUser: {
    action: 'iam:DeleteUser',
    resource: userResource,
    handle(i, ctx) {
      const u = requireUser(ctx.store, ctx.account, i.UserName);
      const s = ctx.store;
      if (s.loginProfiles.get(ctx.account, u.name)) throw deleteConflict('Cannot delete entity, must delete login profile first.');
      if (s.accessKeys.forUser(ctx.account, u.name).length > 0) throw deleteConflict('Cannot delete entity, must delete access keys first.');
      if (s.mfaDevices.forUser(ctx.account, u.name).length > 0) throw deleteConflict('Cannot delete entity, must delete MFA device first.');
      if (s.signingCertificates.forUser(ctx.account, u.name).length > 0) throw deleteConflict('Cannot delete entity, must delete signing certificates first.');
      if (s.sshPublicKeys.forUser(ctx.account, u.name).length > 0) throw deleteConflict('Cannot delete entity, must delete SSH public keys first.');
      if (s.serviceCredentials.forUser(ctx.account, u.name).length > 0) throw deleteConflict('Cannot delete entity, must delete service-specific credentials first.');
      if (s.attachments.forEntity(ctx.account, 'user', u.name).length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
      if (s.inlinePolicies.list(ctx.account, 'user', u.name).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
      if (s.groups.forUser(ctx.account, u.name).length > 0) throw deleteConflict('Cannot delete entity, must remove users from group first.');
      s.tags.clear(ctx.account, 'user', u.name);
      s.users.delete(ctx.account, u.name);
    },
  },
  PutUserPermissionsBoundary: {
    action: 'iam:PutUserPermissionsBoundary',
    resource: userResource,
    handle(i, ctx) {
      const u = requireUser(ctx.store, ctx.account, i.UserName);
      checkBoundaryArn(ctx, i.PermissionsBoundary);
      ctx.store.users.update(ctx.account, u.name, { permissions_boundary: i.PermissionsBoundary });
    },
  },
  DeleteUserPermissionsBoundary: {
    action: 'iam:DeleteUserPermissionsBoundary',
    resource: userResource,
    handle(i, ctx) {
      const u = requireUser(ctx.store, ctx.account, i.UserName);
      ctx.store.users.update(ctx.account, u.name, { permissions_boundary: null });
    },
  },
  ...tagOperations({ entity: 'User', kind: 'user', resource: userResource, owner: (i, ctx) => requireUser(ctx.store, ctx.account, i.UserName).name }),
  ListGroupsForUser: {
    action: 'iam:ListGroupsForUser',
    resource: userResource,
    handle(i, ctx) {
      const u = requireUser(ctx.store, ctx.account, i.UserName);
      const page = paginate(ctx.store.groups.forUser(ctx.account, u.name), i);
      return {
        Groups: page.items.map((g) => ({ Path: g.path, GroupName: g.name, GroupId: g.id, Arn: g.arn, CreateDate: toDate(g.created_at) })),
        IsTruncated: page.IsTruncated, Marker: page.Marker,
      };
    },
  },
};

/** A renamed user keeps its keys, policies, tags, groups, password, MFA devices and other credentials. */
function renameUserReferences(ctx: RequestContext, from: string, to: string): void {
  const db = ctx.store.db;
  for (const table of ['attachments', 'inline_policies', 'tags']) {
    prepared(db, `UPDATE ${table} SET entity_name = ? WHERE account_id = ? AND entity_type = 'user' AND entity_name = ?`).run(to, ctx.account, from);
  }
  prepared(db, 'UPDATE access_keys SET user_name = ? WHERE account_id = ? AND user_name = ?').run(to, ctx.account, from);
  prepared(db, 'UPDATE group_members SET user_name = ? WHERE account_id = ? AND user_name = ?').run(to, ctx.account, from);
  for (const table of ['login_profiles', 'mfa_devices', 'ssh_public_keys', 'signing_certificates', 'service_credentials']) {
    prepared(db, `UPDATE ${table} SET user_name = ? WHERE account_id = ? AND user_name = ?`).run(to, ctx.account, from);
  }
}
