/** Permissions boundaries: which policies may serve as one, and how they are shown. */
import { AwsError } from '../../core/aws-error.js';
import type { RequestContext } from '../operation.js';
import { managedPolicyExists } from './managed-policies.js';

export function checkBoundaryArn(ctx: RequestContext, arn: string): void {
  if (!managedPolicyExists(ctx.store, arn))
    throw new AwsError('InvalidInput', `ARN ${arn} is not valid.`, 400);
}

export const boundaryOutput = (arn: string | null) =>
  arn ? { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn } : undefined;
