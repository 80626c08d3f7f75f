/**
 * GetSessionToken and GetFederationToken (STS API Reference): temporary
 * credentials for a user or root from its long-term keys, the first to carry
 * MFA, the second for a federated user whose permissions are the user's cut
 * by session policies.
 */
import { AwsError, accessDenied } from '../../core/aws-error.js';
import type { RequestContext } from '../operation.js';
import { issueSession, jsonColumn } from './sessions.js';
import { checkMfa, packedPolicySize, sessionPolicyInput, sessionTags } from './session-input.js';

const MIN_SECONDS = 900;
const MAX_SECONDS = 129_600;
const DEFAULT_SECONDS = 43_200;
/** "Credentials based on account credentials can range from 900 seconds to 3,600 seconds (1 hour)". */
const ROOT_MAX_SECONDS = 3600;

function durationOf(i: Record<string, any>, isRoot: boolean): number {
  const asked = i.DurationSeconds ?? (isRoot ? ROOT_MAX_SECONDS : DEFAULT_SECONDS);
  if (asked < MIN_SECONDS || asked > MAX_SECONDS)
    throw new AwsError('ValidationError', `1 validation error detected: Value '${asked}' at 'durationSeconds' failed to satisfy constraint: Member must have value ${asked < MIN_SECONDS ? `greater than or equal to ${MIN_SECONDS}` : `less than or equal to ${MAX_SECONDS}`}`, 400);
  return isRoot ? Math.min(asked, ROOT_MAX_SECONDS) : asked;
}

/** Both operations "must be called by using the long-term AWS security credentials" of a user or root. */
function longTermOnly(ctx: RequestContext, operation: string): void {
  if (ctx.principal.session) throw accessDenied(`Cannot call ${operation} with session credentials`);
}

export function getSessionToken(i: Record<string, any>, ctx: RequestContext) {
  longTermOnly(ctx, 'GetSessionToken');
  const p = ctx.principal;
  const isRoot = p.type === 'Root';
  const seconds = durationOf(i, isRoot);
  const mfaAt = checkMfa(i, ctx, p);
  const creds = issueSession(ctx, p.account, seconds, { kind: isRoot ? 'root' : 'user', user_name: p.userName ?? null, mfa_at: mfaAt ?? null });
  return { Credentials: creds };
}

const FEDERATED_NAME = /^[\w+=,.@-]{2,32}$/;

export function getFederationToken(i: Record<string, any>, ctx: RequestContext) {
  longTermOnly(ctx, 'GetFederationToken');
  const p = ctx.principal;
  if (!FEDERATED_NAME.test(i.Name ?? ''))
    throw new AwsError('ValidationError', `1 validation error detected: Value '${i.Name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`, 400);
  const arn = `arn:aws:sts::${p.account}:federated-user/${i.Name}`;
  ctx.authorize('sts:GetFederationToken', arn);
  const tags = sessionTags(i, p);
  if ((i.TransitiveTagKeys?.length ?? 0) > 0) throw new AwsError('ValidationError', 'GetFederationToken does not accept TransitiveTagKeys.', 400);
  if (tags.any) ctx.authorize('sts:TagSession', arn, { context: { ...Object.fromEntries(Object.entries(tags.tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])), 'aws:TagKeys': Object.keys(tags.tags) } });
  const policies = sessionPolicyInput(i, ctx);
  const seconds = durationOf(i, p.type === 'Root');
  const passesPolicy = i.Policy !== undefined || i.PolicyArns !== undefined || (i.Tags?.length ?? 0) > 0;
  const packed = passesPolicy ? packedPolicySize(policies, tags.tags) : undefined;
  const creds = issueSession(ctx, p.account, seconds, {
    kind: 'federated', user_name: p.userName ?? null, federated_name: i.Name,
    policy: policies.policy ?? null, policy_arns: jsonColumn(policies.policyArns),
    tags: Object.keys(tags.tags).length > 0 ? JSON.stringify(tags.tags) : null,
  });
  return { Credentials: creds, FederatedUser: { FederatedUserId: `${p.account}:${i.Name}`, Arn: arn }, PackedPolicySize: packed };
}
