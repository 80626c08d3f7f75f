/** S3 bucket operations: names are global across accounts; each bucket has one owner account. */
import { AwsError } from '../../core/aws-error.js';
import { bucketArn } from '../../core/arn.js';
import type { OperationTable } from '../operation.js';
import { objectsOf } from '../../store/objects.js';
import { checkBucketName } from './bucket-names.js';
import { ALL_BLOCKED, bucketFor } from './access.js';
import { canonicalUserId } from './owner.js';
import { objectOperations } from './objects.js';
import { listingOperations } from './object-listing.js';
import { objectTaggingOperations } from './object-tagging.js';
import { multipartOperations } from './multipart.js';
import { bucketConfigOperations } from './bucket-config.js';
import { objectVersionOperations } from './object-versions.js';
import { withExpectedOwners } from './expected-owner.js';

const DEFAULT_REGION = 'us-east-1';
/** "By default, you can create up to 10,000 general purpose buckets per AWS account" ("General purpose bucket quotas, limitations, and restrictions"). */
export const MAX_BUCKETS_PER_ACCOUNT = 10_000;

export { canonicalUserId };
export { noSuchBucket } from './access.js';

export const bucketOperations: OperationTable = {
  ListBuckets: {
    action: 's3:ListAllMyBuckets',
    resource: () => '*',
    handle(i, ctx) {
      const account = ctx.principal.account;
      const max: number = i.MaxBuckets ?? 10000;
      if (!Number.isInteger(max) || max < 1 || max > 10000)
        throw new AwsError('InvalidArgument', 'Argument max-buckets must be an integer between 1 and 10000.', 400, { ArgumentName: 'max-buckets', ArgumentValue: String(i.MaxBuckets) });
      // The continuation token is the last name of the previous page, opaque to clients.
      const after = i.ContinuationToken ? Buffer.from(i.ContinuationToken, 'base64url').toString('utf8') : '';
      // Cached until a bucket is created or deleted (those operations forget cached reads).
      const all = ctx.store.cached(`buckets\0${account}`, () => ctx.store.buckets.forAccount(account))
        .filter((b) => (!i.Prefix || b.name.startsWith(i.Prefix)) && (!i.BucketRegion || b.region === i.BucketRegion) && b.name > after);
      const page = all.slice(0, max);
      return {
        Buckets: page.map((b) => ({ Name: b.name, CreationDate: new Date(b.created_at), BucketRegion: b.region })),
        Owner: { ID: canonicalUserId(account), DisplayName: ctx.store.cached(`account\0${account}`, () => ctx.store.accounts.byId(account))?.name },
        ContinuationToken: all.length > max ? Buffer.from(page[page.length - 1].name).toString('base64url') : undefined,
        Prefix: i.Prefix,
      };
    },
  },
  CreateBucket: {
    action: 's3:CreateBucket', forgetsReads: true,
    resource: (i) => bucketArn(i.Bucket),
    handle(i, ctx) {
      checkBucketName(i.Bucket);
      const constraint: string | undefined = i.CreateBucketConfiguration?.LocationConstraint || undefined;
      if (constraint === DEFAULT_REGION)
        throw new AwsError('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, { LocationConstraint: constraint });
      if (constraint === undefined && ctx.region !== DEFAULT_REGION)
        throw new AwsError('IllegalLocationConstraintException', 'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.', 400);
      if (constraint !== undefined && constraint !== ctx.region)
        throw new AwsError('IllegalLocationConstraintException', `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`, 400);
      const existing = ctx.store.buckets.get(i.Bucket);
      if (existing && existing.account_id === ctx.principal.account) {
        // us-east-1 answers a repeated create by the owner with success, other regions with 409.
        if (existing.region === DEFAULT_REGION && ctx.region === DEFAULT_REGION) return { Location: `/${i.Bucket}` };
        throw new AwsError('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409, { BucketName: i.Bucket });
      }
      if (existing)
        throw new AwsError('BucketAlreadyExists', 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.', 409, { BucketName: i.Bucket });
      // TooManyBuckets, 400 ("Amazon S3 error responses"); the message is AWS's as clients report it.
      if (ctx.store.buckets.countForAccount(ctx.principal.account) >= MAX_BUCKETS_PER_ACCOUNT)
        throw new AwsError('TooManyBuckets', 'You have attempted to create more buckets than allowed', 400);
      ctx.store.buckets.insert({ name: i.Bucket, account_id: ctx.principal.account, region: constraint ?? DEFAULT_REGION, created_at: ctx.clock.now().toISOString() });
      // New buckets have all of Block Public Access on and ACLs disabled (S3's defaults since April 2023).
      const objects = objectsOf(ctx.store.db);
      objects.dropConfig(i.Bucket);
      objects.setConfig(i.Bucket, 'public_access_block', JSON.stringify(ALL_BLOCKED));
      objects.setConfig(i.Bucket, 'ownership', 'BucketOwnerEnforced');
      return { Location: `/${i.Bucket}` };
    },
  },
  HeadBucket: {
    action: 's3:ListBucket', authorizesItself: true,
    handle(i, ctx) {
      const b = bucketFor(ctx, i.Bucket, 's3:ListBucket');
      return { BucketRegion: b.region, AccessPointAlias: false };
    },
  },
  GetBucketLocation: {
    action: 's3:GetBucketLocation', authorizesItself: true,
    handle(i, ctx) {
      const b = bucketFor(ctx, i.Bucket, 's3:GetBucketLocation');
      // us-east-1 is reported as an empty LocationConstraint.
      return { LocationConstraint: b.region === DEFAULT_REGION ? undefined : b.region };
    },
  },
  DeleteBucket: {
    action: 's3:DeleteBucket', authorizesItself: true, forgetsReads: true,
    handle(i, ctx) {
      const b = bucketFor(ctx, i.Bucket, 's3:DeleteBucket');
      const objects = objectsOf(ctx.store.db);
      if (objects.any(b.name)) throw new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: b.name });
      objects.dropConfig(b.name);
      ctx.store.buckets.delete(b.name);
    },
  },
};

export const s3Operations: OperationTable = withExpectedOwners({ ...bucketOperations, ...objectOperations, ...listingOperations, ...objectTaggingOperations, ...multipartOperations, ...bucketConfigOperations, ...objectVersionOperations });
