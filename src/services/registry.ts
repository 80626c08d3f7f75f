/** Every implemented operation, by service, with the constraint table its inputs are checked against. */
import type { OperationTable } from './operation.js';
import type { ConstraintTable } from './validate-input.js';
import type { ServiceName } from '../protocol/models.js';
import { iamOperations, IAM_CONSTRAINTS } from './iam/index.js';
import { stsOperations, STS_CONSTRAINTS } from './sts/index.js';
import { s3Operations } from './s3/buckets.js';
import { s3ControlOperations } from './s3control/index.js';
import { organizationsOperations, ORGANIZATIONS_CONSTRAINTS } from './organizations/index.js';

export const SERVICES: Record<ServiceName, { operations: OperationTable; constraints: ConstraintTable }> = {
  iam: { operations: iamOperations, constraints: IAM_CONSTRAINTS },
  sts: { operations: stsOperations, constraints: STS_CONSTRAINTS },
  s3: { operations: s3Operations, constraints: {} },
  s3control: { operations: s3ControlOperations, constraints: {} },
  organizations: { operations: organizationsOperations, constraints: ORGANIZATIONS_CONSTRAINTS },
};
