/** Inline policies of users, groups and roles. */
import { noSuchEntity } from '../../core/aws-error.js';
import type { OperationTable, RequestContext } from '../operation.js';
import { checkInlineTotal, checkPolicyDocument, encodeDocument } from './documents.js';
import { entityArn, requireGroup, requireRole, requireUser } from './names.js';
import { paginate } from './paginate.js';

const REQUIRE = { user: requireUser, group: requireGroup, role: requireRole };

function inlineOps(type: 'user' | 'group' | 'role', Type: 'User' | 'Group' | 'Role'): OperationTable {
  const nameOf = (i: Record<string, any>) => i[`${Type}Name`] as string;
  const resource = (i: Record<string, any>, ctx: RequestContext) => entityArn(ctx.store, ctx.account, type, nameOf(i));
  const entity = (ctx: RequestContext, name: string) => REQUIRE[type](ctx.store, ctx.account, name).name;
  const missing = (policy: string, name: string) =>
    noSuchEntity(`The ${type} policy with name ${policy} cannot be found.`);
  return {
    [`Put${Type}Policy`]: {
      action: `iam:Put${Type}Policy`, resource,
      handle(i, ctx) {
        const name = entity(ctx, nameOf(i));
        checkPolicyDocument(i.PolicyDocument, 'identity');
        const others = ctx.store.inlinePolicies.list(ctx.account, type, name)
          .filter((p) => p.policy_name.toLowerCase() !== String(i.PolicyName).toLowerCase()).map((p) => p.document);
        checkInlineTotal(type, name, [...others, i.PolicyDocument]);
        ctx.store.inlinePolicies.put(ctx.account, type, name, i.PolicyName, i.PolicyDocument);
      },
    },
    [`Get${Type}Policy`]: {
      action: `iam:Get${Type}Policy`, resource,
      handle(i, ctx) {
        const name = entity(ctx, nameOf(i));
        const p = ctx.store.inlinePolicies.get(ctx.account, type, name, i.PolicyName);
        if (!p) throw missing(i.PolicyName, name);
        return { [`${Type}Name`]: name, PolicyName: p.policy_name, PolicyDocument: encodeDocument(p.document) };
      },
    },
    [`Delete${Type}Policy`]: {
      action: `iam:Delete${Type}Policy`, resource,
      handle(i, ctx) {
        const name = entity(ctx, nameOf(i));
        if (!ctx.store.inlinePolicies.delete(ctx.account, type, name, i.PolicyName)) throw missing(i.PolicyName, name);
      },
    },
    [`List${Type}Policies`]: {
      action: `iam:List${Type}Policies`, resource,
      handle(i, ctx) {
        const name = entity(ctx, nameOf(i));
        const page = paginate(ctx.store.inlinePolicies.list(ctx.account, type, name).map((p) => p.policy_name), i);
        return { PolicyNames: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
      },
    },
  };
}

export const inlinePolicyOperations: OperationTable = { ...inlineOps('user', 'User'), ...inlineOps('group', 'Group'), ...inlineOps('role', 'Role') };
