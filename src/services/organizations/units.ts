/** Organizations operations on units (being built for issue 16). */
import type { OperationTable } from '../operation.js';

export const unitOperations: OperationTable = {};
