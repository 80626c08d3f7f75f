/** The account password policy: Get / Update (a whole replacement) / Delete. */
import { noSuchEntity } from '../../core/aws-error.js';
import type { OperationTable } from '../operation.js';
import type { PasswordPolicy } from '../../store/password-policies.js';

export const passwordPolicyOperations: OperationTable = {
  GetAccountPasswordPolicy: {
    action: 'iam:GetAccountPasswordPolicy',
    handle(_i, ctx) {
      const policy = ctx.store.passwordPolicies.get(ctx.account);
      if (!policy) throw noSuchEntity(`The Password Policy with domain name ${ctx.account} cannot be found.`);
      return { PasswordPolicy: policy };
    },
  },
  UpdateAccountPasswordPolicy: {
    action: 'iam:UpdateAccountPasswordPolicy',
    handle(i, ctx) {
      // "This operation does not support partial updates": every parameter left out
      // goes back to its default (UpdateAccountPasswordPolicy, IAM API Reference).
      const maxAge: number = i.MaxPasswordAge ?? 0;
      const policy: PasswordPolicy = {
        MinimumPasswordLength: i.MinimumPasswordLength ?? 6,
        RequireSymbols: i.RequireSymbols ?? false,
        RequireNumbers: i.RequireNumbers ?? false,
        RequireUppercaseCharacters: i.RequireUppercaseCharacters ?? false,
        RequireLowercaseCharacters: i.RequireLowercaseCharacters ?? false,
        AllowUsersToChangePassword: i.AllowUsersToChangePassword ?? false,
        ExpirePasswords: maxAge > 0,
        MaxPasswordAge: maxAge > 0 ? maxAge : undefined,
        PasswordReusePrevention: i.PasswordReusePrevention,
        HardExpiry: i.HardExpiry,
      };
      ctx.store.passwordPolicies.put(ctx.account, policy);
    },
  },
  DeleteAccountPasswordPolicy: {
    action: 'iam:DeleteAccountPasswordPolicy',
    handle(_i, ctx) {
      if (!ctx.store.passwordPolicies.delete(ctx.account))
        throw noSuchEntity(`The account policy with name PasswordPolicy cannot be found.`);
    },
  },
};
