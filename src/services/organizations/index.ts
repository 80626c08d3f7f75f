/** The AWS Organizations operations Gatehouse implements, one file per resource. */
import type { OperationTable } from '../operation.js';
import type { ConstraintTable } from '../validate-input.js';
import { organizationOperations } from './organization.js';
import { accountOperations } from './accounts.js';
import { handshakeOperations } from './handshakes.js';
import { unitOperations } from './units.js';
import { tagOperations } from './tags.js';
import { policyOperations } from './policies.js';
import { ORGANIZATIONS_CONSTRAINTS } from './constraints.js';

export const organizationsOperations: OperationTable = {
  ...organizationOperations, ...accountOperations, ...handshakeOperations, ...unitOperations, ...tagOperations, ...policyOperations,
};
export { ORGANIZATIONS_CONSTRAINTS };
