/** Organizations operations on policies (being built for issue 16). */
import type { OperationTable } from '../operation.js';

export const policyOperations: OperationTable = {};
