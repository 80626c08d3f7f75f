/**
 * Bucket configuration: policy, Block Public Access, object ownership,
 * tagging, versioning status, ACLs (disabled).
 */
import { AwsError } from '../../core/aws-error.js';
import { validatePolicy } from '../../policy/index.js';
import type { OperationTable, RequestContext } from '../operation.js';
import { objectsOf } from '../../store/objects.js';
import { bucketFor, bucketForPolicyChange, isPublicPolicy, publicAccessBlock, effectivePublicAccessBlock, ALL_BLOCKED, bucketConfig, type PublicAccessBlock } from './access.js';
import { checkTags } from './object-tags.js';
import { canonicalUserId } from './owner.js';

const repo = (ctx: RequestContext) => objectsOf(ctx.store.db);

/** "Bucket policies are limited to 20 KB in size" ("Bucket policies and user policies"). */
export const MAX_BUCKET_POLICY_BYTES = 20 * 1024;

/** S3's MalformedPolicy messages for the common faults ("PutBucketPolicy"; "Bucket policy examples"). */
function checkBucketPolicy(text: string, bucket: string): void {
  // The message is AWS's as CloudFormation relays it; the code PolicyTooLarge is unconfirmed.
  if (text.length > MAX_BUCKET_POLICY_BYTES / 3 && Buffer.byteLength(text) > MAX_BUCKET_POLICY_BYTES)
    throw new AwsError('PolicyTooLarge', 'The bucket policy exceeds the maximum allowed document size', 400);
  let doc: any;
  try { doc = JSON.parse(text); } catch { throw malformed('Policies must be valid JSON and the first byte must be \'{\''); }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw malformed('Policies must be valid JSON and the first byte must be \'{\'');
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  if (statements.length === 0) throw malformed('Could not parse the policy: Statement is empty!');
  for (const s of statements) {
    if (s.Principal === undefined && s.NotPrincipal === undefined) throw malformed('Missing required field Principal');
    if (s.Action === undefined && s.NotAction === undefined) throw malformed('Missing required field Action');
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw malformed('Invalid effect: ' + String(s.Effect));
    for (const a of [s.Action ?? s.NotAction].flat()) {
      if (typeof a !== 'string' || !(a === '*' || /^s3(-object-lambda)?:/i.test(a))) throw malformed('Policy has invalid action');
    }
    const resources = [s.Resource ?? s.NotResource].flat();
    if (s.Resource === undefined && s.NotResource === undefined) throw malformed('Missing required field Resource');
    for (const r of resources) {
      if (typeof r !== 'string' || !(r === '*' || r === `arn:aws:s3:::${bucket}` || r.startsWith(`arn:aws:s3:::${bucket}/`) || /^arn:aws:s3:::[^/]*[*?]/.test(r)))
        throw malformed('Policy has invalid resource');
    }
  }
  const errors = validatePolicy(text, 'resource').filter((d: any) => (d.severity ?? 'error') === 'error');
  if (errors.length) throw malformed((errors[0] as any).message ?? 'Invalid policy');
}
const malformed = (m: string) => new AwsError('MalformedPolicy', m, 400);

