/** Minting temporary credentials: an ASIA key, its secret and a sealed session token. */
import { newAccessKeyId, newSecretAccessKey } from '../../core/ids.js';
import { sealSessionToken } from '../../auth/session-token.js';
import type { RequestContext } from '../operation.js';
import type { RoleRow } from '../../store/roles.js';

export interface IssuedCredentials { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: Date }

export function issueRoleSession(ctx: RequestContext, role: RoleRow, sessionName: string, seconds: number, chained: boolean, sourceIdentity?: string): IssuedCredentials {
  const now = ctx.clock.now();
  const expires = new Date(now.getTime() + seconds * 1000);
  const accessKeyId = newAccessKeyId('ASIA', role.account_id);
  const secret = newSecretAccessKey();
  ctx.store.sessions.insert({
    access_key_id: accessKeyId, account_id: role.account_id, secret,
    role_name: role.name, role_id: role.id, role_arn: role.arn, session_name: sessionName,
    issued_at: now.toISOString(), expires_at: expires.toISOString(), chained: chained ? 1 : 0,
    source_identity: sourceIdentity ?? null,
  });
  const token = sealSessionToken(ctx.sealingKey, { k: accessKeyId, a: role.account_id, e: Math.floor(expires.getTime() / 1000) });
  return { AccessKeyId: accessKeyId, SecretAccessKey: secret, SessionToken: token, Expiration: expires };
}
