import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validatePolicy } from './validate.js';
import type { PolicyKind } from '../types.js';

const doc = (statement: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ Version: '2012-10-17', ...extra, Statement: statement }, null, 2);
const allowAll = { Effect: 'Allow', Action: 's3:*', Resource: '*' };
const trust = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' };

const first = (text: string, kind: PolicyKind) => validatePolicy(text, kind)[0];

// [name, kind, text, first message expected (undefined = valid), detail substring?]
const cases: Array<[string, PolicyKind, string, string | undefined, string?]> = [
  ['valid identity policy', 'identity', doc([allowAll]), undefined],
  ['statement as a single object', 'identity', doc(allowAll), undefined],
  ['no Version (2008-10-17 semantics)', 'identity', JSON.stringify({ Statement: allowAll }), undefined],
  ['valid trust policy', 'trust', doc([trust]), undefined],
  ['valid bucket policy', 'resource', doc([{ ...allowAll, Principal: '*' }]), undefined],
  ['bad JSON', 'identity', '{"Version": "2012-10-17", "Statement": [', 'Syntax errors in policy.', 'Invalid JSON'],
  ['trailing comma is bad JSON', 'identity', '{"Statement": [{"Effect":"Allow","Action":"*","Resource":"*"},]}', 'Syntax errors in policy.'],
  ['empty text', 'identity', '', 'Syntax errors in policy.'],
  ['not an object', 'identity', '[]', 'Syntax errors in policy.'],
  ['unknown top-level field', 'identity', doc([allowAll], { Extra: 1 }), 'Syntax errors in policy.', 'Unknown field Extra'],
  ['bad Version', 'identity', doc([allowAll], { Version: '2012-10-18' }), 'Syntax errors in policy.', 'Version'],
  ['missing Statement', 'identity', JSON.stringify({ Version: '2012-10-17' }), 'Syntax errors in policy.'],
  ['empty Statement array', 'identity', doc([]), 'Syntax errors in policy.'],
  ['unknown statement field', 'identity', doc([{ ...allowAll, Actions: 'x' }]), 'Syntax errors in policy.', 'Unknown field Actions'],
  ['bad Effect', 'identity', doc([{ ...allowAll, Effect: 'Permit' }]), 'Syntax errors in policy.', 'Effect'],
  ['missing Effect', 'identity', doc([{ Action: '*', Resource: '*' }]), 'Syntax errors in policy.', 'Effect'],
  ['Action and NotAction', 'identity', doc([{ ...allowAll, NotAction: 'x:y' }]), 'Syntax errors in policy.', 'both Action and NotAction'],
  ['Action of wrong type', 'identity', doc([{ ...allowAll, Action: { a: 1 } }]), 'Syntax errors in policy.'],
  ['identity policy with Principal', 'identity', doc([{ ...allowAll, Principal: '*' }]), 'Policy document should not specify a principal.'],
  ['boundary with NotPrincipal', 'boundary', doc([{ ...allowAll, NotPrincipal: { AWS: '111122223333' } }]), 'Policy document should not specify a principal.'],
  ['session policy with Principal', 'session', doc([{ ...allowAll, Principal: '*' }]), 'Policy document should not specify a principal.'],
  ['trust policy without Principal', 'trust', doc([{ Effect: 'Allow', Action: 'sts:AssumeRole' }]), 'Missing required field Principal'],
  ['bucket policy without Principal', 'resource', doc([allowAll]), 'Missing required field Principal'],
  ['trust policy with Resource', 'trust', doc([{ ...trust, Resource: '*' }]), 'Has prohibited field Resource'],
  ['identity policy without Resource', 'identity', doc([{ Effect: 'Allow', Action: 's3:*' }]), 'Policy statement must contain resources.'],
  ['identity policy with empty Resource list', 'identity', doc([{ Effect: 'Allow', Action: 's3:*', Resource: [] }]), 'Policy statement must contain resources.'],
  ['identity policy without Action', 'identity', doc([{ Effect: 'Allow', Resource: '*' }]), 'Policy statement must contain actions.'],
  ['bucket policy without Resource', 'resource', doc([{ Effect: 'Allow', Principal: '*', Action: 's3:*' }]), 'Statement is missing required element'],
  ['action without vendor', 'identity', doc([{ ...allowAll, Action: 'GetObject' }]), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
  ['action with two colons', 'identity', doc([{ ...allowAll, Action: 's3:a:b' }]), 'Actions/Condition can contain only one colon.'],
  ['wildcard vendor', 'identity', doc([{ ...allowAll, Action: '*:Get*' }]), 'Action vendors (e.g., aws, ec2, etc.) must not contain wildcards'],
  ['wildcard actions are fine', 'identity', doc([{ ...allowAll, Action: ['iam:Get*', 's3:?etObject', '*'] }]), undefined],
  ['resource not an ARN', 'identity', doc([{ ...allowAll, Resource: 'bucket' }]), 'Resource bucket must be in ARN format or "*".'],
  ['resource vendor wildcard', 'identity', doc([{ ...allowAll, Resource: 'arn:aws:*:::x' }]), 'Resource vendor must be fully qualified and cannot contain regexes.'],
  ['resource with variable', 'identity', doc([{ ...allowAll, Resource: 'arn:aws:s3:::b/${aws:username}/*' }]), undefined],
  ['principal with partial wildcard', 'trust', doc([{ ...trust, Principal: { AWS: 'arn:aws:iam::111122223333:user/*' } }]), 'Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:user/*"'],
  ['principal that is not an ARN', 'resource', doc([{ ...allowAll, Principal: { AWS: 'bob' } }]), 'Invalid principal in policy: "AWS":"bob"'],
  ['service principal', 'trust', doc([{ ...trust, Principal: { Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] } }]), undefined],
  ['bad service principal', 'trust', doc([{ ...trust, Principal: { Service: 'ec2' } }]), 'Invalid principal in policy: "SERVICE":"ec2"'],
  ['account id, session and federated principals', 'trust', doc([{ ...trust, Principal: { AWS: ['111122223333', 'arn:aws:sts::111122223333:assumed-role/r/s'], Federated: 'cognito-identity.amazonaws.com' } }]), undefined],
  ['unique-id principal', 'trust', doc([{ ...trust, Principal: { AWS: 'AROAEXAMPLEID123456' } }]), undefined],
  ['unknown principal type', 'trust', doc([{ ...trust, Principal: { Users: 'x' } }]), 'Syntax errors in policy.', 'Unknown principal type Users'],
  ['principal string other than *', 'trust', doc([{ ...trust, Principal: 'arn:aws:iam::111122223333:root' }]), 'Syntax errors in policy.'],
  ['unknown condition operator', 'identity', doc([{ ...allowAll, Condition: { StringEqualz: { 'aws:username': 'bob' } } }]), 'Syntax errors in policy.', 'Unknown condition operator StringEqualz'],
  ['NullIfExists is not an operator', 'identity', doc([{ ...allowAll, Condition: { NullIfExists: { 'aws:TokenIssueTime': 'true' } } }]), 'Syntax errors in policy.'],
  ['qualified operators are fine', 'identity', doc([{ ...allowAll, Condition: { 'ForAllValues:StringLikeIfExists': { 'aws:TagKeys': ['a*'] }, Bool: { 'aws:MultiFactorAuthPresent': true }, NumericLessThan: { 's3:max-keys': 10 } } }]), undefined],
  ['condition key without vendor', 'identity', doc([{ ...allowAll, Condition: { StringEquals: { username: 'bob' } } }]), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
  ['condition value not a number', 'identity', doc([{ ...allowAll, Condition: { NumericLessThan: { 's3:max-keys': 'ten' } } }]), 'Syntax errors in policy.', 'not a number'],
  ['condition value not a CIDR', 'identity', doc([{ ...allowAll, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/40' } } }]), 'Syntax errors in policy.'],
  ['condition value an object', 'identity', doc([{ ...allowAll, Condition: { StringEquals: { 'aws:username': { a: 1 } } } }]), 'Syntax errors in policy.'],
  ['duplicate Sid', 'identity', doc([{ Sid: 'A', ...allowAll }, { Sid: 'A', ...allowAll }]), 'Statement IDs (SID) in a single policy must be unique.'],
];

for (const [name, kind, text, message, detail] of cases) {
  test(`validate (${kind}): ${name}`, () => {
    const d = first(text, kind);
    if (message === undefined) return assert.deepEqual(validatePolicy(text, kind), []);
    assert.ok(d, 'expected a diagnostic');
    assert.equal(d.message, message);
    if (detail) assert.match(d.detail ?? '', new RegExp(detail.replace(/[()]/g, '\\$&')));
  });
}

test('validate: diagnostics carry line, column and path of the offending value', () => {
  const text = '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Action": "GetObject",\n    "Resource": "*"\n  }]\n}';
  assert.deepEqual(validatePolicy(text, 'identity'), [
    { message: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.', line: 5, column: 15, path: 'Statement[0].Action[0]' },
  ]);
});

test('validate: reports all problems, AWS-first ordering (syntax before kind before format)', () => {
  const text = doc([{ ...allowAll, Action: 'GetObject', Principal: '*' }, { ...allowAll, Bogus: 1 }]);
  const messages = validatePolicy(text, 'identity').map((d) => d.message);
  assert.deepEqual(messages, [
    'Syntax errors in policy.',
    'Policy document should not specify a principal.',
    'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  ]);
});

test('validate: bad JSON is reported alone, with a position', () => {
  const d = validatePolicy('{\n  "Statement": nope\n}', 'identity');
  assert.equal(d.length >= 1, true);
  assert.deepEqual([d[0].message, d[0].line], ['Syntax errors in policy.', 2]);
});

test('a document nested deeper than any policy is a syntax error, not a stack overflow', () => {
  for (const doc of ['['.repeat(50_000) + ']'.repeat(50_000), '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000)]) {
    const problems = validatePolicy(doc, 'identity');
    assert.ok(problems.length > 0);
    assert.match(problems[0].message, /Syntax errors in policy/);
  }
  // Brackets inside strings are no nesting: a valid policy with many of them is still valid.
  const ok = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b/${'['.repeat(100)}"\\` }] });
  assert.deepEqual(validatePolicy(ok, 'identity'), []);
});
