/** Message forms from "Troubleshoot access denied error messages". */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { denialMessage } from './denial-message.js';
import type { AuthzRequest, Decision, PolicyType, PrincipalInfo } from '../types.js';

const bob: PrincipalInfo = { type: 'User', arn: 'arn:aws:iam::111122223333:user/bob', account: '111122223333' };
const req = (action: string, resource: string, principal = bob): AuthzRequest => ({ principal, action, resource, context: {} });
const d = (decision: Decision['decision'], deniedBy?: PolicyType): Decision => ({ decision, allowed: decision === 'Allow', deniedBy, trace: [] });
const base = 'User: arn:aws:iam::111122223333:user/bob is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::111122223333:user/';
const listUsers = req('iam:ListUsers', 'arn:aws:iam::111122223333:user/');

const cases: Array<[string, AuthzRequest, Decision, string]> = [
  ['implicit, identity', listUsers, d('ImplicitDeny', 'identity'), `${base} because no identity-based policy allows the iam:ListUsers action`],
  ['implicit, boundary', listUsers, d('ImplicitDeny', 'boundary'), `${base} because no permissions boundary allows the iam:ListUsers action`],
  ['implicit, session', listUsers, d('ImplicitDeny', 'session'), `${base} because no session policy allows the iam:ListUsers action`],
  ['explicit, identity', listUsers, d('ExplicitDeny', 'identity'), `${base} with an explicit deny in an identity-based policy`],
  ['explicit, resource', listUsers, d('ExplicitDeny', 'resource'), `${base} with an explicit deny in a resource-based policy`],
  ['explicit, boundary', listUsers, d('ExplicitDeny', 'boundary'), `${base} with an explicit deny in a permissions boundary`],
  ['explicit, session', listUsers, d('ExplicitDeny', 'session'), `${base} with an explicit deny in a session policy`],
  [
    'cross-account AssumeRole: no reason clause',
    req('sts:AssumeRole', 'arn:aws:iam::222:role/s3-list-role', { type: 'User', arn: 'arn:aws:iam::111:user/random_user', account: '111' }),
    d('ImplicitDeny', 'resource'),
    'User: arn:aws:iam::111:user/random_user is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222:role/s3-list-role',
  ],
  [
    'same-account AssumeRole not allowed by the trust policy: no reason clause',
    req('sts:AssumeRole', 'arn:aws:iam::111122223333:role/r'),
    d('ImplicitDeny', 'resource'),
    'User: arn:aws:iam::111122223333:user/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/r',
  ],
  [
    'explicit deny in a trust policy',
    req('sts:AssumeRole', 'arn:aws:iam::111122223333:role/r'),
    d('ExplicitDeny', 'resource'),
    'User: arn:aws:iam::111122223333:user/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/r with an explicit deny in the role trust policy',
  ],
  [
    'assumed-role sessions are named by their session ARN',
    req('s3:GetObject', 'arn:aws:s3:::b/k', { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/app/s1', account: '111122223333' }),
    d('ImplicitDeny', 'identity'),
    'User: arn:aws:sts::111122223333:assumed-role/app/s1 is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k because no identity-based policy allows the s3:GetObject action',
  ],
  [
    'cross-account implicit deny elsewhere: no reason clause either',
    { ...req('s3:GetObject', 'arn:aws:s3:::b/k'), resourceAccount: '444455556666' },
    d('ImplicitDeny', 'resource'),
    'User: arn:aws:iam::111122223333:user/bob is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k',
  ],
  ['allowed requests have no message', listUsers, d('Allow'), ''],
];

for (const [name, r, decision, want] of cases) {
  test(`denialMessage: ${name}`, () => assert.equal(denialMessage(r, decision), want));
}
