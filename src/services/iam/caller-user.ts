/**
 * Credential operations whose UserName is optional act on the caller when it
 * is left out ("IAM determines the user name implicitly based on the AWS
 * access key ID used to sign the request", e.g. the ListAccessKeys and
 * GetLoginProfile pages of the IAM API Reference).
 */
import { AwsError } from '../../core/aws-error.js';
import type { RequestContext } from '../operation.js';
import { entityArn, requireUser } from './names.js';

/** The named user, else the calling user; null means the account's root. */
export function namedOrCallingUser(i: Record<string, any>, ctx: RequestContext): string | null {
  if (i.UserName !== undefined) return requireUser(ctx.store, ctx.account, i.UserName).name;
  const p = ctx.principal;
  if (p.type === 'Root') return null;
  if (p.type === 'User') return p.userName!;
  throw new AwsError('ValidationError', 'Must specify userName when calling with non-User credentials', 400);
}

/** The ARN such an operation is authorized against: the caller's own when no name is given. */
export const namedOrCallingUserArn = (i: Record<string, any>, ctx: RequestContext) =>
  i.UserName === undefined && ctx.principal.type !== 'AssumedRole' ? ctx.principal.arn : entityArn(ctx.store, ctx.account, 'user', i.UserName);
