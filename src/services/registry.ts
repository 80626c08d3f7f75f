/** Every implemented operation, by service, with the constraint table its inputs are checked against. */
import type { OperationTable } from './operation.js';
import type { ConstraintTable } from './validate-input.js';
import { iamOperations, IAM_CONSTRAINTS } from './iam/index.js';
import { stsOperations, STS_CONSTRAINTS } from './sts/index.js';
import { s3Operations } from './s3/buckets.js';
import { s3ControlOperations } from './s3control/index.js';

export const SERVICES: Record<'iam' | 'sts' | 's3' | 's3control', { operations: OperationTable; constraints: ConstraintTable }> = {
  iam: { operations: iamOperations, constraints: IAM_CONSTRAINTS },
  sts: { operations: stsOperations, constraints: STS_CONSTRAINTS },
  s3: { operations: s3Operations, constraints: {} },
  s3control: { operations: s3ControlOperations, constraints: {} },
};
