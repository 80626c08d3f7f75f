/** The STS operations Gatehouse implements. */
import { AwsError, accessDenied } from '../../core/aws-error.js';
import { accountOfAccessKeyId } from '../../core/ids.js';
import { assumedRoleArn, parseArn } from '../../core/arn.js';
import type { OperationTable, RequestContext } from '../operation.js';
import { trustPolicyOf } from '../iam/public.js';
import { issueRoleSession } from './sessions.js';

/** AWS caps sessions of a role assumed from another role's session at one hour. */
const CHAINED_MAX_SECONDS = 3600;

function roleNameOf(resource: string): string | undefined {
  const m = /^role\/(?:.*\/)?([^/]+)$/.exec(resource);
  return m?.[1];
}

/** AssumeRole parameters whose semantics (session policies, tags, MFA, source identity) are not built yet. */
const UNSUPPORTED_ASSUME_ROLE_PARAMETERS = ['Policy', 'PolicyArns', 'Tags', 'TransitiveTagKeys', 'SerialNumber', 'TokenCode', 'SourceIdentity', 'ProvidedContexts'];

function assumeRole(i: Record<string, any>, ctx: RequestContext) {
  // Ignoring one of these would hand out a session broader than the caller asked for: refuse instead.
  const unsupported = UNSUPPORTED_ASSUME_ROLE_PARAMETERS.filter((k) => i[k] !== undefined);
  if (unsupported.length > 0) throw new AwsError('NotImplemented', `Gatehouse does not support the AssumeRole parameter ${unsupported.join(', ')} yet.`, 501);
  const p = ctx.principal;
  if (p.type === 'Root') throw accessDenied('Roles may not be assumed by root accounts.');
  const arn = parseArn(i.RoleArn);
  const name = arn && arn.service === 'iam' ? roleNameOf(arn.resource) : undefined;
  if (!arn || !name || !/^\d{12}$/.test(arn.account))
    throw new AwsError('ValidationError', `${i.RoleArn} is invalid`, 400);
  const context: Record<string, string | undefined> = {
    'sts:RoleSessionName': i.RoleSessionName,
    'sts:ExternalId': i.ExternalId,
  };
  const trust = trustPolicyOf(ctx.store, arn.account, name);
  const role = ctx.store.roles.get(arn.account, name);
  // A missing role, or one whose path differs, is denied like any role the caller may not assume.
  if (!trust || !role || role.arn !== i.RoleArn)
    throw accessDenied(`User: ${p.arn} is not authorized to perform: sts:AssumeRole on resource: ${i.RoleArn}`);
  ctx.authorize('sts:AssumeRole', role.arn, { resourcePolicy: trust, resourceAccount: arn.account, context });

  const chained = p.type === 'AssumedRole';
  const seconds = i.DurationSeconds ?? 3600;
  if (chained && seconds > CHAINED_MAX_SECONDS)
    throw new AwsError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.', 400);
  if (seconds > role.max_session_duration)
    throw new AwsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400);

  const creds = issueRoleSession(ctx, role, i.RoleSessionName, seconds, chained);
  ctx.store.roles.update(role.account_id, role.name, { last_used_at: ctx.clock.now().toISOString(), last_used_region: ctx.region });
  return {
    Credentials: creds,
    AssumedRoleUser: { AssumedRoleId: `${role.id}:${i.RoleSessionName}`, Arn: assumedRoleArn(role.account_id, role.name, i.RoleSessionName) },
  };
}

export const stsOperations: OperationTable = {
  // GetCallerIdentity needs no permission: AWS answers it even under an explicit deny.
  GetCallerIdentity: {
    handle: (_i, ctx) => ({ UserId: ctx.principal.userId, Account: ctx.principal.account, Arn: ctx.principal.arn }),
  },
  AssumeRole: { action: 'sts:AssumeRole', authorizesItself: true, handle: assumeRole },
  GetAccessKeyInfo: {
    action: 'sts:GetAccessKeyInfo',
    handle(i) {
      const account = accountOfAccessKeyId(i.AccessKeyId);
      if (!account) throw new AwsError('ValidationError', `The access key ID ${i.AccessKeyId} is not valid.`, 400);
      return { Account: account };
    },
  },
};

export { STS_CONSTRAINTS } from './constraints.js';
