/** Identifiers shaped like AWS's: keys, unique ids, accounts, request ids. */
import { randomInt, randomUUID } from 'node:crypto';
import { pooledRandomBytes as randomBytes } from './random.js';

// AWS unique ids and key ids use base32-ish upper-case letters and digits 2-7.
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomChars(n: number, alphabet = ID_ALPHABET): string {
  const bytes = randomBytes(n);
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}

/** Prefixes AWS documents for unique ids (IAM identifiers page). */
export type IdPrefix = 'AKIA' | 'ASIA' | 'AIDA' | 'AROA' | 'ANPA' | 'AGPA' | 'AIPA';

/**
 * A 20-character key id that carries its account, the way AWS's newer keys
 * do: base32 of 10 bytes whose first 48 bits hold (account << 7) | noise.
 * That is what lets sts:GetAccessKeyInfo answer for any key id.
 */
export function newAccessKeyId(prefix: 'AKIA' | 'ASIA', account: string): string {
  const bytes = randomBytes(10);
  // Below 2^47, so exact in a double: plain arithmetic, not BigInt (this runs on every AssumeRole).
  let packed = Number(account) * 128 + (bytes[5] & 0x7f);
  for (let i = 5; i >= 0; i--) {
    bytes[i] = packed % 256;
    packed = Math.floor(packed / 256);
  }
  return prefix + base32(bytes);
}

/** The account a key id was minted for, or undefined if it does not decode. */
export function accountOfAccessKeyId(keyId: string): string | undefined {
  if (!/^A[KS]IA[A-Z2-7]{16}$/.test(keyId)) return undefined;
  const bytes = unbase32(keyId.slice(4));
  let v = 0n;
  for (let i = 0; i < 6; i++) v = (v << 8n) | BigInt(bytes[i]);
  return String((v & 0x7fffffffff80n) >> 7n).padStart(12, '0');
}

function base32(bytes: Uint8Array): string {
  let bits = 0, value = 0, out = '';
  for (const b of bytes) {
    value = (value << 8) | b; bits += 8;
    while (bits >= 5) { out += ID_ALPHABET[(value >>> (bits - 5)) & 31]; bits -= 5; }
  }
  if (bits > 0) out += ID_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string): number[] {
  const out: number[] = [];
  let bits = 0, value = 0;
  for (const c of text) {
    value = (value << 5) | ID_ALPHABET.indexOf(c); bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 0xff); bits -= 8; }
  }
  return out;
}
export const newUniqueId = (prefix: IdPrefix) => prefix + randomChars(17);

/** Ids of users' other credentials: SSH keys (APKA…, 20 characters), service-specific credentials (ACCA…), certificates (no prefix, 24). */
export const newCredentialId = (prefix: '' | 'APKA' | 'ACCA', length: number) => prefix + randomChars(length - prefix.length);

/** 40 characters of base64-ish text, like AWS secret access keys. */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B');
}

export function newAccountId(): string {
  // Never a leading zero, so it survives being treated as a number by tools.
  return String(randomInt(1, 10)) + String(randomInt(0, 1e11)).padStart(11, '0');
}

export const newRequestId = () => randomUUID();

export const isAccountId = (s: string) => /^\d{12}$/.test(s);

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const lowerChars = (n: number) => Array.from({ length: n }, () => LOWER_ALNUM[randomInt(LOWER_ALNUM.length)]).join('');

/**
 * AWS Organizations ids, in the forms the API Reference gives: o- + 10–32, r- + 4–32, ou- + the root's
 * part + - + 8–32, p- + 8–128, h- + 8–32, car- + 8–32 lowercase letters or digits.
 */
export const newOrganizationId = () => `o-${lowerChars(10)}`;
export const newRootId = () => `r-${lowerChars(4)}`;
export const newOrganizationalUnitId = (rootId: string) => `ou-${rootId.slice(2)}-${lowerChars(8)}`;
export const newOrgPolicyId = () => `p-${lowerChars(8)}`;
export const newHandshakeId = () => `h-${lowerChars(10)}`;
export const newCreateAccountRequestId = () => `car-${lowerChars(10)}`;
