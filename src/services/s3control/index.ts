/**
 * S3 Control: the account-level Block Public Access configuration
 * (Put/Get/DeletePublicAccessBlock on /v20180820/configuration/publicAccessBlock,
 * "Using Amazon S3 block public access"). The x-amz-account-id header must
 * name the caller's own account.
 */
import { AwsError } from '../../core/aws-error.js';
import type { Input, OperationTable, RequestContext } from '../operation.js';
import { s3AccountSettingsOf } from '../../store/s3-account-settings.js';
import { accountPublicAccessBlock, type PublicAccessBlock } from '../s3/access.js';

/**
 * The account id names whose configuration is meant; AWS documents no error
 * for another account's id. Gatehouse refuses it as AccessDenied, as S3
 * refuses an x-amz-expected-bucket-owner that is not the owner (unconfirmed).
 */
function ownAccount(i: Input, ctx: RequestContext): string {
  const id = String(i.AccountId ?? '');
  if (!/^\d{12}$/.test(id) || id !== ctx.principal.account) throw new AwsError('AccessDenied', 'Access Denied', 403);
  return id;
}

export const s3ControlOperations: OperationTable = {
  PutPublicAccessBlock: {
    action: 's3:PutAccountPublicAccessBlock',
    handle(i, ctx) {
      const account = ownAccount(i, ctx);
      const c = i.PublicAccessBlockConfiguration;
      if (!c || typeof c !== 'object') throw new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
      const pab: PublicAccessBlock = { BlockPublicAcls: !!c.BlockPublicAcls, IgnorePublicAcls: !!c.IgnorePublicAcls, BlockPublicPolicy: !!c.BlockPublicPolicy, RestrictPublicBuckets: !!c.RestrictPublicBuckets };
      s3AccountSettingsOf(ctx.store.db).setPublicAccessBlock(account, JSON.stringify(pab));
      return {};
    },
  },
  GetPublicAccessBlock: {
    action: 's3:GetAccountPublicAccessBlock',
    handle(i, ctx) {
      const account = ownAccount(i, ctx);
      const pab = accountPublicAccessBlock(ctx, account);
      if (!pab) throw new AwsError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404, { AccountId: account });
      return { PublicAccessBlockConfiguration: pab };
    },
  },
  // DeletePublicAccessBlock (S3 Control): "you must have the s3:PutAccountPublicAccessBlock permission".
  DeletePublicAccessBlock: {
    action: 's3:PutAccountPublicAccessBlock',
    handle(i, ctx) {
      s3AccountSettingsOf(ctx.store.db).setPublicAccessBlock(ownAccount(i, ctx), null);
      return {};
    },
  },
};
