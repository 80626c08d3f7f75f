/** Attaching managed policies to users, groups and roles, and the lists that show attachments. */
import { limitExceeded, noSuchEntity } from '../../core/aws-error.js';
import type { OperationTable, RequestContext } from '../operation.js';
import type { EntityType } from '../../store/index.js';
import { entityArn, requireGroup, requireRole, requireUser } from './names.js';
import { paginate } from './paginate.js';
import { authorizePolicyRead, requirePolicy } from './managed-policies.js';

/** IAM's default quota of managed policies per user, group or role. */
const MAX_ATTACHED = 10;

const REQUIRE = { user: requireUser, group: requireGroup, role: requireRole };

function entityName(ctx: RequestContext, type: 'user' | 'group' | 'role', name: string): string {
  return REQUIRE[type](ctx.store, ctx.account, name).name;
}

function attachOps(type: 'user' | 'group' | 'role', Type: 'User' | 'Group' | 'Role'): OperationTable {
  const nameOf = (i: Record<string, any>) => i[`${Type}Name`] as string;
  const resource = (i: Record<string, any>, ctx: RequestContext) => entityArn(ctx.store, ctx.account, type, nameOf(i));
  return {
    [`Attach${Type}Policy`]: {
      action: `iam:Attach${Type}Policy`, resource,
      handle(i, ctx) {
        const name = entityName(ctx, type, nameOf(i));
        const p = requirePolicy(ctx, i.PolicyArn);
        const attached = ctx.store.attachments.forEntity(ctx.account, type, name);
        if (!attached.includes(p.arn) && attached.length >= MAX_ATTACHED)
          throw limitExceeded(`Cannot exceed quota for PoliciesPer${Type}: ${MAX_ATTACHED}`);
        ctx.store.attachments.attach(ctx.account, type, name, p.arn);
      },
    },
    [`Detach${Type}Policy`]: {
      action: `iam:Detach${Type}Policy`, resource,
      handle(i, ctx) {
        const name = entityName(ctx, type, nameOf(i));
        if (!ctx.store.attachments.detach(ctx.account, type, name, i.PolicyArn))
          throw noSuchEntity(`Policy ${i.PolicyArn} was not found.`);
      },
    },
    [`ListAttached${Type}Policies`]: {
      action: `iam:ListAttached${Type}Policies`, resource,
      handle(i, ctx) {
        const name = entityName(ctx, type, nameOf(i));
        const rows = ctx.store.attachments.forEntity(ctx.account, type, name)
          .map((arn) => ctx.store.policies.get(arn))
          .filter((p) => p !== undefined && (!i.PathPrefix || p.path.startsWith(i.PathPrefix)));
        const page = paginate(rows, i);
        return {
          AttachedPolicies: page.items.map((p) => ({ PolicyName: p!.name, PolicyArn: p!.arn })),
          IsTruncated: page.IsTruncated, Marker: page.Marker,
        };
      },
    },
  };
}

const ENTITY_LIST: Record<EntityType, 'PolicyUsers' | 'PolicyGroups' | 'PolicyRoles'> = { user: 'PolicyUsers', group: 'PolicyGroups', role: 'PolicyRoles' };
const FILTER: Record<string, EntityType> = { User: 'user', Group: 'group', Role: 'role' };

export const attachmentOperations: OperationTable = {
  ...attachOps('user', 'User'),
  ...attachOps('group', 'Group'),
  ...attachOps('role', 'Role'),
  ListEntitiesForPolicy: {
    action: 'iam:ListEntitiesForPolicy', authorizesItself: true,
    handle(i, ctx) {
      authorizePolicyRead(ctx, 'iam:ListEntitiesForPolicy', i.PolicyArn);
      const p = requirePolicy(ctx, i.PolicyArn);
      const only = i.EntityFilter ? FILTER[i.EntityFilter] : undefined;
      const out: Record<string, unknown[]> = { PolicyUsers: [], PolicyGroups: [], PolicyRoles: [] };
      const rows = ctx.store.attachments.forPolicy(p.arn, ctx.account).filter((a) => !only || a.entity_type === only);
      const page = paginate(rows, i);
      for (const a of page.items) {
        const row = a.entity_type === 'user' ? ctx.store.users.get(ctx.account, a.entity_name)
          : a.entity_type === 'role' ? ctx.store.roles.get(ctx.account, a.entity_name) : ctx.store.groups.get(ctx.account, a.entity_name);
        if (!row) continue;
        const key = a.entity_type === 'user' ? 'UserName' : a.entity_type === 'role' ? 'RoleName' : 'GroupName';
        const idKey = a.entity_type === 'user' ? 'UserId' : a.entity_type === 'role' ? 'RoleId' : 'GroupId';
        out[ENTITY_LIST[a.entity_type]].push({ [key]: row.name, [idKey]: row.id });
      }
      return { ...out, IsTruncated: page.IsTruncated, Marker: page.Marker };
    },
  },
};
