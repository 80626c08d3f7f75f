/**
 * Turns a request's signature into a principal: verifies SigV4 against the
 * stored secret, checks a session token, and says who is calling.
 */
import { AwsError } from '../../core/aws-error.js';
import { Clock } from '../../core/clock.js';
import { assumedRoleArn, rootArn } from '../../core/arn.js';
import { completeSession, type SessionKind, type SessionRow } from '../../store/sessions.js';
import type { SessionInfo } from '../../services/principal.js';
import { verifySigV4, type RawRequest, type ServiceFamily, type VerifiedRequest } from '../../auth/sigv4/index.js';
import { openSessionToken, secretOfSession, type SessionClaims } from '../../auth/session-token.js';
import type { Store } from '../../store/index.js';
import type { Principal } from '../../services/principal.js';
import type { ReadCache } from '../../store/read-cache.js';

/** Who signed, and what the signature covered. */
export interface Authenticated { principal: Principal; verified: VerifiedRequest }
/**
 * A resolved credential, cached by access key id. A session's entry also keeps the exact
 * token it was opened with (another token for the same key id is resolved afresh) and
 * its expiry in epoch milliseconds, checked on every use.
 */
export interface CachedCredential { secret: string; principal: Principal; token?: string; expiresMs?: number }

/** SigV4's dialect (S3's, or every other service's), as the request's wire family says (families/). */
type Family = ServiceFamily;

const invalidKey = (family: Family) =>
  family === 's3'
    ? new AwsError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403)
    : new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);

const invalidToken = (family: Family) =>
  family === 's3'
    ? new AwsError('InvalidToken', 'The provided token is malformed or otherwise invalid.', 400)
    : new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);

const expiredToken = (family: Family) =>
  family === 's3'
    ? new AwsError('ExpiredToken', 'The provided token has expired.', 400)
    : new AwsError('ExpiredToken', 'The security token included in the request is expired', 403);

/** The session token as sent, before verification tells us which one was signed. */
function tokenOf(raw: RawRequest): string | undefined {
  for (let i = 0; i < raw.rawHeaders.length; i += 2) {
    const name = raw.rawHeaders[i];
    if (name.length === 20 && name.toLowerCase() === 'x-amz-security-token') return raw.rawHeaders[i + 1];
  }
  const m = /[?&]X-Amz-Security-Token=([^&]*)/.exec(raw.url);
  if (!m) return undefined;
  try { return decodeURIComponent(m[1]); } catch { return undefined; }
}

export async function authenticate(raw: RawRequest, family: Family, store: Store, clock: Clock, sealingKey: string, cache?: ReadCache<CachedCredential>): Promise<Authenticated> {
  let resolved: CachedCredential | undefined;
  // Only session keys (ASIA…) need the token: it is read once, when one asks.
  let token: string | undefined;
  let tokenRead = false;
  const tokenSent = () => {
    if (!tokenRead) { token = tokenOf(raw); tokenRead = true; }
    return token;
  };
  const lookup = (accessKeyId: string) => {
    const session = accessKeyId.startsWith('ASIA');
    const cached = cache?.get(accessKeyId);
    // A session is cached with the exact token it was opened with; any other token is resolved afresh.
    const hit = cached !== undefined && (!session || cached.token === tokenSent()) ? cached : undefined;
    // Every kind of session (role, GetSessionToken, federated, console) ends at its expiry, cached or not.
    if (hit?.expiresMs !== undefined && hit.expiresMs <= clock.nowMs()) throw expiredToken(family);
    resolved = hit ?? resolve(accessKeyId, session ? tokenSent() : undefined, family, store, clock, sealingKey);
    if (!hit) cache?.set(accessKeyId, resolved);
    return { secretAccessKey: resolved.secret };
  };
  // Skew is judged against real time, so a test that moves Gatehouse's clock still gets fresh signatures accepted.
  const verified = await verifySigV4(raw, lookup, family, Clock.realNow());
  if (!resolved) throw invalidKey(family);
  const principal = resolved.principal;
  if (principal.session && verified.sessionToken !== tokenSent()) throw invalidToken(family);
  return { principal, verified };
}