export const bucketConfigOperations: OperationTable = {
  PutBucketPolicy: {
    action: 's3:PutBucketPolicy', authorizesItself: true,
    handle(i, ctx) {
      const b = bucketForPolicyChange(ctx, i.Bucket, 's3:PutBucketPolicy');
      const text = String(i.Policy ?? '');
      checkBucketPolicy(text, b.name);
      // BlockPublicPolicy: "PUT Bucket policy calls fail if the specified bucket policy allows public access".
      // The account's setting counts as much as the bucket's.
      if (effectivePublicAccessBlock(ctx, b).BlockPublicPolicy && isPublicPolicy(text))
        throw new AwsError('AccessDenied', `User: ${ctx.principal.arn} is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::${b.name}" because public policies are blocked by the BlockPublicPolicy block public access setting.`, 403);
      repo(ctx).setConfig(b.name, 'policy', text);
      return {};
    },
  },
  GetBucketPolicy: {
    action: 's3:GetBucketPolicy', authorizesItself: true,
    handle(i, ctx) {
      const b = bucketForPolicyChange(ctx, i.Bucket, 's3:GetBucketPolicy');
      const p = bucketConfig(ctx, b.name)?.policy;
      if (!p) throw new AwsError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, { BucketName: b.name });
      return { Policy: p };
    },
  },
  DeleteBucketPolicy: {
    action: 's3:DeleteBucketPolicy', authorizesItself: true,
    handle(i, ctx) {
      const b = bucketForPolicyChange(ctx, i.Bucket, 's3:DeleteBucketPolicy');
      repo(ctx).setConfig(b.name, 'policy', null);
      return {};
    },
  },
  GetBucketPolicyStatus: {
    action: 's3:GetBucketPolicyStatus', authorizesItself: true,
    handle(i, ctx) {
      const b = bucketFor(ctx, i.Bucket, 's3:GetBucketPolicyStatus');
      const p = bucketConfig(ctx, b.name)?.policy;
      if (!p) throw new AwsError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, { BucketName: b.name });
      return { PolicyStatus: { IsPublic: isPublicPolicy(p) } };
    },
  },
  PutPublicAccessBlock: {
    action: 's3:PutBucketPublicAccessBlock', authorizesItself: true,
    handle(i, ctx) {
      const b = bucketFor(ctx, i.Bucket, 's3:PutBucketPublicAccessBlock');
      const c = i.PublicAccessBlockConfiguration ?? {};
      const pab: PublicAccessBlock = { BlockPublicAcls: !!c.BlockPublicAcls, IgnorePublicAcls: !!c.IgnorePublicAcls, BlockPublicPolicy: !!c.BlockPublicPolicy, RestrictPublicBuckets: !!c.RestrictPublicBuckets };
      repo(ctx).setConfig(b.name, 'public_access_block', JSON.stringify(pab));
      return {};
    },
  },
  GetPublicAccessBlock: {
    action: 's3:GetBucketPublicAccessBlock', authorizesItself: true,
    handle(i, ctx) {
      const b = bucketFor(ctx, i.Bucket, 's3:GetBucketPublicAccessBlock');
      const pab = publicAccessBlock(bucketConfig(ctx, b.name));
      if (!pab) throw new AwsError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404, { BucketName: b.name });
      return { PublicAccessBlockConfiguration: pab };
    },
  },
  DeletePublicAccessBlock: {
    action: 's3:PutBucketPublicAccessBlock', authorizesItself: true,
    handle(i, ctx) {
      const b = bucketFor(ctx, i.Bucket, 's3:PutBucketPublicAccessBlock');
      repo(ctx).setConfig(b.name, 'public_access_block', null);
      return {};
    },
  },
  GetBucketOwnershipControls: {
    action: 's3:GetBucketOwnershipControls', authorizesItself: true,
    handle(i, ctx) {
      const b = bucketFor(ctx, i.Bucket, 's3:GetBucketOwnershipControls');
      return { OwnershipControls: { Rules: [{ ObjectOwnership: bucketConfig(ctx, b.name)?.ownership ?? 'BucketOwnerEnforced' }] } };
    },
  },
  PutBucketOwnershipControls: {
    action: 's3:PutBucketOwnershipControls', authorizesItself: true,
    handle(i, ctx) {
      const b = bucketFor(ctx, i.Bucket, 's3:PutBucketOwnershipControls');
      const rule = i.OwnershipControls?.Rules?.[0]?.ObjectOwnership;
      if (rule !== 'BucketOwnerEnforced')
        throw new AwsError('NotImplemented', `Gatehouse supports only the BucketOwnerEnforced object ownership (ACLs disabled), not ${rule}.`, 501);
      repo(ctx).setConfig(b.name, 'ownership', rule);
      return {};
    },
  },
  GetBucketAcl: {
    action: 's3:GetBucketAcl', authorizesItself: true,
    handle(i, ctx) {
      const b = bucketFor(ctx, i.Bucket, 's3:GetBucketAcl');
      const owner = { ID: canonicalUserId(b.account_id) };
      return { Owner: owner, Grants: [{ Grantee: { ...owner, Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' }] };
    },
  },
  PutBucketAcl: {
    action: 's3:PutBucketAcl', authorizesItself: true,
    handle(i, ctx) {
      bucketFor(ctx, i.Bucket, 's3:PutBucketAcl');
      if (i.ACL === 'private' && !i.AccessControlPolicy) return {};
      throw new AwsError('AccessControlListNotSupported', 'The bucket does not allow ACLs', 400);
    },
  },
  PutBucketTagging: {
    action: 's3:PutBucketTagging', authorizesItself: true,
    handle(i, ctx) {
      const b = bucketFor(ctx, i.Bucket, 's3:PutBucketTagging');
      const tags = (i.Tagging?.TagSet ?? []) as Array<{ Key: string; Value: string }>;
      checkTags(tags, 'bucket');
      repo(ctx).setConfig(b.name, 'tags', JSON.stringify(tags));
      return {};
    },
  },
  GetBucketTagging: {
    action: 's3:GetBucketTagging', authorizesItself: true,
    handle(i, ctx) {
      const b = bucketFor(ctx, i.Bucket, 's3:GetBucketTagging');
      const t = bucketConfig(ctx, b.name)?.tags;
      if (!t) throw new AwsError('NoSuchTagSet', 'The TagSet does not exist', 404, { BucketName: b.name });
      return { TagSet: JSON.parse(t) };
    },
  },
  DeleteBucketTagging: {
    action: 's3:PutBucketTagging', authorizesItself: true,
    handle(i, ctx) {
      const b = bucketFor(ctx, i.Bucket, 's3:PutBucketTagging');
      repo(ctx).setConfig(b.name, 'tags', null);
      return {};
    },
  },
  PutBucketVersioning: {
    action: 's3:PutBucketVersioning', authorizesItself: true,
    handle(i, ctx) {
      const b = bucketFor(ctx, i.Bucket, 's3:PutBucketVersioning');
      const status = i.VersioningConfiguration?.Status;
      if (status !== 'Enabled' && status !== 'Suspended') throw new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
      // MFA delete needs the root's MFA device in x-amz-mfa on this call and every version delete: not served.
      if (i.VersioningConfiguration?.MFADelete === 'Enabled') throw new AwsError('NotImplemented', 'Gatehouse does not support MFA delete.', 501);
      repo(ctx).setConfig(b.name, 'versioning', status);
      return {};
    },
  },
  GetBucketVersioning: {
    action: 's3:GetBucketVersioning', authorizesItself: true,
    handle(i, ctx) {
      const b = bucketFor(ctx, i.Bucket, 's3:GetBucketVersioning');
      const v = bucketConfig(ctx, b.name)?.versioning;
      return v ? { Status: v } : {};
    },
  },
};

export { ALL_BLOCKED };
