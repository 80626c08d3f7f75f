/**
 * Who may do what to a bucket and its objects: the caller's policies and the
 * bucket policy, with the bucket owner as the resource account — same
 * account: either side allows; across accounts: both must ("Policy
 * evaluation for S3 requests", "How Amazon S3 authorizes a request").
 * Block Public Access applies on top ("Blocking public access to your
 * Amazon S3 storage"): RestrictPublicBuckets drops a public policy for
 * anyone outside the owner's account.
 */
import { AwsError } from '../../core/aws-error.js';
import { bucketArn } from '../../core/arn.js';
import { compiledPolicy } from '../iam/public.js';
import type { AuthorizeOptions, RequestContext } from '../operation.js';
import type { BucketRow } from '../../store/buckets.js';
import { objectsOf, type BucketConfigRow } from '../../store/objects.js';
import { s3AccountSettingsOf } from '../../store/s3-account-settings.js';

export interface PublicAccessBlock { BlockPublicAcls: boolean; IgnorePublicAcls: boolean; BlockPublicPolicy: boolean; RestrictPublicBuckets: boolean }
export const ALL_BLOCKED: PublicAccessBlock = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

export function noSuchBucket(name: string): AwsError {
  return new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: name });
}

export const objectArn = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;

/** What these reads need of a request: only its store (`gatehouse explain` reads a store with no request). */
type StoreOf = Pick<RequestContext, 'store'>;

export function bucketConfig(ctx: StoreOf, bucket: string): BucketConfigRow | undefined {
  return objectsOf(ctx.store.db).config(bucket);
}

export function publicAccessBlock(conf: BucketConfigRow | undefined): PublicAccessBlock | undefined {
  return conf?.public_access_block ? JSON.parse(conf.public_access_block) as PublicAccessBlock : undefined;
}

/** The account-level configuration (S3 Control's PutPublicAccessBlock), if any. */
export function accountPublicAccessBlock(ctx: StoreOf, account: string): PublicAccessBlock | undefined {
  const text = s3AccountSettingsOf(ctx.store.db).publicAccessBlock(account);
  return text ? JSON.parse(text) as PublicAccessBlock : undefined;
}

/**
 * What applies to a bucket: "If the PublicAccessBlock settings are different
 * between the bucket and the account, Amazon S3 uses the most restrictive
 * combination of the bucket-level and account-level settings" (GetPublicAccessBlock).
 */
export function effectivePublicAccessBlock(ctx: StoreOf, bucket: BucketRow, conf = bucketConfig(ctx, bucket.name)): PublicAccessBlock {
  const b = publicAccessBlock(conf), a = accountPublicAccessBlock(ctx, bucket.account_id);
  const either = (k: keyof PublicAccessBlock) => !!(b?.[k] || a?.[k]);
  return { BlockPublicAcls: either('BlockPublicAcls'), IgnorePublicAcls: either('IgnorePublicAcls'), BlockPublicPolicy: either('BlockPublicPolicy'), RestrictPublicBuckets: either('RestrictPublicBuckets') };
}

/**
 * "The meaning of 'public'" (Blocking public access): a policy is public when
 * an Allow statement names the wildcard principal, unless a condition pins
 * it to fixed values of keys such as aws:SourceIp, aws:SourceArn,
 * aws:SourceVpc(e), aws:SourceAccount, aws:SourceOwner, aws:PrincipalOrgID,
 * aws:PrincipalAccount, aws:PrincipalArn, aws:userid or s3:DataAccessPointAccount.
 */
