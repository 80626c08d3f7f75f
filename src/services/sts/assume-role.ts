/**
 * AssumeRole (STS API Reference): the trust policy decides, with the
 * request's own MFA, external id, source identity and tags as condition keys;
 * the session keeps its session policies, tags and source identity.
 */
import { AwsError, accessDenied } from '../../core/aws-error.js';
import { assumedRoleArn, parseArn } from '../../core/arn.js';
import type { RequestContext } from '../operation.js';
import type { RoleRow } from '../../store/roles.js';
import type { AttachedPolicy } from '../../policy/index.js';
import { cachedRole, trustPolicyOfRow } from '../iam/public.js';
import { issueSession, jsonColumn, noteRoleUse } from './sessions.js';
import { checkMfa, packedPolicySize, sessionPolicyInput, sessionTags, tagContext } from './session-input.js';
import { checkProvidedContexts, refuseContextAssertions } from './provided-contexts.js';

/** AWS caps sessions of a role assumed from another role's session at one hour. */
const CHAINED_MAX_SECONDS = 3600;
const ASSUME_ROLE_MAX_SECONDS = 43200;

export function roleNameOf(resource: string): string | undefined {
  const m = /^role\/(?:.*\/)?([^/]+)$/.exec(resource);
  return m?.[1];
}

/** The role a RoleArn names, with its trust policy; a missing role, or one whose path differs, is denied like any role the caller may not assume. */
export function targetRole(ctx: RequestContext, roleArn: string, action: string, callerArn: string): { role: RoleRow; trust: AttachedPolicy } {
  const arn = parseArn(roleArn);
  const name = arn && arn.service === 'iam' ? roleNameOf(arn.resource) : undefined;
  if (!arn || !name || !/^\d{12}$/.test(arn.account)) throw new AwsError('ValidationError', `${roleArn} is invalid`, 400);
  const role = cachedRole(ctx.store, arn.account, name);
  if (!role || role.arn !== roleArn) throw accessDenied(`User: ${callerArn} is not authorized to perform: ${action} on resource: ${roleArn}`);
  return { role, trust: trustPolicyOfRow(role) };
}

export function checkDuration(seconds: number, role: RoleRow, chained: boolean): void {
  if (seconds > ASSUME_ROLE_MAX_SECONDS)
    throw new AwsError('ValidationError', `1 validation error detected: Value '${seconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to ${ASSUME_ROLE_MAX_SECONDS}`, 400);
  if (chained && seconds > CHAINED_MAX_SECONDS)
    throw new AwsError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.', 400);
  if (seconds > role.max_session_duration)
    throw new AwsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400);
}

export function assumeRole(i: Record<string, any>, ctx: RequestContext) {
  const p = ctx.principal;
  const setsContext = checkProvidedContexts(i.ProvidedContexts);
  if (p.type === 'Root') throw accessDenied('Roles may not be assumed by root accounts.');
  const { role, trust } = targetRole(ctx, i.RoleArn, 'sts:AssumeRole', p.arn);

  const mfaAt = checkMfa(i, ctx, p);
  const tags = sessionTags(i, p);
  const policies = sessionPolicyInput(i, ctx);
  // "Monitor and control actions taken with assumed roles": once set, the source identity stays for the whole chain.
  const inherited = p.session?.sourceIdentity;
  if (inherited !== undefined && i.SourceIdentity !== undefined && i.SourceIdentity !== inherited)
    throw accessDenied(`User: ${p.arn} is not authorized to perform: sts:SetSourceIdentity on resource: ${role.arn}: the source identity ${inherited} of this role chain cannot be changed`);
  const sourceIdentity: string | undefined = inherited ?? i.SourceIdentity;
  if (sourceIdentity !== undefined && /^aws:/i.test(sourceIdentity))
    throw new AwsError('ValidationError', 'The source identity cannot begin with the prefix aws:.', 400);

  const context: Record<string, string | string[] | undefined> = Object.assign({
    'sts:RoleSessionName': i.RoleSessionName,
    'sts:ExternalId': i.ExternalId,
    'sts:SourceIdentity': sourceIdentity,
  }, tagContext(tags, i));
  // The trust policy sees the MFA of this request, not only the caller's session's.
  if (mfaAt) Object.assign(context, { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '0' });
  const check = (action: string) => ctx.authorize(action, role.arn, { resourcePolicy: trust, resourceAccount: role.account_id, context });
  check('sts:AssumeRole');
  if (tags.any) check('sts:TagSession');
  if (sourceIdentity !== undefined) check('sts:SetSourceIdentity');
  if (setsContext) {
    check('sts:SetContext');
    refuseContextAssertions(i.ProvidedContexts);
  }

  const chained = p.type === 'AssumedRole';
  const seconds = i.DurationSeconds ?? 3600;
  checkDuration(seconds, role, chained);
  const passesPolicy = i.Policy !== undefined || i.PolicyArns !== undefined || (i.Tags?.length ?? 0) > 0;
  const packed = passesPolicy ? packedPolicySize(policies, tags.tags) : undefined;

  const creds = issueSession(ctx, role.account_id, seconds, {
    kind: 'role', role_name: role.name, role_id: role.id, role_arn: role.arn, session_name: i.RoleSessionName, chained: chained ? 1 : 0,
    source_identity: sourceIdentity ?? null, mfa_at: mfaAt ?? null, policy: policies.policy ?? null, policy_arns: jsonColumn(policies.policyArns),
    tags: Object.keys(tags.tags).length > 0 ? JSON.stringify(tags.tags) : null, transitive_tag_keys: tags.transitive.length > 0 ? JSON.stringify(tags.transitive) : null,
  });
  noteRoleUse(ctx, role);
  return {
    Credentials: creds,
    AssumedRoleUser: { AssumedRoleId: `${role.id}:${i.RoleSessionName}`, Arn: assumedRoleArn(role.account_id, role.name, i.RoleSessionName) },
    PackedPolicySize: packed,
    SourceIdentity: sourceIdentity,
  };
}
