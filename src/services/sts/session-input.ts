/**
 * The parts of a credential request that shape the session: MFA, session
 * policies, session tags. Checked here as AWS checks them, turned into the
 * columns the session row keeps.
 */
import { deflateRawSync } from 'node:zlib';
import { AwsError, accessDenied } from '../../core/aws-error.js';
import { validatePolicy } from '../../policy/index.js';
import type { RequestContext } from '../operation.js';
import type { Principal } from '../principal.js';
import { verifyMfaCode } from '../iam/public.js';

/** AWS's text for a wrong, reused or missing one-time code (AssumeRole, GetSessionToken). */
export const MFA_FAILED = 'MultiFactorAuthentication failed with invalid MFA one time pass code.';

/**
 * Checks SerialNumber/TokenCode against the caller's own MFA device; returns
 * when MFA was checked, or undefined when the request carries no MFA.
 */
export function checkMfa(i: Record<string, any>, ctx: RequestContext, caller: Principal): string | undefined {
  if (i.SerialNumber === undefined && i.TokenCode === undefined) return undefined;
  const userName = caller.type === 'User' ? caller.userName : undefined;
  const device = i.SerialNumber ? ctx.store.mfaDevices.get(i.SerialNumber) : undefined;
  const mine = device !== undefined && userName !== undefined && device.account_id === caller.account && device.user_name?.toLowerCase() === userName.toLowerCase();
  const now = ctx.clock.now();
  if (!mine || !i.TokenCode || !verifyMfaCode(ctx.store, caller.account, i.SerialNumber, i.TokenCode, now)) throw accessDenied(MFA_FAILED);
  return now.toISOString();
}

export interface SessionTags {
  /** every tag of the new session: incoming transitive ones and the request's */
  tags: Record<string, string>;
  transitive: string[];
  /** whether the request passes any tag (then sts:TagSession must be allowed) */
  any: boolean;
}

const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/**
 * Session tags ("Passing session tags in AWS STS", "IAM and AWS STS quotas"):
 * up to 50, keys 1–128 and values up to 256 characters, keys unique ignoring
 * case; transitive keys must name tags of the request; incoming transitive
 * tags (from the calling session) carry on and cannot be overridden.
 */
export function sessionTags(i: Record<string, any>, caller: Principal): SessionTags {
  const requested: Array<{ Key: string; Value: string }> = i.Tags ?? [];
  const transitiveKeys: string[] = i.TransitiveTagKeys ?? [];
  const incoming: Record<string, string> = {};
  for (const k of caller.session?.transitiveTagKeys ?? []) {
    const v = caller.session?.tags?.[k];
    if (v !== undefined) incoming[k] = v;
  }
  const seen = new Set<string>();
  for (const t of requested) {
    if (!t.Key || t.Key.length > 128 || !TAG_KEY.test(t.Key) || (t.Value ?? '').length > 256 || !TAG_VALUE.test(t.Value ?? ''))
      throw new AwsError('ValidationError', `The tag ${JSON.stringify(t.Key)} is invalid: keys have 1 to 128 characters, values up to 256, of letters, digits, spaces and _.:/=+-@.`, 400);
    if (seen.has(t.Key.toLowerCase())) throw new AwsError('ValidationError', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.', 400);
    seen.add(t.Key.toLowerCase());
  }
  for (const k of Object.keys(incoming)) {
    if (seen.has(k.toLowerCase()))
      throw new AwsError('InvalidParameterValue', `The session tag ${k} is an incoming transitive tag of this role chain and cannot be overridden.`, 400);
  }
  for (const k of transitiveKeys) {
    if (!seen.has(k.toLowerCase())) throw new AwsError('InvalidParameterValue', `The transitive tag key ${k} is not a key of the session tags passed.`, 400);
  }
  const tags = { ...incoming, ...Object.fromEntries(requested.map((t) => [t.Key, t.Value ?? ''])) };
  if (Object.keys(tags).length > 50) throw new AwsError('ValidationError', 'A session can have at most 50 session tags, incoming transitive tags included.', 400);
  return { tags, transitive: [...Object.keys(incoming), ...transitiveKeys], any: requested.length > 0 || Object.keys(incoming).length > 0 };
}

/** The condition keys a request's tags add to the trust-policy checks ("Passing session tags in AWS STS", permissions required). */
export function tagContext(t: SessionTags, i: Record<string, any>): Record<string, string | string[] | undefined> {
  const requested: Array<{ Key: string; Value: string }> = i.Tags ?? [];
  if (requested.length === 0) return {};
  return {
    ...Object.fromEntries(requested.map((x) => [`aws:RequestTag/${x.Key}`, x.Value ?? ''])),
    'aws:TagKeys': requested.map((x) => x.Key),
    'sts:TransitiveTagKeys': i.TransitiveTagKeys?.length ? i.TransitiveTagKeys : undefined,
  };
}

export interface SessionPolicyInput { policy?: string; policyArns?: string[] }

/** Session policies: the inline one validated as AWS validates it, the managed ones existing and at most 10 ("Session policies"). */
export function sessionPolicyInput(i: Record<string, any>, ctx: RequestContext): SessionPolicyInput {
  const out: SessionPolicyInput = {};
  if (i.Policy !== undefined) {
    const problems = validatePolicy(i.Policy, 'session');
    if (problems.length > 0) throw new AwsError('MalformedPolicyDocument', problems[0].message, 400);
    out.policy = i.Policy;
  }
  if (i.PolicyArns !== undefined) {
    const arns: string[] = (i.PolicyArns as Array<{ arn?: string }>).map((p) => p.arn ?? '');
    if (arns.length > 10) throw new AwsError('ValidationError', '1 validation error detected: Value at \'policyArns\' failed to satisfy constraint: Member must have length less than or equal to 10', 400);
    for (const arn of arns) {
      if (ctx.store.policies.defaultDocument(arn) === undefined) throw new AwsError('InvalidParameterValue', `Policy ${arn} does not exist or is not attachable.`, 400);
    }
    out.policyArns = arns;
  }
  return out;
}

/**
 * PackedPolicySize: AWS compresses session policies and tags into a
 * binary format and reports the share of its limit they use; the format is
 * not published, so Gatehouse deflates the same parts and measures against
 * a fixed budget. Over 100% is PackedPolicyTooLarge, as on AWS.
 */
const PACKED_BUDGET_BYTES = 2048;

export function packedPolicySize(p: SessionPolicyInput, tags: Record<string, string>): number {
  const parts = [(p.policy ?? '').replace(/\s/g, ''), ...(p.policyArns ?? []), ...Object.entries(tags).flat()].join('\u0000');
  const percent = Math.ceil((deflateRawSync(Buffer.from(parts, 'utf8')).length * 100) / PACKED_BUDGET_BYTES);
  if (percent > 100) throw new AwsError('PackedPolicyTooLarge', `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`, 400);
  return percent;
}
