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

export const iamOperations: OperationTable = {
  ...userOperations,
  ...accessKeyOperations,
  ...roleOperations,
  ...managedPolicyOperations,
  ...attachmentOperations,
  ...inlinePolicyOperations,
  ...groupOperations,
  ...groupMembershipOperations,
};

export { IAM_CONSTRAINTS } from './constraints.js';
