/**
 * Session tokens are sealed with AES-256-GCM under a key that lives in the
 * data dir: a flipped bit fails authentication, and a token minted by
 * another data dir cannot be opened here.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { pooledRandomBytes } from '../core/random.js';

export interface SessionClaims {
  /** the ASIA access key id the token belongs to */
  k: string;
  /** account the session is in */
  a: string;
  /** expiry, epoch seconds */
  e: number;
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

// The data dir's key, decoded once: it is the same text on every call.
let lastKey: { b64: string; bytes: Buffer } | undefined;
const keyBytes = (b64: string) => (lastKey?.b64 === b64 ? lastKey.bytes : (lastKey = { b64, bytes: Buffer.from(b64, 'base64') }).bytes);

export function sealSessionToken(keyB64: string, claims: SessionClaims): string {
  const iv = pooledRandomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyBytes(keyB64), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(claims), 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** The claims, or undefined when the token is not one this data dir sealed, intact. */
export function openSessionToken(keyB64: string, token: string): SessionClaims | undefined {
  if (!token.startsWith(PREFIX)) return undefined;
  const raw = canonicalBytes(token.slice(PREFIX.length));
  if (!raw || raw.length <= IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyBytes(keyB64), raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    const claims = JSON.parse(text) as SessionClaims;
    return typeof claims.k === 'string' && typeof claims.a === 'string' && typeof claims.e === 'number' ? claims : undefined;
  } catch {
    return undefined;
  }
}