function resolve(accessKeyId: string, token: string | undefined, family: Family, store: Store, clock: Clock, sealingKey: string): CachedCredential {
  if (accessKeyId.startsWith('ASIA')) {
    if (!token) throw invalidKey(family);
    const claims = openSessionToken(sealingKey, token);
    if (!claims || claims.k !== accessKeyId) throw invalidToken(family);
    if (claims.e * 1000 <= clock.nowMs()) throw expiredToken(family);
    const s = claims.s ? sessionOf(claims, sealingKey) : store.sessions.get(accessKeyId);
    if (!s || store.sessions.isRevoked(accessKeyId)) throw invalidToken(family);
    const principal = sessionPrincipal(s, accessKeyId, store) ?? raise(invalidToken(family));
    return { secret: s.secret, principal, token, expiresMs: expiryMs(principal) };
  }
  const key = store.accessKeys.get(accessKeyId);
  if (!key || key.status !== 'Active') throw invalidKey(family);
  if (key.user_name === null) {
    return { secret: key.secret, principal: { type: 'Root', account: key.account_id, arn: rootArn(key.account_id), userId: key.account_id, accessKeyId } };
  }
  const user = store.users.get(key.account_id, key.user_name);
  if (!user) throw invalidKey(family);
  return {
    secret: key.secret,
    principal: { type: 'User', account: key.account_id, arn: user.arn, userId: user.id, userName: user.name, accessKeyId },
  };
}

const raise = (e: AwsError): never => { throw e; };

const expiryMs = (principal: Principal): number | undefined =>
  principal.session?.expiresAt === undefined ? undefined : Date.parse(principal.session.expiresAt);

/** The session a token carries (only this data dir could have sealed it), with its derived secret. */
function sessionOf(claims: SessionClaims, sealingKey: string): SessionRow {
  const s = claims.s as Record<string, unknown> & { kind: SessionKind; issued_at: string; expires_at: string };
  return completeSession({ ...s, access_key_id: claims.k, account_id: claims.a, secret: secretOfSession(sealingKey, claims) });
}
const json = <T>(text: string | null): T | undefined => (text === null ? undefined : JSON.parse(text) as T);

/** The principal a stored session stands for; undefined when the user it was issued to is gone. */
function sessionPrincipal(s: SessionRow, accessKeyId: string, store: Store): Principal | undefined {
  const session: SessionInfo = {
    kind: s.kind, issuedAt: s.issued_at, expiresAt: s.expires_at, mfaAt: s.mfa_at ?? undefined,
    sourceIdentity: s.source_identity ?? undefined, tags: json(s.tags), transitiveTagKeys: json(s.transitive_tag_keys),
    policy: s.policy ?? undefined, policyArns: json(s.policy_arns),
  };
  const account = s.account_id;
  if (s.kind === 'root' || (s.kind === 'console' && s.user_name === null)) return { type: 'Root', account, arn: rootArn(account), userId: account, accessKeyId, session };
  if (s.kind === 'user' || s.kind === 'console' || s.kind === 'federated') {
    const user = s.user_name === null ? undefined : store.users.get(account, s.user_name);
    if (s.kind !== 'federated') return user ? { type: 'User', account, arn: user.arn, userId: user.id, userName: user.name, accessKeyId, session } : undefined;
    // A federated user of root keeps root's (capped) standing; one of a deleted user has nothing left.
    if (s.user_name !== null && !user) return undefined;
    return {
      type: 'FederatedUser', account, arn: `arn:aws:sts::${account}:federated-user/${s.federated_name}`, userId: `${account}:${s.federated_name}`,
      accessKeyId, session: { ...session, sourceUserName: s.user_name ?? undefined },
    };
  }
  return {
    type: 'AssumedRole', account, arn: assumedRoleArn(account, s.role_name, s.session_name),
    userId: `${s.role_id}:${s.session_name}`, accessKeyId, session,
    role: { name: s.role_name, id: s.role_id, arn: s.role_arn, sessionName: s.session_name, chained: s.chained === 1, issuedAt: s.issued_at, expiresAt: s.expires_at },
  };
}
