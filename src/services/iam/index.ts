/** The IAM operations Gatehouse implements, by name. */
import type { OperationTable } from '../operation.js';
import { userOperations } from './users.js';
import { accessKeyOperations } from './access-keys.js';
import { roleOperations } from './roles.js';
import { managedPolicyOperations } from './managed-policies.js';
import { attachmentOperations } from './attachments.js';
import { inlinePolicyOperations } from './inline-policies.js';
import { groupOperations } from './groups.js';
import { groupMembershipOperations } from './group-membership.js';
import { loginProfileOperations } from './login-profiles.js';
import { passwordPolicyOperations } from './password-policy.js';
import { mfaDeviceOperations } from './mfa-devices.js';
import { sshKeyOperations } from './ssh-keys.js';
import { signingCertificateOperations } from './signing-certificates.js';
import { serviceCredentialOperations } from './service-credentials.js';
import { instanceProfileOperations } from './instance-profiles.js';
import { serviceLinkedRoleOperations } from './service-linked-roles.js';
import { oidcProviderOperations } from './oidc-providers.js';
import { samlProviderOperations } from './saml-providers.js';
import { accountAliasOperations } from './account-aliases.js';
import { accountSummaryOperations } from './account-summary.js';
import { authorizationDetailsOperations } from './authorization-details.js';
import { credentialReportOperations } from './credential-report.js';
import { simulateOperations } from './simulate.js';

export const iamOperations: OperationTable = {
  ...userOperations,
  ...accessKeyOperations,
  ...roleOperations,
  ...managedPolicyOperations,
  ...attachmentOperations,
  ...inlinePolicyOperations,
  ...groupOperations,
  ...groupMembershipOperations,
  ...loginProfileOperations,
  ...passwordPolicyOperations,
  ...mfaDeviceOperations,
  ...sshKeyOperations,
  ...signingCertificateOperations,
  ...serviceCredentialOperations,
  ...instanceProfileOperations,
  ...serviceLinkedRoleOperations,
  ...oidcProviderOperations,
  ...samlProviderOperations,
  ...accountAliasOperations,
  ...accountSummaryOperations,
  ...authorizationDetailsOperations,
  ...credentialReportOperations,
  ...simulateOperations,
};

export { IAM_CONSTRAINTS } from './constraints.js';
