/** IAM's parameter constraints, from the IAM API Reference (the SDK schemas carry none). */
import type { ConstraintTable } from '../validate-input.js';

const NAME = /^[\w+=,.@-]+$/;
const NAME_TEXT = '[\\w+=,.@-]+';
const DOC = /^[\u0009\u000A\u000D\u0020-\u00FF]+$/;
const DOC_TEXT = '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+';

export const IAM_CONSTRAINTS: ConstraintTable = {
  UserName: { min: 1, max: 64, pattern: NAME, patternText: NAME_TEXT },
  NewUserName: { min: 1, max: 64, pattern: NAME, patternText: NAME_TEXT },
  RoleName: { min: 1, max: 64, pattern: NAME, patternText: NAME_TEXT },
  GroupName: { min: 1, max: 128, pattern: NAME, patternText: NAME_TEXT },
  PolicyName: { min: 1, max: 128, pattern: NAME, patternText: NAME_TEXT },
  Path: { min: 1, max: 512, pattern: /^(\/|\/[\u0021-\u007E]+\/)$/, patternText: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)' },
  NewPath: { min: 1, max: 512, pattern: /^(\/|\/[\u0021-\u007E]+\/)$/, patternText: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)' },
  PathPrefix: { min: 1, max: 512, pattern: /^\/[\u0021-\u007F]*$/, patternText: '\\u002F[\\u0021-\\u007F]*' },
  Description: { max: 1000, pattern: /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/, patternText: '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*' },
  Marker: { min: 1, max: 320, pattern: /^[\u0020-\u00FF]+$/, patternText: '[\\u0020-\\u00FF]+' },
  MaxItems: { minValue: 1, maxValue: 1000 },
  PolicyArn: { min: 20, max: 2048 },
  PermissionsBoundary: { min: 20, max: 2048 },
  PolicyDocument: { min: 1, max: 131072, pattern: DOC, patternText: DOC_TEXT },
  AssumeRolePolicyDocument: { min: 1, max: 131072, pattern: DOC, patternText: DOC_TEXT },
  MaxSessionDuration: { minValue: 3600, maxValue: 43200 },
  AccessKeyId: { min: 16, max: 128, pattern: /^\w+$/, patternText: '[\\w]+' },
  VersionId: { pattern: /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/, patternText: 'v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?' },
  Status: { pattern: /^(Active|Inactive)$/, patternText: 'Active|Inactive' },
  // Groups, credentials and passwords (IAM API Reference, each operation's Request Parameters).
  NewGroupName: { min: 1, max: 128, pattern: NAME, patternText: NAME_TEXT },
  Password: { min: 1, max: 128, pattern: DOC, patternText: DOC_TEXT },
  OldPassword: { min: 1, max: 128, pattern: DOC, patternText: DOC_TEXT },
  NewPassword: { min: 1, max: 128, pattern: DOC, patternText: DOC_TEXT },
  MinimumPasswordLength: { minValue: 6, maxValue: 128 },
  MaxPasswordAge: { minValue: 1, maxValue: 1095 },
  PasswordReusePrevention: { minValue: 1, maxValue: 24 },
  VirtualMFADeviceName: { min: 1, max: 226, pattern: NAME, patternText: NAME_TEXT },
  SerialNumber: { min: 9, max: 256, pattern: /^[\w+=/:,.@-]+$/, patternText: '[\\w+=/:,.@-]+' },
  AuthenticationCode1: { min: 6, max: 6, pattern: /^\d+$/, patternText: '[\\d]+' },
  AuthenticationCode2: { min: 6, max: 6, pattern: /^\d+$/, patternText: '[\\d]+' },
  AssignmentStatus: { pattern: /^(Assigned|Unassigned|Any)$/, patternText: 'Assigned|Unassigned|Any' },
  SSHPublicKeyBody: { min: 1, max: 16384, pattern: DOC, patternText: DOC_TEXT },
  SSHPublicKeyId: { min: 20, max: 128, pattern: /^\w+$/, patternText: '[\\w]+' },
  Encoding: { pattern: /^(SSH|PEM)$/, patternText: 'SSH|PEM' },
  CertificateBody: { min: 1, max: 16384, pattern: DOC, patternText: DOC_TEXT },
  CertificateId: { min: 24, max: 128, pattern: /^\w+$/, patternText: '[\\w]+' },
  ServiceSpecificCredentialId: { min: 20, max: 128, pattern: /^\w+$/, patternText: '[\\w]+' },
  CredentialAgeDays: { minValue: 1, maxValue: 36600 },
  Tags: { maxItems: 50 },
  TagKeys: { maxItems: 50 },
};
