/** Access keys of IAM users (and of the root, when the root calls without a user name). */
import { AwsError, limitExceeded, noSuchEntity } from '../../core/aws-error.js';
import { newAccessKeyId, newSecretAccessKey } from '../../core/ids.js';
import type { OperationTable, RequestContext } from '../operation.js';
import { entityArn, toDate } from './names.js';
import { namedOrCallingUser, namedOrCallingUserArn } from './caller-user.js';
import { paginate } from './paginate.js';

const MAX_KEYS = 2;

const keyOwner = namedOrCallingUser;
const keyResource = namedOrCallingUserArn;

function requireKey(ctx: RequestContext, owner: string | null, id: string) {
  const key = ctx.store.accessKeys.get(id);
  const sameOwner = key && key.account_id === ctx.account && (key.user_name ?? null)?.toLowerCase() === owner?.toLowerCase();
  if (!key || !sameOwner) throw noSuchEntity(`The Access Key with id ${id} cannot be found.`);
  return key;
}

export const accessKeyOperations: OperationTable = {
  CreateAccessKey: {
    action: 'iam:CreateAccessKey',
    resource: keyResource,
    handle(i, ctx) {
      const owner = keyOwner(i, ctx);
      if (ctx.store.accessKeys.forUser(ctx.account, owner).length >= MAX_KEYS)
        throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${MAX_KEYS}`);
      const row = {
        access_key_id: newAccessKeyId('AKIA', ctx.account), account_id: ctx.account, user_name: owner,
        secret: newSecretAccessKey(), status: 'Active' as const, created_at: ctx.clock.now().toISOString(),
      };
      ctx.store.accessKeys.insert(row);
      return {
        AccessKey: {
          UserName: owner ?? undefined, AccessKeyId: row.access_key_id, Status: row.status,
          SecretAccessKey: row.secret, CreateDate: toDate(row.created_at),
        },
      };
    },
  },
  ListAccessKeys: {
    action: 'iam:ListAccessKeys',
    resource: keyResource,
    handle(i, ctx) {
      const owner = keyOwner(i, ctx);
      const page = paginate(ctx.store.accessKeys.forUser(ctx.account, owner), i);
      return {
        AccessKeyMetadata: page.items.map((k) => ({
          UserName: k.user_name ?? undefined, AccessKeyId: k.access_key_id, Status: k.status, CreateDate: toDate(k.created_at),
        })),
        IsTruncated: page.IsTruncated, Marker: page.Marker,
      };
    },
  },
  UpdateAccessKey: {
    action: 'iam:UpdateAccessKey',
    resource: keyResource,
    handle(i, ctx) {
      const key = requireKey(ctx, keyOwner(i, ctx), i.AccessKeyId);
      ctx.store.accessKeys.setStatus(key.access_key_id, i.Status);
    },
  },
  DeleteAccessKey: {
    action: 'iam:DeleteAccessKey',
    resource: keyResource,
    handle(i, ctx) {
      const key = requireKey(ctx, keyOwner(i, ctx), i.AccessKeyId);
      ctx.store.accessKeys.delete(key.access_key_id);
    },
  },
  GetAccessKeyLastUsed: {
    action: 'iam:GetAccessKeyLastUsed',
    // AWS checks this against the key's user, found from the key itself.
    resource: (i, ctx) => {
      const key = ctx.store.accessKeys.get(i.AccessKeyId);
      return key && key.account_id === ctx.account && key.user_name ? entityArn(ctx.store, ctx.account, 'user', key.user_name) : '*';
    },
    handle(i, ctx) {
      const key = ctx.store.accessKeys.get(i.AccessKeyId);
      if (!key || key.account_id !== ctx.account) throw new AwsError('AccessDenied', `The Access Key with id ${i.AccessKeyId} cannot be found.`, 403);
      return {
        UserName: key.user_name ?? undefined,
        AccessKeyLastUsed: {
          LastUsedDate: toDate(key.last_used_at),
          ServiceName: key.last_used_service ?? 'N/A',
          Region: key.last_used_region ?? 'N/A',
        },
      };
    },
  },
};
