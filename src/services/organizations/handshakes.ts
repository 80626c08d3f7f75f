/** Organizations operations on handshakes (being built for issue 16). */
import type { OperationTable } from '../operation.js';

export const handshakeOperations: OperationTable = {};
