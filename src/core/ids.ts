/** Identifiers shaped like AWS's: keys, unique ids, accounts, request ids. */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

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

/** A 20-character id such as AKIAIOSFODNN7EXAMPLE or AIDACKCEVSQ6C2EXAMPLE's 21-character kin. */
export const newAccessKeyId = (prefix: 'AKIA' | 'ASIA') => prefix + randomChars(16);
export const newUniqueId = (prefix: IdPrefix) => prefix + randomChars(17);

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
