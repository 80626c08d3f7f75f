/** STS's parameter constraints, from the STS API Reference. */
import type { ConstraintTable } from '../validate-input.js';

export const STS_CONSTRAINTS: ConstraintTable = {
  RoleArn: { min: 20, max: 2048 },
  PrincipalArn: { min: 20, max: 2048 },
  // The STS API Reference: 4 to 100,000 characters.
  SAMLAssertion: { min: 4, max: 100000 },
  RoleSessionName: { min: 2, max: 64, pattern: /^[\w+=,.@-]*$/, patternText: '[\\w+=,.@-]*' },
  // AssumeRole* allow up to 43,200 (checked by the handler); GetSessionToken and GetFederationToken 129,600.
  DurationSeconds: { minValue: 900, maxValue: 129600 },
  ExternalId: { min: 2, max: 1224, pattern: /^[\w+=,.@:/-]*$/, patternText: '[\\w+=,.@:\\/-]*' },
  SerialNumber: { min: 9, max: 256 },
  TokenCode: { min: 6, max: 6 },
  SourceIdentity: { min: 2, max: 64 },
  AccessKeyId: { min: 16, max: 128, pattern: /^\w+$/, patternText: '[\\w]*' },
  Policy: { min: 1, max: 2048 },
  EncodedMessage: { min: 1, max: 10240 },
  Name: { min: 2, max: 32, pattern: /^[\w+=,.@-]*$/, patternText: '[\\w+=,.@-]*' },
  Tags: { maxItems: 50 },
  TransitiveTagKeys: { maxItems: 50 },
  PolicyArns: { maxItems: 10 },
};
