/**
 * AWS's MalformedPolicyDocument texts, as IAM and S3 return them (collected
 * from the IAM User Guide and from error reports quoting the API).
 */
export const MSG = {
  syntax: 'Syntax errors in policy.',
  principalNotAllowed: 'Policy document should not specify a principal.',
  principalRequired: 'Missing required field Principal',
  prohibitedField: (field: string) => `Has prohibited field ${field}`,
  actionsRequired: 'Policy statement must contain actions.',
  resourcesRequired: 'Policy statement must contain resources.',
  // S3 bucket policies (MalformedPolicy) word the missing-element case this way.
  elementRequired: 'Statement is missing required element',
  vendorRequired: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  oneColon: 'Actions/Condition can contain only one colon.',
  vendorWildcard: 'Action vendors (e.g., aws, ec2, etc.) must not contain wildcards',
  vendorInvalid: (vendor: string) => `Vendor ${vendor} is not valid`,
  resourceFormat: (r: string) => `Resource ${r} must be in ARN format or "*".`,
  resourceVendor: 'Resource vendor must be fully qualified and cannot contain regexes.',
  invalidPrincipal: (type: string, value: string) => `Invalid principal in policy: "${type.toUpperCase()}":"${value}"`,
  // AWS Organizations (CreatePolicy/UpdatePolicy MalformedPolicyDocumentException) for SCP/RCP rules.
  orgPolicyType: 'The provided policy document does not meet the requirements of the specified policy type.',
  duplicateSid: 'Statement IDs (SID) in a single policy must be unique.',
} as const;