const NON_PUBLIC_KEYS = ['aws:sourceip', 'aws:sourcearn', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:sourceaccount', 'aws:sourceowner', 'aws:principalorgid', 'aws:principalaccount', 'aws:principalarn', 'aws:userid', 's3:dataaccesspointaccount', 's3:dataaccesspointarn'];
export function isPublicPolicy(text: string): boolean {
  let doc: any;
  try { doc = JSON.parse(text); } catch { return false; }
  const statements = Array.isArray(doc?.Statement) ? doc.Statement : [doc?.Statement];
  return statements.some((s: any) => {
    if (!s || s.Effect !== 'Allow') return false;
    const p = s.Principal;
    const aws = p === '*' ? ['*'] : p && typeof p === 'object' ? [p.AWS].flat() : [];
    if (!aws.includes('*')) return false;
    for (const block of Object.entries(s.Condition ?? {})) {
      const [op, keys] = block as [string, Record<string, unknown>];
      if (/IfExists$/.test(op) || /^(StringNotEquals|StringNotLike|ArnNotEquals|ArnNotLike|NotIpAddress)/.test(op)) continue;
      for (const [k, v] of Object.entries(keys ?? {})) {
        const values = [v].flat().map(String);
        if (NON_PUBLIC_KEYS.includes(k.toLowerCase()) && !values.some((x) => x.includes('*') && !(k.toLowerCase() === 'aws:sourceip'))) return false;
      }
    }
    return true;
  });
}

/** Who asks of a bucket: its account, or nobody's (anonymous). */
export interface BucketCaller { type: string; account: string }

/**
 * What a request on an existing bucket is judged with: the owner as the resource account, and the
 * bucket policy, less a public one that RestrictPublicBuckets keeps from outsiders. Shared by the
 * request path and `gatehouse explain`.
 */
export function bucketAuthorization(ctx: StoreOf, b: BucketRow, caller: BucketCaller, ownerRootIgnoresPolicy = false, context?: AuthorizeOptions['context']): AuthorizeOptions {
  const conf = bucketConfig(ctx, b.name);
  const outsider = caller.type === 'Anonymous' || caller.account !== b.account_id;
  let policyText = conf?.policy ?? undefined;
  if (policyText && outsider && effectivePublicAccessBlock(ctx, b, conf).RestrictPublicBuckets && isPublicPolicy(policyText)) policyText = undefined;
  if (ownerRootIgnoresPolicy && caller.type === 'Root' && caller.account === b.account_id) policyText = undefined;
  return {
    resourceAccount: b.account_id,
    resourcePolicy: policyText ? { id: `${bucketArn(b.name)} (bucket policy)`, policy: compiledPolicy(policyText) } : undefined,
    context,
  };
}

/** Authorizes one S3 action on a bucket or object of this bucket; throws NoSuchBucket (to those who may ask) or AccessDenied. */
export function authorizeS3(ctx: RequestContext, bucketName: string, action: string, resource: string, context?: Record<string, string | string[] | undefined>, opts: { ownerRootIgnoresPolicy?: boolean } = {}): BucketRow {
  const b = ctx.store.buckets.get(bucketName);
  if (!b) {
    // A missing bucket is reported only to a caller who could have acted on it in its own account.
    if (ctx.principal.type !== ('Anonymous' as string)) ctx.authorize(action, resource, { resourceAccount: ctx.principal.account, context });
    throw noSuchBucket(bucketName);
  }
  ctx.authorize(action, resource, bucketAuthorization(ctx, b, ctx.principal, opts.ownerRootIgnoresPolicy, context));
  return b;
}

/** A bucket-level action on the bucket itself. */
export function bucketFor(ctx: RequestContext, name: string, action: string, context?: Record<string, string | string[] | undefined>): BucketRow {
  return authorizeS3(ctx, name, action, bucketArn(name), context);
}

/**
 * Get/Put/DeleteBucketPolicy: "the root principal in a bucket owner's account
 * can perform [them] even if their bucket policy explicitly denies the root
 * principal's access"; an allowed identity of another account gets 405
 * MethodNotAllowed (DeleteBucketPolicy, PutBucketPolicy: Permissions).
 */
export function bucketForPolicyChange(ctx: RequestContext, name: string, action: string): BucketRow {
  const b = authorizeS3(ctx, name, action, bucketArn(name), undefined, { ownerRootIgnoresPolicy: true });
  if (ctx.principal.account !== b.account_id)
    throw new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, { Method: action.replace('s3:', ''), ResourceType: 'BUCKETPOLICY' });
  return b;
}
