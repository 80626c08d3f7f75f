/**
 * GetAccountSummary: the account's IAM entity counts beside IAM's default
 * quotas, under the keys of the API Reference's SummaryMap. Quota values are
 * the defaults of "IAM and AWS STS quotas"; Gatehouse enforces the same ones.
 */
import { prepared } from '../../store/db.js';
import type { OperationTable, RequestContext } from '../operation.js';
import { GROUP_INLINE_TOTAL_MAX, MANAGED_POLICY_MAX, ROLE_INLINE_TOTAL_MAX, TRUST_POLICY_MAX, USER_INLINE_TOTAL_MAX } from './documents.js';
import { AWS_ACCOUNT } from './aws-managed/index.js';

const QUOTAS = {
  UsersQuota: 5000, GroupsQuota: 300, RolesQuota: 1000, PoliciesQuota: 1500, InstanceProfilesQuota: 1000,
  ServerCertificatesQuota: 20, GroupsPerUserQuota: 10, SigningCertificatesPerUserQuota: 2, AccessKeysPerUserQuota: 2,
  AttachedPoliciesPerUserQuota: 10, AttachedPoliciesPerGroupQuota: 10, AttachedPoliciesPerRoleQuota: 10,
  VersionsPerPolicyQuota: 5, PolicyVersionsInUseQuota: 10000,
  PolicySizeQuota: MANAGED_POLICY_MAX, UserPolicySizeQuota: USER_INLINE_TOTAL_MAX, GroupPolicySizeQuota: GROUP_INLINE_TOTAL_MAX,
  RolePolicySizeQuota: ROLE_INLINE_TOTAL_MAX, AssumeRolePolicySizeQuota: TRUST_POLICY_MAX,
  GlobalEndpointTokenVersion: 1,
};

const count = (ctx: RequestContext, table: string) =>
  (prepared(ctx.store.db, `SELECT count(*) AS n FROM ${table} WHERE account_id = ?`).get(ctx.account) as { n: number }).n;

/** Versions of the account's own policies, plus one for each AWS managed policy in use here. */
function policyVersionsInUse(ctx: RequestContext): number {
  const own = (prepared(ctx.store.db, 'SELECT count(*) AS n FROM policy_versions v JOIN policies p ON p.arn = v.policy_arn WHERE p.account_id = ?')
    .get(ctx.account) as { n: number }).n;
  const aws = (prepared(ctx.store.db, "SELECT count(DISTINCT policy_arn) AS n FROM attachments WHERE account_id = ? AND policy_arn LIKE ?")
    .get(ctx.account, `arn:aws:iam::${AWS_ACCOUNT}:policy/%`) as { n: number }).n;
  return own + aws;
}

export function accountSummary(ctx: RequestContext): Record<string, number> {
  const devices = ctx.store.mfaDevices.list(ctx.account);
  return {
    ...QUOTAS,
    Users: count(ctx, 'users'), Groups: count(ctx, 'groups'), Roles: count(ctx, 'roles'), Policies: count(ctx, 'policies'),
    InstanceProfiles: count(ctx, 'instance_profiles'),
    Providers: count(ctx, 'oidc_providers') + count(ctx, 'saml_providers'),
    ServerCertificates: 0,
    MFADevices: devices.length,
    MFADevicesInUse: devices.filter((d) => d.user_name !== null).length,
    // Gatehouse's roots have keys but cannot enable MFA or upload certificates.
    AccountMFAEnabled: 0,
    AccountAccessKeysPresent: ctx.store.accessKeys.forUser(ctx.account, null).length > 0 ? 1 : 0,
    AccountSigningCertificatesPresent: 0,
    PolicyVersionsInUse: policyVersionsInUse(ctx),
  };
}

export const accountSummaryOperations: OperationTable = {
  GetAccountSummary: {
    action: 'iam:GetAccountSummary',
    handle: (_i, ctx) => ({ SummaryMap: accountSummary(ctx) }),
  },
};
