/**
 * SCP and RCP documents on their way in (CreatePolicy, UpdatePolicy). The grammar (IAM's, plus "SCP
 * syntax" / "RCP syntax") is the policy library's validator; this file turns its first problem into the
 * error Organizations answers:
 *  - larger than the type's quota ("Quotas for AWS Organizations": 5,120 characters for SCPs and RCPs,
 *    white space counted) → ConstraintViolationException, Reason POLICY_CONTENT_LIMIT_EXCEEDED;
 *  - anything else → MalformedPolicyDocumentException with AWS's sentence, and where and what, since AWS's
 *    sentence alone never says.
 */
import { AwsError } from '../../core/aws-error.js';
import { validatePolicy } from '../../policy/index.js';
import { ORGANIZATIONS_POLICY_MAX } from '../../policy/validate/organizations.js';
import { MSG } from '../../policy/validate/messages.js';
import type { OrgPolicyType } from '../../store/organizations.js';
import { constraintViolation } from './shared.js';

const KIND = { SERVICE_CONTROL_POLICY: 'scp', RESOURCE_CONTROL_POLICY: 'rcp' } as const;
const TYPE_NAME = { SERVICE_CONTROL_POLICY: 'a service control policy', RESOURCE_CONTROL_POLICY: 'a resource control policy' } as const;

/** Throws the error Organizations answers for content that is not a valid policy of the type. */
export function checkOrgPolicyContent(content: string, type: OrgPolicyType): void {
  if (content.length > ORGANIZATIONS_POLICY_MAX) {
    throw constraintViolation('POLICY_CONTENT_LIMIT_EXCEEDED',
      `You attempted to create a policy that is larger than the maximum size: ${TYPE_NAME[type]} can be at most ${ORGANIZATIONS_POLICY_MAX} characters, white space included; this one has ${content.length}.`);
  }
  const [first] = validatePolicy(content, KIND[type]);
  if (!first) return;
  const where = first.path ? `${first.path}: ` : '';
  throw new AwsError('MalformedPolicyDocumentException', `${MSG.orgPolicyType} (${where}${first.detail ?? first.message})`);
}
