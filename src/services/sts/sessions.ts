/** Minting temporary credentials: an ASIA key, its secret and a sealed session token. */
import { newAccessKeyId, newSecretAccessKey } from '../../core/ids.js';
import { sealSessionToken } from '../../auth/session-token.js';
import type { RequestContext } from '../operation.js';
import type { NewSession } from '../../store/sessions.js';

export interface IssuedCredentials { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: Date }

/** Stores the session (everything but the key, secret and times comes from `attributes`) and seals its token. */
export function issueSession(ctx: Pick<RequestContext, 'store' | 'clock' | 'sealingKey'>, account: string, seconds: number, attributes: Omit<NewSession, 'access_key_id' | 'account_id' | 'secret' | 'issued_at' | 'expires_at'>): IssuedCredentials {
  const now = ctx.clock.now();
  const expires = new Date(now.getTime() + seconds * 1000);
  const accessKeyId = newAccessKeyId('ASIA', account);
  const secret = newSecretAccessKey();
  ctx.store.sessions.insert({
    ...attributes, access_key_id: accessKeyId, account_id: account, secret,
    issued_at: now.toISOString(), expires_at: expires.toISOString(),
  });
  const token = sealSessionToken(ctx.sealingKey, { k: accessKeyId, a: account, e: Math.floor(expires.getTime() / 1000) });
  return { AccessKeyId: accessKeyId, SecretAccessKey: secret, SessionToken: token, Expiration: expires };
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
export const jsonColumn = json;
