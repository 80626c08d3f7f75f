/** Organizations operations on organization (being built for issue 16). */
import type { OperationTable } from '../operation.js';

export const organizationOperations: OperationTable = {};
