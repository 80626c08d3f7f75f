/** SCP and RCP grammar ("SCP syntax", "RCP syntax", "Quotas for AWS Organizations"). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validatePolicy } from './validate.js';
import type { PolicyKind } from '../types.js';

const ORG = 'The provided policy document does not meet the requirements of the specified policy type.';
const doc = (statement: unknown, extra: Record<string, unknown> = { Version: '2012-10-17' }) => JSON.stringify({ ...extra, Statement: statement });
const fullAccess = { Effect: 'Allow', Action: '*', Resource: '*' };
const rcpDeny = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } } };

// [name, kind, text, first message (undefined = valid), detail substring?]
const cases: Array<[string, PolicyKind, string, string | undefined, string?]> = [
  ['FullAWSAccess', 'scp', doc(fullAccess), undefined],
  ['deny list with NotAction and a condition', 'scp', doc([{ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }]), undefined],
  ['SCP with Principal', 'scp', doc([{ ...fullAccess, Principal: '*' }]), ORG, 'cannot specify a principal'],
  ['SCP with NotPrincipal', 'scp', doc([{ ...fullAccess, NotPrincipal: { AWS: '111122223333' } }]), ORG, 'cannot specify a principal'],
  ['SCP without Version', 'scp', doc(fullAccess, {}), ORG, '2012-10-17'],
  ['SCP with Version 2008-10-17', 'scp', doc(fullAccess, { Version: '2008-10-17' }), ORG, '2012-10-17'],
  ['SCP over 5,120 characters (white space counts)', 'scp', doc(fullAccess) + ' '.repeat(5120), ORG, '5120 characters'],
  ['SCP still needs an action', 'scp', doc({ Effect: 'Deny', Resource: '*' }), 'Policy statement must contain actions.'],
  ['SCP action formats are checked', 'scp', doc({ Effect: 'Deny', Action: 'DeleteBucket', Resource: '*' }), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
  ['RCP deny with Principal "*"', 'rcp', doc(rcpDeny), undefined],
  ['RCP without Principal', 'rcp', doc({ ...rcpDeny, Principal: undefined }), ORG, 'Principal'],
  ['RCP naming an account', 'rcp', doc({ ...rcpDeny, Principal: { AWS: '111122223333' } }), ORG, 'must be "\\*"'],
  ['RCP with NotPrincipal', 'rcp', doc({ ...rcpDeny, Principal: undefined, NotPrincipal: { AWS: '111122223333' } }), ORG, 'NotPrincipal'],
  ['RCP with NotAction', 'rcp', doc({ ...rcpDeny, Action: undefined, NotAction: 's3:GetObject' }), ORG, 'NotAction'],
  ['RCP allowing', 'rcp', doc({ ...rcpDeny, Effect: 'Allow' }), ORG, 'RCPFullAWSAccess'],
  ['RCP naming a service RCPs do not support', 'rcp', doc({ ...rcpDeny, Action: ['s3:GetObject', 'ec2:RunInstances'] }), ORG, 'not ec2:RunInstances'],
  ['RCP over every supported service and "*"', 'rcp', doc([{ ...rcpDeny, Action: ['sts:AssumeRole', 'kms:*', 'sqs:*', 'secretsmanager:*', 'dynamodb:*', 'logs:*', 'ecr:*', 'aoss:*', 'cognito-identity:*'] }, { ...rcpDeny, Action: '*' }]), undefined],
  ['SCPs may name any service', 'scp', doc({ Effect: 'Deny', Action: 'ec2:RunInstances', Resource: '*' }), undefined],
  ['RCP without Version', 'rcp', doc(rcpDeny, {}), ORG, '2012-10-17'],
  ['RCP without Resource', 'rcp', doc({ ...rcpDeny, Resource: undefined }), 'Policy statement must contain resources.'],
  ['bad JSON is still only a syntax error', 'rcp', '{"Statement": [', 'Syntax errors in policy.'],
];

for (const [name, kind, text, message, detail] of cases) {
  test(`validate (${kind}): ${name}`, () => {
    const all = validatePolicy(text, kind);
    if (message === undefined) return assert.deepEqual(all, []);
    assert.ok(all[0], 'expected a diagnostic');
    assert.equal(all[0].message, message);
    if (detail) assert.match(all[0].detail ?? '', new RegExp(detail));
  });
}
