/** Signing in and out, who the console acts as, and switching roles with a real sts:AssumeRole. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { forgetReads, type Runtime } from '../server/runtime.js';
import { clearedCookie, cookieKey, openSession, sealSession, sessionCookie, type ConsoleSession, type SwitchedRole } from './cookie-session.js';
import { ConsoleError, readJson, sendJson, stringField } from './http.js';
import { signIn } from './signin.js';
import { accountLabel, resolveAccount } from './accounts.js';
import { call, clientsFor } from './self-client.js';
import type { ApiContext } from './api-context.js';

/** "When you switch roles in the AWS Management Console, the console always uses a session duration of 1 hour" (IAM User Guide). */
const SWITCHED_ROLE_SECONDS = 3600;
/** AWS's switch-role page answers every unusable entry with this one line. */
const INVALID_SWITCH = 'Invalid information in one or more fields. Check your information or contact your administrator.';
export const ROOT_CANNOT_SWITCH = 'You cannot switch roles if you sign in as the AWS account root user.';
/** As many switches as AWS's console keeps in its role history. */
const REMEMBERED_SWITCHES = 5;
const ROLE_NAME = /^[\w+=,.@/-]{1,512}$/;
const COLOR = /^#[0-9a-fA-F]{6}$/;

/** The session as the browser may see it: everything but the credentials. */
export function describe(s: ConsoleSession) {
  const { creds: _c, ...signedIn } = s.signedIn;
  const role = s.role ? (({ creds: _r, ...r }) => ({ ...r, expiresAt: s.role!.creds.expiration }))(s.role) : undefined;
  return { signedIn, role, expiresAt: new Date(s.exp * 1000).toISOString() };
}

async function answerWithSession(rt: Runtime, res: ServerResponse, s: ConsoleSession): Promise<void> {
  const now = Math.floor(rt.clock.nowMs() / 1000);
  const sealed = await sealSession(cookieKey(rt.store), s);
  sendJson(res, 200, describe(s), { 'set-cookie': sessionCookie(sealed, s.exp, now) });
}

export async function postSignIn(rt: Runtime, req: IncomingMessage, res: ServerResponse, endpoint: string): Promise<void> {
  const signedIn = await signIn(rt, endpoint, await readJson(req));
  const exp = Math.floor(Date.parse(signedIn.creds.expiration) / 1000);
  await answerWithSession(rt, res, { signedIn, exp });
}

/**
 * Sign-out clears the cookie and ends the temporary credentials it held, so a
 * copy of the cookie (or of the credentials) is worth nothing afterwards.
 */
export async function postSignOut(rt: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const s = await openSession(cookieKey(rt.store), req, Math.floor(rt.clock.nowMs() / 1000));
  if (s) {
    for (const c of [s.signedIn.creds, s.role?.creds]) if (c) rt.store.sessions.delete(c.accessKeyId, c.expiration);
    // Resolved credentials are cached by key and token; forget them so the next use is refused.
    await forgetReads(rt);
  }
  sendJson(res, 200, { signedOut: true }, { 'set-cookie': clearedCookie() });
}

export async function getMe(c: ApiContext) {
  return describe(c.session);
}

export async function postSwitchRole(c: ApiContext): Promise<undefined> {
  // "You cannot switch roles if you sign in as the AWS account root user." (IAM User Guide, id_roles_use_switch-role-console)
  if (c.session.signedIn.type === 'Root') throw new ConsoleError('AccessDenied', ROOT_CANNOT_SWITCH, 403);
  const body = await c.body();
  const typedAccount = stringField(body, 'account')!.trim();
  const roleName = stringField(body, 'roleName')!.trim().replace(/^\/+/, '');
  const color = stringField(body, 'color', false);
  const account = resolveAccount(c.rt.store, typedAccount);
  if (!account || !ROLE_NAME.test(roleName) || (color !== undefined && !COLOR.test(color))) throw new ConsoleError('InvalidInput', INVALID_SWITCH, 400);
  const label = accountLabel(c.rt.store, account);
  const displayName = (stringField(body, 'displayName', false)?.trim() ?? '').slice(0, 64);
  const { signedIn } = c.session;
  // Always from the signed-in identity, as AWS's console does: a switch is never a role chain.
  const { sts, sdk } = await clientsFor(c.endpoint, signedIn.creds);
  const roleArn = `arn:aws:iam::${account}:role/${roleName}`;
  const out = await call(() => sts.send(new sdk.sts.AssumeRoleCommand({
    RoleArn: roleArn, RoleSessionName: signedIn.userName ?? 'root', DurationSeconds: SWITCHED_ROLE_SECONDS,
  })));
  const cr = out.Credentials!;
  const role: SwitchedRole = {
    account, accountLabel: label, accountAsTyped: typedAccount, roleName: roleName.split('/').pop()!, roleArn, arn: out.AssumedRoleUser!.Arn!, displayName, color: color ?? '#2e7d32',
    creds: { accessKeyId: cr.AccessKeyId!, secretAccessKey: cr.SecretAccessKey!, sessionToken: cr.SessionToken!, expiration: cr.Expiration!.toISOString() },
  };
  const switchedTo = [roleArn, ...(c.session.switchedTo ?? []).filter((a) => a !== roleArn)].slice(0, REMEMBERED_SWITCHES);
  await answerWithSession(c.rt, c.res, { ...c.session, role, switchedTo });
  return undefined;
}

export async function postSwitchBack(c: ApiContext): Promise<undefined> {
  const { signedIn, switchedTo, exp } = c.session;
  await answerWithSession(c.rt, c.res, { signedIn, switchedTo, exp });
  return undefined;
}
