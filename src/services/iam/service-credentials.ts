/**
 * Service-specific credentials (a user name and password for CodeCommit,
 * Keyspaces or Bedrock): create, list, activate/deactivate, reset, delete.
 * The password is shown once, on create and reset; only its hash is kept.
 */
import { randomBytes } from 'node:crypto';
import { AwsError, limitExceeded, noSuchEntity } from '../../core/aws-error.js';
import { newCredentialId } from '../../core/ids.js';
import type { OperationTable, RequestContext } from '../operation.js';
import type { ServiceCredentialRow } from '../../store/user-credentials.js';
import { namedOrCallingUser, namedOrCallingUserArn } from './caller-user.js';
import { requireUser, toDate } from './names.js';
import { paginate } from './paginate.js';
import { hashSecret } from './passwords.js';

/** The services that take such credentials (CreateServiceSpecificCredential, IAM API Reference). */
const SERVICES = new Set(['codecommit.amazonaws.com', 'cassandra.amazonaws.com', 'bedrock.amazonaws.com']);
/** "IAM and AWS STS quotas": 2 service-specific credentials per user and service. */
const MAX_PER_SERVICE = 2;

const newPassword = () => randomBytes(33).toString('base64');

function credentialUser(i: Record<string, any>, ctx: RequestContext): string {
  const user = namedOrCallingUser(i, ctx);
  if (user === null) throw new AwsError('ValidationError', 'Must specify userName when calling with root credentials', 400);
  return user;
}

function requireCredential(ctx: RequestContext, user: string, id: string): ServiceCredentialRow {
  const c = ctx.store.serviceCredentials.get(ctx.account, id);
  if (!c || c.user_name.toLowerCase() !== user.toLowerCase()) throw noSuchEntity(`No such credential ${id} exists for user ${user}.`);
  return c;
}

const metadata = (c: ServiceCredentialRow) => ({
  UserName: c.user_name, Status: c.status, ServiceUserName: c.service_user_name, CreateDate: toDate(c.created_at),
  ExpirationDate: toDate(c.expires_at), ServiceSpecificCredentialId: c.id, ServiceName: c.service_name,
});

export const serviceCredentialOperations: OperationTable = {
  CreateServiceSpecificCredential: {
    action: 'iam:CreateServiceSpecificCredential', resource: namedOrCallingUserArn,
    handle(i, ctx) {
      const user = requireUser(ctx.store, ctx.account, i.UserName).name;
      if (!SERVICES.has(i.ServiceName)) throw new AwsError('NotSupportedService', `Service ${i.ServiceName} is not supported for service-specific credentials.`, 404);
      const same = ctx.store.serviceCredentials.forUser(ctx.account, user).filter((c) => c.service_name === i.ServiceName);
      if (same.length >= MAX_PER_SERVICE) throw limitExceeded(`Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: ${MAX_PER_SERVICE}`);
      const password = newPassword();
      const now = ctx.clock.now();
      const row: ServiceCredentialRow = {
        id: newCredentialId('ACCA', 21), account_id: ctx.account, user_name: user, service_name: i.ServiceName,
        service_user_name: `${user}-at-${ctx.account}`, password_hash: hashSecret(password), status: 'Active',
        created_at: now.toISOString(),
        expires_at: i.CredentialAgeDays ? new Date(now.getTime() + i.CredentialAgeDays * 86_400_000).toISOString() : null,
      };
      ctx.store.serviceCredentials.insert(row);
      return { ServiceSpecificCredential: { ...metadata(row), ServicePassword: password } };
    },
  },
  ListServiceSpecificCredentials: {
    action: 'iam:ListServiceSpecificCredentials', resource: namedOrCallingUserArn,
    handle(i, ctx) {
      const rows = i.AllUsers ? ctx.store.serviceCredentials.all(ctx.account)
        : ((u) => (u === null ? [] : ctx.store.serviceCredentials.forUser(ctx.account, u)))(namedOrCallingUser(i, ctx));
      const page = paginate(rows.filter((c) => !i.ServiceName || c.service_name === i.ServiceName), i);
      return { ServiceSpecificCredentials: page.items.map(metadata), IsTruncated: page.IsTruncated, Marker: page.Marker };
    },
  },
  UpdateServiceSpecificCredential: {
    action: 'iam:UpdateServiceSpecificCredential', resource: namedOrCallingUserArn,
    handle(i, ctx) {
      const c = requireCredential(ctx, credentialUser(i, ctx), i.ServiceSpecificCredentialId);
      ctx.store.serviceCredentials.update(ctx.account, c.id, { status: i.Status });
    },
  },
  ResetServiceSpecificCredential: {
    action: 'iam:ResetServiceSpecificCredential', resource: namedOrCallingUserArn,
    handle(i, ctx) {
      const c = requireCredential(ctx, credentialUser(i, ctx), i.ServiceSpecificCredentialId);
      const password = newPassword();
      ctx.store.serviceCredentials.update(ctx.account, c.id, { password_hash: hashSecret(password) });
      return { ServiceSpecificCredential: { ...metadata(c), ServicePassword: password } };
    },
  },
  DeleteServiceSpecificCredential: {
    action: 'iam:DeleteServiceSpecificCredential', resource: namedOrCallingUserArn,
    handle(i, ctx) {
      const c = requireCredential(ctx, credentialUser(i, ctx), i.ServiceSpecificCredentialId);
      ctx.store.serviceCredentials.delete(ctx.account, c.id);
    },
  },
};
