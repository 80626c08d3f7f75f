/**
 * Session tokens are sealed with AES-256-GCM under a key that lives in the
 * data dir: a flipped bit fails authentication, and a token minted by
 * another data dir cannot be opened here. Like AWS's, a token carries its
 * session (role, tags, session policies…) inside it, so issuing one writes
 * nothing; the session's secret travels sealed in it too (older versions derived it from the key and the key id).
 */
import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { pooledRandomBytes } from '../core/random.js';

export interface SessionClaims {
  /** the ASIA access key id the token belongs to */
  k: string;
  /** account the session is in */
  a: string;
  /** expiry, epoch seconds */
  e: number;
  /** the session's attributes (tokens of older data dirs lack them: their sessions are stored) */
  s?: Record<string, unknown>;
  /** the session's secret key (tokens of older versions lack it: theirs is derived, see sessionSecret) */
  x?: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
// AWS tokens start with a recognisable prefix of this kind; ours just say who made them.
const PREFIX = 'IQoGatehouse';

export function newSealingKey(): string {
  return randomBytes(32).toString('base64');
}

/** Seals any JSON value under the data dir's key; `prefix` says what the sealed text is, so one kind never opens as another. */
export function sealJson(keyB64: string, value: unknown, prefix: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyB64, 'base64'), iv);
  cipher.setAAD(Buffer.from(prefix, 'utf8'));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return prefix + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/**
 * The bytes of sealed text, only when the text is exactly their base64 form: node's
 * decoder skips spaces and stray characters and ignores the low bits of the last
 * character, so an altered text could otherwise open as the original.
 */
function canonicalBytes(text: string): Buffer | undefined {
  const raw = Buffer.from(text, 'base64');
  return raw.toString('base64') === text ? raw : undefined;
}

/** The value, or undefined when the text is not one this data dir sealed with this prefix, intact. */
export function openJson(keyB64: string, sealed: string, prefix: string): unknown {
  if (!sealed.startsWith(prefix)) return undefined;
  const raw = canonicalBytes(sealed.slice(prefix.length));
  if (!raw || raw.length <= IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(keyB64, 'base64'), raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(prefix, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8'));
  } catch {
    return undefined;
  }
}

// The data dir's key, decoded once (a KeyObject makes each HMAC and cipher cheaper): it is the same text on every call.
let lastKey: { b64: string; bytes: Buffer; object: KeyObject } | undefined;
function keyOf(b64: string): { bytes: Buffer; object: KeyObject } {
  if (lastKey?.b64 !== b64) {
    const bytes = Buffer.from(b64, 'base64');
    lastKey = { b64, bytes, object: createSecretKey(bytes) };
  }
  return lastKey;
}
const keyBytes = (b64: string) => keyOf(b64).bytes;

// Plain JSON starts with '{'; a larger session (policies, tags, web identity claims) is deflated behind this byte.
const DEFLATED = 0x01;
// Only this data dir seals tokens, but a bound on inflating costs nothing.
const MAX_SESSION_JSON_BYTES = 1024 * 1024;
const DEFLATE_ABOVE_BYTES = 512;

export function sealSessionToken(keyB64: string, claims: SessionClaims): string {
  const json = JSON.stringify(claims);
  const iv = pooledRandomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(keyB64).object, iv);
  const body = Buffer.byteLength(json) > DEFLATE_ABOVE_BYTES
    ? Buffer.concat([cipher.update(Buffer.of(DEFLATED)), cipher.update(deflateRawSync(json))])
    : cipher.update(json, 'utf8');
  cipher.final(); // GCM adds no bytes at the end; final computes the tag
  const out = Buffer.allocUnsafe(IV_BYTES + TAG_BYTES + body.length);
  iv.copy(out, 0);
  cipher.getAuthTag().copy(out, IV_BYTES);
  body.copy(out, IV_BYTES + TAG_BYTES);
  return PREFIX + out.toString('base64');
}

/**
 * A session's secret key: carried sealed in its token, or, in tokens of older versions, derived from
 * the key id by the data dir's key (sessionSecret).
 */
export function secretOfSession(keyB64: string, claims: SessionClaims): string {
  return typeof claims.x === 'string' ? claims.x : sessionSecret(keyB64, claims.k);
}

/** The secret older versions derived for a session's key id: only this data dir's key can derive it. */
export function sessionSecret(keyB64: string, accessKeyId: string): string {
  const mac = createHmac('sha256', keyOf(keyB64).object).update(`gatehouse session secret\0${accessKeyId}`).digest();
  // 40 characters of base64 (its first 30 bytes) without '+' and '/', like the secrets of access keys
  return mac.toString('base64', 0, 30).replace(/[+/]/g, (c) => (c === '+' ? 'A' : 'B'));
}

/** The claims, or undefined when the token is not one this data dir sealed, intact. */
export function openSessionToken(keyB64: string, token: string): SessionClaims | undefined {
  if (!token.startsWith(PREFIX)) return undefined;
  const raw = canonicalBytes(token.slice(PREFIX.length));
  if (!raw || raw.length <= IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyBytes(keyB64), raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    const json = plain[0] === DEFLATED ? inflateRawSync(plain.subarray(1), { maxOutputLength: MAX_SESSION_JSON_BYTES }) : plain;
    const claims = JSON.parse(json.toString('utf8')) as SessionClaims;
    const wellFormed = typeof claims.k === 'string' && typeof claims.a === 'string' && typeof claims.e === 'number'
      && (claims.x === undefined || typeof claims.x === 'string')
      && (claims.s === undefined || (typeof claims.s === 'object' && claims.s !== null));
    return wellFormed ? claims : undefined;
  } catch {
    return undefined;
  }
}
