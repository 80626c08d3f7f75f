/**
 * The console's session cookie: an encrypted JWT (JWE, dir + A256GCM, via jose)
 * under a key kept in the data dir, so the temporary credentials inside stay
 * secret and a cookie from another data dir, or altered by one bit, is refused.
 * HttpOnly, SameSite=Strict, Path=/console; it expires with the sign-in session
 * (12 hours for IAM users, 1 hour for root) and sign-out clears it.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { Store } from '../store/index.js';

export const COOKIE_NAME = 'gatehouse-console';
const KEY_META = 'console_cookie_key';

export interface Creds { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: string }

/** Who signed in: an IAM user or an account's root. */
export interface SignedIn {
  type: 'User' | 'Root';
  account: string;
  /** the account alias, or Gatehouse's account name, for the header */
  accountLabel: string;
  arn: string;
  userName?: string;
  mfa: boolean;
  creds: Creds;
}

/** A role the console switched to: a real AssumeRole session of the signed-in identity. */
export interface SwitchedRole {
  account: string;
  accountLabel: string;
  /** the account as the switch form was given it (id, alias or name): the header shows it, as AWS's default display name does */
  accountAsTyped: string;
  roleName: string;
  roleArn: string;
  arn: string;
  displayName: string;
  color: string;
  creds: Creds;
}

export interface ConsoleSession {
  signedIn: SignedIn;
  role?: SwitchedRole;
  /** ARNs of the roles this sign-in switched to successfully, newest first (the trust graph's proven edges) */
  switchedTo?: string[];
  exp: number;
}

/** The data dir's cookie key, made on first use. */
export function cookieKey(store: Store): Uint8Array {
  let key = store.meta.get(KEY_META);
  if (!key) {
    key = randomBytes(32).toString('base64');
    store.meta.set(KEY_META, key);
  }
  return new Uint8Array(Buffer.from(key, 'base64'));
}

export async function sealSession(key: Uint8Array, s: ConsoleSession): Promise<string> {
  return new EncryptJWT({ signedIn: s.signedIn, role: s.role, switchedTo: s.switchedTo })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuer('gatehouse-console')
    .setExpirationTime(s.exp)
    .encrypt(key);
}

/** The session a request's cookie holds; undefined when it has none, or one that is altered, foreign or expired. */
export async function openSession(key: Uint8Array, req: IncomingMessage, nowSeconds: number): Promise<ConsoleSession | undefined> {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const value = parseCookie(header)[COOKIE_NAME];
  if (!value) return undefined;
  try {
    const { payload } = await jwtDecrypt(value, key, { issuer: 'gatehouse-console', currentDate: new Date(nowSeconds * 1000) });
    const signedIn = payload.signedIn as SignedIn | undefined;
    if (!signedIn || typeof payload.exp !== 'number') return undefined;
    const switchedTo = Array.isArray(payload.switchedTo) ? payload.switchedTo.filter((a): a is string => typeof a === 'string') : undefined;
    return { signedIn, role: payload.role as SwitchedRole | undefined, switchedTo, exp: payload.exp };
  } catch {
    return undefined;
  }
}

export function sessionCookie(value: string, exp: number, nowSeconds: number): string {
  return stringifySetCookie({
    name: COOKIE_NAME, value, httpOnly: true, sameSite: 'strict', path: '/console',
    maxAge: Math.max(0, exp - nowSeconds), expires: new Date(exp * 1000),
  });
}

export function clearedCookie(): string {
  return stringifySetCookie({ name: COOKIE_NAME, value: '', httpOnly: true, sameSite: 'strict', path: '/console', maxAge: 0, expires: new Date(0) });
}
