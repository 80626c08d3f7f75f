/** Console passwords of IAM users (login profiles), and ChangePassword for the caller's own. */
import { AwsError, entityAlreadyExists, noSuchEntity } from '../../core/aws-error.js';
import type { OperationTable, RequestContext } from '../operation.js';
import type { LoginProfileRow } from '../../store/login-profiles.js';
import { namedOrCallingUser, namedOrCallingUserArn } from './caller-user.js';
import { entityArn, requireUser, toDate } from './names.js';
import { checkPasswordPolicy, hashSecret, secretMatches } from './passwords.js';

/** How many earlier hashes are kept: PasswordReusePrevention is at most 24. */
const HISTORY = 24;

const missingProfile = (user: string) => noSuchEntity(`Login Profile for User ${user} cannot be found.`);

function profileOutput(p: LoginProfileRow) {
  return { UserName: p.user_name, CreateDate: toDate(p.created_at), PasswordResetRequired: p.password_reset_required === 1 };
}

/** The user a login-profile call is about; the root has no login profile here. */
function profileUser(i: Record<string, any>, ctx: RequestContext): string {
  const user = namedOrCallingUser(i, ctx);
  if (user === null) throw new AwsError('ValidationError', 'Must specify userName when calling with root credentials', 400);
  return user;
}

function requireProfile(ctx: RequestContext, user: string): LoginProfileRow {
  const p = ctx.store.loginProfiles.get(ctx.account, user);
  if (!p) throw missingProfile(user);
  return p;
}

/** Checks a new password against the policy and the remembered ones, then stores its hash. */
function setPassword(ctx: RequestContext, p: LoginProfileRow, password: string): void {
  const earlier = [p.password_hash, ...(JSON.parse(p.previous_hashes) as string[])];
  checkPasswordPolicy(ctx.store.passwordPolicies.get(ctx.account), password, earlier);
  ctx.store.loginProfiles.setPassword(ctx.account, p.user_name, hashSecret(password), earlier.slice(0, HISTORY), ctx.clock.now().toISOString());
}

const requiredPassword = (value: unknown) => {
  if (value === undefined) throw new AwsError('ValidationError', "1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null", 400);
  return value as string;
};

export const loginProfileOperations: OperationTable = {
  CreateLoginProfile: {
    action: 'iam:CreateLoginProfile',
    resource: namedOrCallingUserArn,
    handle(i, ctx) {
      const user = profileUser(i, ctx);
      const password = requiredPassword(i.Password);
      if (ctx.store.loginProfiles.get(ctx.account, user)) throw entityAlreadyExists(`Login Profile for user ${user} already exists.`);
      checkPasswordPolicy(ctx.store.passwordPolicies.get(ctx.account), password);
      const now = ctx.clock.now().toISOString();
      const row = {
        account_id: ctx.account, user_name: user, password_hash: hashSecret(password),
        password_reset_required: i.PasswordResetRequired ? 1 : 0, created_at: now, password_changed_at: now, previous_hashes: '[]',
      };
      ctx.store.loginProfiles.insert(row);
      return { LoginProfile: profileOutput({ ...row, password_last_used: null }) };
    },
  },
  GetLoginProfile: {
    action: 'iam:GetLoginProfile',
    resource: namedOrCallingUserArn,
    handle: (i, ctx) => ({ LoginProfile: profileOutput(requireProfile(ctx, profileUser(i, ctx))) }),
  },
  UpdateLoginProfile: {
    action: 'iam:UpdateLoginProfile',
    resource: namedOrCallingUserArn,
    handle(i, ctx) {
      const p = requireProfile(ctx, requireUser(ctx.store, ctx.account, i.UserName).name);
      // Fields left out stay as they are.
      if (i.Password !== undefined) setPassword(ctx, p, i.Password);
      if (i.PasswordResetRequired !== undefined) ctx.store.loginProfiles.setResetRequired(ctx.account, p.user_name, i.PasswordResetRequired);
    },
  },
  DeleteLoginProfile: {
    action: 'iam:DeleteLoginProfile',
    resource: namedOrCallingUserArn,
    handle(i, ctx) {
      const user = profileUser(i, ctx);
      if (!ctx.store.loginProfiles.delete(ctx.account, user)) throw missingProfile(user);
    },
  },
  ChangePassword: {
    action: 'iam:ChangePassword',
    // The password policy's AllowUsersToChangePassword lets every user change their own
    // password without an identity policy ("Set an account password policy", IAM User Guide).
    authorizesItself: true,
    handle(i, ctx) {
      const p = ctx.principal;
      if (p.type !== 'User') throw new AwsError('InvalidUserType', 'Only IAM users can change their own password.', 400);
      const policy = ctx.store.passwordPolicies.get(ctx.account);
      if (!policy?.AllowUsersToChangePassword) ctx.authorize('iam:ChangePassword', entityArn(ctx.store, ctx.account, 'user', p.userName));
      const profile = requireProfile(ctx, p.userName!);
      if (!secretMatches(i.OldPassword, profile.password_hash)) throw new AwsError('AccessDenied', 'The old password is incorrect.', 403);
      setPassword(ctx, profile, i.NewPassword);
      // A changed password satisfies a pending "reset required".
      ctx.store.loginProfiles.setResetRequired(ctx.account, profile.user_name, false);
    },
  },
};
