/**
 * Passwords at rest and the account password policy that new passwords must
 * meet. Hashes are scrypt (node:crypto) with a random salt; the clear text is
 * never stored, logged or returned.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { AwsError } from '../../core/aws-error.js';
import type { PasswordPolicy } from '../../store/password-policies.js';

const N = 16384, R = 8, P = 1, KEY_LENGTH = 32;

export function hashSecret(secret: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(secret, salt, KEY_LENGTH, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function secretMatches(secret: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt') return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(secret, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

/** The symbols a policy's RequireSymbols asks for (UpdateAccountPasswordPolicy, IAM API Reference). */
const SYMBOLS = /[!@#$%^&*()_+\-=[\]{}|']/;

export const passwordPolicyViolation = () =>
  new AwsError('PasswordPolicyViolation', 'Password does not conform to the account password policy.', 400);

/**
 * Throws PasswordPolicyViolation unless the password meets the account's policy.
 * Without a policy any password the API's pattern allows is accepted, as
 * IAM's API does (the stricter default the console shows is the console's).
 */
export function checkPasswordPolicy(policy: PasswordPolicy | undefined, password: string, earlierHashes: string[] = []): void {
  if (!policy) return;
  const ok = password.length >= policy.MinimumPasswordLength
    && (!policy.RequireSymbols || SYMBOLS.test(password))
    && (!policy.RequireNumbers || /[0-9]/.test(password))
    && (!policy.RequireUppercaseCharacters || /[A-Z]/.test(password))
    && (!policy.RequireLowercaseCharacters || /[a-z]/.test(password));
  if (!ok) throw passwordPolicyViolation();
  const remembered = policy.PasswordReusePrevention ?? 0;
  if (earlierHashes.slice(0, remembered).some((h) => secretMatches(password, h))) throw passwordPolicyViolation();
}
