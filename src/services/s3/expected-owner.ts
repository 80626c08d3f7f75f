/**
 * x-amz-expected-bucket-owner and x-amz-source-expected-bucket-owner: "If
 * the account ID that you provide does not match the actual owner of the
 * bucket, the request fails with the HTTP status code 403 Forbidden (access
 * denied)". A bucket that does not exist is left to the operation.
 */
import { AwsError } from '../../core/aws-error.js';
import type { Input, OperationDef, OperationTable, RequestContext } from '../operation.js';
import { parseCopySource } from './objects.js';

function refuseOtherOwner(ctx: RequestContext, bucket: unknown, expected: unknown): void {
  if (expected === undefined || typeof bucket !== 'string') return;
  const b = ctx.store.buckets.get(bucket);
  if (b && b.account_id !== String(expected)) throw new AwsError('AccessDenied', 'Access Denied', 403);
}

export function checkExpectedOwners(i: Input, ctx: RequestContext): void {
  refuseOtherOwner(ctx, i.Bucket, i.ExpectedBucketOwner);
  if (i.ExpectedSourceBucketOwner !== undefined && typeof i.CopySource === 'string') refuseOtherOwner(ctx, parseCopySource(i.CopySource).bucket, i.ExpectedSourceBucketOwner);
}

/** Every operation of the table checks the expected owners before it does anything else. */
export function withExpectedOwners(table: OperationTable): OperationTable {
  const out: OperationTable = {};
  for (const [name, def] of Object.entries(table)) {
    out[name] = { ...def, handle: (i, ctx) => { checkExpectedOwners(i, ctx); return def.handle(i, ctx); } } satisfies OperationDef;
  }
  return out;
}
