/** IAM groups: create, read (with members), list, rename or move, delete. */
import { prepared } from '../../store/db.js';
import { deleteConflict, entityAlreadyExists, limitExceeded } from '../../core/aws-error.js';
import { iamArn } from '../../core/arn.js';
import { newUniqueId } from '../../core/ids.js';
import type { OperationTable, RequestContext } from '../operation.js';
import type { GroupRow } from '../../store/groups.js';
import { entityArn, requireGroup, toDate } from './names.js';
import { paginate } from './paginate.js';

/** GroupsQuota, "IAM and AWS STS quotas" (IAM User Guide): 300 groups per account by default. */
const MAX_GROUPS = 300;

export const groupArn = (account: string, path: string, name: string) => iamArn(account, `group${path}${name}`);

export const groupOutput = (g: GroupRow) => ({ Path: g.path, GroupName: g.name, GroupId: g.id, Arn: g.arn, CreateDate: toDate(g.created_at) });

export const groupResource = (i: Record<string, any>, ctx: RequestContext) => entityArn(ctx.store, ctx.account, 'group', i.GroupName);

const alreadyExists = (name: string) => entityAlreadyExists(`Group with name ${name} already exists.`);

export const groupOperations: OperationTable = {
  CreateGroup: {
    action: 'iam:CreateGroup',
    resource: (i, ctx) => groupArn(ctx.account, i.Path ?? '/', i.GroupName),
    handle(i, ctx) {
      if (ctx.store.groups.get(ctx.account, i.GroupName)) throw alreadyExists(i.GroupName);
      if (ctx.store.groups.count(ctx.account) >= MAX_GROUPS) throw limitExceeded(`Cannot exceed quota for GroupsPerAccount: ${MAX_GROUPS}`);
      const path = i.Path ?? '/';
      const row: GroupRow = {
        account_id: ctx.account, name: i.GroupName, id: newUniqueId('AGPA'), path,
        arn: groupArn(ctx.account, path, i.GroupName), created_at: ctx.clock.now().toISOString(),
      };
      ctx.store.groups.insert(row);
      return { Group: groupOutput(row) };
    },
  },
  GetGroup: {
    action: 'iam:GetGroup',
    resource: groupResource,
    handle(i, ctx) {
      const g = requireGroup(ctx.store, ctx.account, i.GroupName);
      const users = ctx.store.groups.members(ctx.account, g.name)
        .map((name) => ctx.store.users.get(ctx.account, name))
        .filter((u) => u !== undefined);
      const page = paginate(users, i);
      return {
        Group: groupOutput(g),
        Users: page.items.map((u) => ({ Path: u.path, UserName: u.name, UserId: u.id, Arn: u.arn, CreateDate: toDate(u.created_at) })),
        IsTruncated: page.IsTruncated, Marker: page.Marker,
      };
    },
  },
  ListGroups: {
    action: 'iam:ListGroups',
    resource: (_i, ctx) => `arn:aws:iam::${ctx.account}:group/`,
    handle(i, ctx) {
      const page = paginate(ctx.store.groups.list(ctx.account, i.PathPrefix), i);
      return { Groups: page.items.map(groupOutput), IsTruncated: page.IsTruncated, Marker: page.Marker };
    },
  },
  UpdateGroup: {
    action: 'iam:UpdateGroup',
    resource: groupResource,
    handle(i, ctx) {
      const g = requireGroup(ctx.store, ctx.account, i.GroupName);
      const name: string = i.NewGroupName ?? g.name;
      if (name.toLowerCase() !== g.name.toLowerCase() && ctx.store.groups.get(ctx.account, name)) throw alreadyExists(name);
      const path: string = i.NewPath ?? g.path;
      ctx.store.groups.update(ctx.account, g.name, { name, path, arn: groupArn(ctx.account, path, name) });
      if (name !== g.name) renameGroupReferences(ctx, g.name, name);
    },
  },
  DeleteGroup: {
    action: 'iam:DeleteGroup',
    resource: groupResource,
    handle(i, ctx) {
      const g = requireGroup(ctx.store, ctx.account, i.GroupName);
      const s = ctx.store;
      if (s.groups.members(ctx.account, g.name).length > 0) throw deleteConflict('Cannot delete entity, must remove users from group first.');
      if (s.inlinePolicies.list(ctx.account, 'group', g.name).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
      if (s.attachments.forEntity(ctx.account, 'group', g.name).length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
      s.groups.delete(ctx.account, g.name);
    },
  },
};

/** A renamed group keeps its policies (members follow in the store). */
function renameGroupReferences(ctx: RequestContext, from: string, to: string): void {
  for (const table of ['attachments', 'inline_policies']) {
    prepared(ctx.store.db, `UPDATE ${table} SET entity_name = ? WHERE account_id = ? AND entity_type = 'group' AND entity_name = ?`).run(to, ctx.account, from);
  }
}
