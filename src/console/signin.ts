/**
 * Console sign-in: an IAM user's password (with an MFA code when the user has
 * a device, a new password when a reset is due), or an account root's access
 * key. Success issues a temporary session of kind 'console' with the existing
 * session machinery; the console then acts only through those credentials.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Runtime } from '../server/runtime.js';
import { issueSession } from '../services/sts/sessions.js';
import { verifyMfaCode, verifyPassword } from '../services/iam/public.js';
import { rootArn } from '../core/arn.js';
import { ConsoleError, stringField } from './http.js';
import { accountLabel, resolveAccount } from './accounts.js';
import type { Creds, SignedIn } from './cookie-session.js';
import { call, clientsFor } from './self-client.js';

/** "By default, console sessions for IAM users last 12 hours" (AWS sign-in); Gatehouse's value for both, root capped at 1 hour. */
export const USER_SESSION_SECONDS = 12 * 3600;
export const ROOT_SESSION_SECONDS = 3600;

/**
 * AWS's sign-in page says only that something was wrong, never which field.
 * (Text as the AWS console shows it; not confirmed against a published reference.)
 */
export const BAD_CREDENTIALS = 'Your authentication information is incorrect. Please try again.';
const refused = () => new ConsoleError('InvalidCredentials', BAD_CREDENTIALS, 401);

export async function signIn(rt: Runtime, endpoint: string, body: Record<string, unknown>): Promise<SignedIn> {
  return body.signInType === 'root' ? signInRoot(rt, body) : signInUser(rt, endpoint, body);
}

function signInRoot(rt: Runtime, body: Record<string, unknown>): SignedIn {
  const keyId = stringField(body, 'accessKeyId')!.trim();
  const secret = stringField(body, 'secretAccessKey')!;
  const key = rt.store.accessKeys.get(keyId);
  if (!key || key.user_name !== null || key.status !== 'Active' || !sameSecret(secret, key.secret)) throw refused();
  const creds = issue(rt, key.account_id, ROOT_SESSION_SECONDS, null, undefined);
  return { type: 'Root', account: key.account_id, accountLabel: accountLabel(rt.store, key.account_id), arn: rootArn(key.account_id), mfa: false, creds };
}

async function signInUser(rt: Runtime, endpoint: string, body: Record<string, unknown>): Promise<SignedIn> {
  const typedAccount = stringField(body, 'account')!;
  const userName = stringField(body, 'userName')!.trim();
  const password = stringField(body, 'password')!;
  const mfaCode = stringField(body, 'mfaCode', false)?.trim();
  const newPassword = stringField(body, 'newPassword', false);
  const { store, clock } = rt;
  const account = resolveAccount(store, typedAccount);
  const user = account ? store.users.get(account, userName) : undefined;
  if (!account || !user || !verifyPassword(store, account, user.name, password)) throw refused();

  const devices = store.mfaDevices.forUser(account, user.name).filter((d) => d.enabled_at !== null);
  if (devices.length > 0 && !mfaCode) {
    throw new ConsoleError('MfaRequired', 'Multi-factor authentication: enter the code from your MFA device.', 401, { mfaRequired: true });
  }
  const change = passwordChangeDue(rt, account, user.name);
  if (change === 'expired-hard') {
    throw new ConsoleError('PasswordExpired', 'Your password has expired. Contact your administrator to have it reset.', 403);
  }
  if (change && !newPassword) {
    const message = change === 'reset'
      ? 'Your administrator requires you to change your password before you continue.'
      : 'Your password has expired. Choose a new password to continue.';
    throw new ConsoleError('PasswordResetRequired', message, 403, { passwordResetRequired: true });
  }
  // The code is checked (and used up) only once nothing else can still send the user back.
  const now = clock.now();
  if (devices.length > 0 && !devices.some((d) => verifyMfaCode(store, account, d.serial_number, mfaCode!, now))) throw refused();

  const mfaAt = devices.length > 0 ? now.toISOString() : undefined;
  const creds = issue(rt, account, USER_SESSION_SECONDS, user.name, mfaAt);
  if (change) {
    // The new password is set by the user's own ChangePassword, authorized like any other call.
    const { iam, sdk } = await clientsFor(endpoint, creds);
    await call(() => iam.send(new sdk.iam.ChangePasswordCommand({ OldPassword: password, NewPassword: newPassword! })));
  }
  store.loginProfiles.markUsed(account, user.name, now.toISOString());
  return { type: 'User', account, accountLabel: accountLabel(store, account), arn: user.arn, userName: user.name, mfa: mfaAt !== undefined, creds };
}

/** 'reset' when an administrator asked for a new password; 'expired' / 'expired-hard' past the account policy's MaxPasswordAge. */
function passwordChangeDue(rt: Runtime, account: string, userName: string): 'reset' | 'expired' | 'expired-hard' | undefined {
  const profile = rt.store.loginProfiles.get(account, userName)!;
  if (profile.password_reset_required === 1) return 'reset';
  const policy = rt.store.passwordPolicies.get(account);
  if (!policy?.MaxPasswordAge) return undefined;
  const expiresMs = Date.parse(profile.password_changed_at) + policy.MaxPasswordAge * 86_400_000;
  if (rt.clock.nowMs() < expiresMs) return undefined;
  return policy.HardExpiry ? 'expired-hard' : 'expired';
}

function issue(rt: Runtime, account: string, seconds: number, userName: string | null, mfaAt: string | undefined): Creds {
  const c = issueSession(rt, account, seconds, { kind: 'console', user_name: userName, mfa_at: mfaAt ?? null });
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration.toISOString() };
}

function sameSecret(given: string, stored: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(stored, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
