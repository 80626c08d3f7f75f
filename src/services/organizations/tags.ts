/** Organizations operations on tags (being built for issue 16). */
import type { OperationTable } from '../operation.js';

export const tagOperations: OperationTable = {};
