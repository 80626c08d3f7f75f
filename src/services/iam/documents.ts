/** Policy documents on their way in (validated, size-checked) and out (URL-encoded, as IAM returns them). */
import { AwsError, limitExceeded, malformedPolicy } from '../../core/aws-error.js';
import { policySize, validatePolicy, type PolicyKind } from '../../policy/index.js';

/** IAM quotas on policy size, counted without whitespace (IAM and STS quotas page). */
export const MANAGED_POLICY_MAX = 6144;
export const USER_INLINE_TOTAL_MAX = 2048;
export const ROLE_INLINE_TOTAL_MAX = 10240;
export const GROUP_INLINE_TOTAL_MAX = 5120;
export const TRUST_POLICY_MAX = 2048;

/** Throws MalformedPolicyDocument with AWS's message for the first problem. */
export function checkPolicyDocument(text: string, kind: PolicyKind): void {
  const problems = validatePolicy(text, kind);
  if (problems.length > 0) throw malformedPolicy(problems[0].message);
}

export function checkManagedPolicySize(text: string): void {
  if (policySize(text) > MANAGED_POLICY_MAX) throw limitExceeded(`Cannot exceed quota for PolicySize: ${MANAGED_POLICY_MAX}`);
}

export function checkTrustPolicySize(text: string): void {
  if (policySize(text) > TRUST_POLICY_MAX) throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_MAX}`);
}

/** Inline policies share one size budget per user, group or role. */
export function checkInlineTotal(kind: 'user' | 'role' | 'group', name: string, documents: string[]): void {
  const max = kind === 'user' ? USER_INLINE_TOTAL_MAX : kind === 'role' ? ROLE_INLINE_TOTAL_MAX : GROUP_INLINE_TOTAL_MAX;
  const total = documents.reduce((n, d) => n + policySize(d), 0);
  if (total > max) throw new AwsError('LimitExceeded', `Maximum policy size of ${max} bytes exceeded for ${kind} ${name}`, 409);
}

/** IAM returns documents URL-encoded (RFC 3986); clients decode them. */
export const encodeDocument = (text: string) => encodeURIComponent(text);
