/** Adding users to groups and taking them out; ListGroupsForUser lives with users. */
import { limitExceeded, noSuchEntity } from '../../core/aws-error.js';
import type { OperationTable } from '../operation.js';
import { requireGroup, requireUser } from './names.js';
import { groupResource } from './groups.js';

/** GroupsPerUserQuota, "IAM and AWS STS quotas" (IAM User Guide): a user is in at most 10 groups. */
export const MAX_GROUPS_PER_USER = 10;

export const groupMembershipOperations: OperationTable = {
  AddUserToGroup: {
    action: 'iam:AddUserToGroup',
    resource: groupResource,
    handle(i, ctx) {
      const g = requireGroup(ctx.store, ctx.account, i.GroupName);
      const u = requireUser(ctx.store, ctx.account, i.UserName);
      const groups = ctx.store.groups.forUser(ctx.account, u.name);
      // Adding a member again is a no-op, as in AWS; only a new membership counts against the quota.
      if (groups.some((x) => x.name.toLowerCase() === g.name.toLowerCase())) return;
      if (groups.length >= MAX_GROUPS_PER_USER) throw limitExceeded(`Cannot exceed quota for GroupsPerUser: ${MAX_GROUPS_PER_USER}`);
      ctx.store.groups.addMember(ctx.account, g.name, u.name);
    },
  },
  RemoveUserFromGroup: {
    action: 'iam:RemoveUserFromGroup',
    resource: groupResource,
    handle(i, ctx) {
      const g = requireGroup(ctx.store, ctx.account, i.GroupName);
      const u = requireUser(ctx.store, ctx.account, i.UserName);
      if (!ctx.store.groups.removeMember(ctx.account, g.name, u.name))
        throw noSuchEntity(`User ${u.name} does not belong to group ${g.name}.`);
    },
  },
};
