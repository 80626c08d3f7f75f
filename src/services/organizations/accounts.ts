/** Organizations operations on accounts (being built for issue 16). */
import type { OperationTable } from '../operation.js';

export const accountOperations: OperationTable = {};
