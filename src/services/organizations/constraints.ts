/**
 * Organizations input constraints from the API Reference (the SDK schemas carry none), by member name.
 * Each helper adds the members its operations take.
 */
import { REFUSAL, type ConstraintTable, type Problem, type ProblemKind } from '../validate-input.js';
import { invalidInput } from './shared.js';

/**
 * Organizations refuses a bad input with InvalidInputException and a Reason, not ValidationError
 * ("You provided a value that does not match the required pattern." — boto/boto3#4565,
 * RoadieHQ/roadie-backstage-plugins#1391); the other messages are the Reasons' own descriptions.
 */
const REASONS: Record<ProblemKind, [string, string]> = {
  null: ['INPUT_REQUIRED', 'You must include a value for all required parameters.'],
  min: ['MIN_LENGTH_EXCEEDED', 'You provided a string parameter that is shorter than allowed.'],
  max: ['MAX_LENGTH_EXCEEDED', 'You provided a string parameter that is longer than allowed.'],
  pattern: ['INVALID_PATTERN', 'You provided a value that does not match the required pattern.'],
  enum: ['INVALID_ENUM', 'You specified an invalid value.'],
  minValue: ['MIN_VALUE_EXCEEDED', 'You provided a numeric parameter that has a smaller value than allowed.'],
  maxValue: ['MAX_VALUE_EXCEEDED', 'You provided a numeric parameter that has a larger value than allowed.'],
  maxItems: ['INVALID_LIST_MEMBER', 'You provided a list to a parameter that contains at least one invalid value.'],
};
const refuse = (problems: Problem[]) => invalidInput(...REASONS[problems[0].kind]);

const PARENT_ID = { max: 100, pattern: /^(?:r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/, patternText: '^(r-[0-9a-z]{4,32})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$' };

export const ORGANIZATIONS_CONSTRAINTS: ConstraintTable = {
  [REFUSAL]: refuse,
  // OUs, the tree and moves (CreateOrganizationalUnit, ListChildren, ListParents, MoveAccount…)
  ParentId: PARENT_ID,
  SourceParentId: PARENT_ID,
  DestinationParentId: PARENT_ID,
  OrganizationalUnitId: { max: 68, pattern: /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, patternText: '^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$' },
  ChildId: { max: 100, pattern: /^(?:\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/, patternText: '^(\\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$' },
  AccountId: { max: 12, pattern: /^\d{12}$/, patternText: '^\\d{12}$' },
  Name: { min: 1, max: 128 },
  ChildType: { enum: ['ACCOUNT', 'ORGANIZATIONAL_UNIT'] },
  // Tags (TagResource, UntagResource, ListTagsForResource)
  ResourceId: {
    max: 130,
    pattern: /^(?:r-[0-9a-z]{4,32}|\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|p-[0-9a-zA-Z_]{8,128}|rp-[0-9a-zA-Z_]{4,128}|rt-[0-9a-zA-Z_]{8,32})$/,
    patternText: '^(r-[0-9a-z]{4,32})|(\\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})|(^p-[0-9a-zA-Z_]{8,128})|(^rp-[0-9a-zA-Z_]{4,128})|(^rt-[0-9a-zA-Z_]{8,32})$',
  },
  // Policies, policy types and attachments (CreatePolicy, AttachPolicy, EnablePolicyType…); Content's type
  // limit (5,120 characters for SCPs and RCPs) is policy-documents.ts's
  PolicyId: { max: 130, pattern: /^p-[0-9a-zA-Z_]{8,128}$/, patternText: '^p-[0-9a-zA-Z_]{8,128}$' },
  TargetId: {
    max: 100, pattern: /^(?:r-[0-9a-z]{4,32}|\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
    patternText: '^(r-[0-9a-z]{4,32})|(\\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$',
  },
  RootId: { max: 34, pattern: /^r-[0-9a-z]{4,32}$/, patternText: '^r-[0-9a-z]{4,32}$' },
  Description: { max: 512 },
  Content: { min: 1, max: 1_000_000 },
  // Every List*
  NextToken: { max: 100000 },
  MaxResults: { minValue: 1, maxValue: 20 },
  // The organization, its accounts and invitations (CreateAccount, DescribeAccount, InviteAccountToOrganization…)
  AccountName: { min: 1, max: 50, pattern: /^[\u0020-\u007E]+$/, patternText: '[\\u0020-\\u007E]+' },
  Email: { min: 6, max: 64, pattern: /^[^\s@]*@[^\s@]*\.[^\s@]*$/, patternText: '[^\\s@]*@[^\\s@]*\\.[^\\s@]*' },
  RoleName: { max: 64, pattern: /^[\w+=,.@-]{1,64}$/, patternText: '[\\w+=,.@-]{1,64}' },
  CreateAccountRequestId: { max: 36, pattern: /^car-[a-z0-9]{8,32}$/, patternText: '^car-[a-z0-9]{8,32}$' },
  HandshakeId: { max: 34, pattern: /^h-[0-9a-z]{8,32}$/, patternText: '^h-[0-9a-z]{8,32}$' },
  Notes: { max: 1024, sensitive: true },
  ServicePrincipal: { min: 1, max: 128, pattern: /^[\w+=,.@-]*$/, patternText: '[\\w+=,.@-]*' },
};
