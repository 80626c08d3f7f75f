/** Minting temporary credentials: an ASIA key, its secret and a sealed session token. */
import { newAccessKeyId, newSecretAccessKey } from '../../core/ids.js';
import { sealSessionToken } from '../../auth/session-token.js';
import { isoDateTime } from '../../protocol/scalars.js';
import type { RequestContext } from '../operation.js';
import type { NewSession } from '../../store/sessions.js';
import type { RoleRow } from '../../store/roles.js';
import { forgetCachedRole } from '../iam/public.js';

export interface IssuedCredentials { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: Date }

/**
 * Mints the session: everything but the key, secret and times comes from `attributes`, and all of it
 * travels sealed inside the token (as AWS's tokens carry their sessions), so nothing is written.
 */
export function issueSession(ctx: Pick<RequestContext, 'store' | 'clock' | 'sealingKey'>, account: string, seconds: number, attributes: Omit<NewSession, 'access_key_id' | 'account_id' | 'secret' | 'issued_at' | 'expires_at'>): IssuedCredentials {
  const nowMs = ctx.clock.nowMs();
  const expiresMs = nowMs + seconds * 1000;
  const accessKeyId = newAccessKeyId('ASIA', account);
  const session: Record<string, unknown> = { issued_at: isoDateTime(nowMs, true), expires_at: isoDateTime(expiresMs, true) };
  // Unset attributes stay out of the token: they are the row's defaults when it is opened.
  for (const k in attributes) {
    const v = attributes[k as keyof typeof attributes];
    if (v !== null && v !== undefined) session[k] = v;
  }
  // The secret is random and sealed in the token: one cipher per session, no key derivation.
  const secret = newSecretAccessKey();
  const token = sealSessionToken(ctx.sealingKey, { k: accessKeyId, a: account, e: Math.floor(expiresMs / 1000), s: session, x: secret });
  return { AccessKeyId: accessKeyId, SecretAccessKey: secret, SessionToken: token, Expiration: new Date(expiresMs) };
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
export const jsonColumn = json;

/**
 * AWS reports a role's last use approximately (GetRole's RoleLastUsed, "activity is only reported for
 * the trailing 400 days"): a write per role, region and minute is as exact for anyone reading it, and
 * spares every AssumeRole a second write under load.
 */
const LAST_USED_GRANULARITY_MS = 60_000;

export function noteRoleUse(ctx: RequestContext, role: RoleRow): void {
  const now = ctx.clock.now();
  const since = role.last_used_at === null ? Infinity : now.getTime() - Date.parse(role.last_used_at);
  if (role.last_used_region === ctx.region && since >= 0 && since < LAST_USED_GRANULARITY_MS) return;
  ctx.store.roles.touchLastUsed(role.account_id, role.name, now.toISOString(), ctx.region);
  // The cached row still has the old last use: read afresh next time, or every call would write.
  forgetCachedRole(ctx.store, role.account_id, role.name);
}
