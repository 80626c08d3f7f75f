/**
 * DecodeAuthorizationMessage (STS API Reference): the details of a denial
 * that a service returned encoded. On AWS, IAM, STS and S3 never encode
 * their denials (EC2 and a few others do), so Gatehouse's own services
 * return none either; encodeAuthorizationMessage seals a decision in AWS's
 * DecodedMessage shape under the data dir's key for whatever does, and only
 * such messages, of the caller's own account, decode here.
 */
import { AwsError } from '../../core/aws-error.js';
import { openJson, sealJson } from '../../auth/session-token.js';
import type { AuthzRequest, Decision } from '../../policy/index.js';
import type { RequestContext } from '../operation.js';

const PREFIX = 'GatehouseAuthz';

const invalid = () => new AwsError('InvalidAuthorizationMessageException', 'The error message could not be decoded: it is malformed, was altered, or was not issued by this server for this account.', 400);

/** AWS's DecodedMessage fields: allowed, explicitDeny, matchedStatements, failures, context (principal, action, resource, conditions). */
export function encodeAuthorizationMessage(sealingKey: string, req: AuthzRequest, d: Decision): string {
  const matched = d.trace.filter((t) => t.matched && t.policyType !== 'root');
  const message = {
    allowed: d.allowed,
    explicitDeny: d.decision === 'ExplicitDeny',
    matchedStatements: { items: matched.map((t) => ({ statementId: t.statement, effect: t.effect === 'Allow' ? 'ALLOW' : 'DENY', source: t.policyId, policyType: t.policyType })) },
    failures: { items: [] },
    context: {
      principal: { id: req.principal.userId, arn: req.principal.arn },
      action: req.action,
      resource: req.resource,
      conditions: {
        items: Object.entries(req.context).filter(([, v]) => v !== undefined)
          .map(([key, v]) => ({ key, values: { items: ([] as string[]).concat(v as string | string[]).map((value) => ({ value })) } })),
      },
    },
  };
  return sealJson(sealingKey, { account: req.principal.account, message }, PREFIX);
}

export function decodeAuthorizationMessage(i: Record<string, any>, ctx: RequestContext) {
  const opened = openJson(ctx.sealingKey, String(i.EncodedMessage ?? ''), PREFIX) as { account?: string; message?: unknown } | undefined;
  if (!opened || opened.account !== ctx.principal.account) throw invalid();
  return { DecodedMessage: JSON.stringify(opened.message) };
}
