/** "Troubleshoot access denied error messages": the SCP and RCP forms. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { denialMessage } from './denial-message.js';
import type { AuthzRequest, Decision, PolicyType } from '../types.js';

const req: AuthzRequest = { principal: { type: 'User', arn: 'arn:aws:iam::111122223333:user/bob', account: '111122223333' }, action: 's3:DeleteObject', resource: 'arn:aws:s3:::b/k', context: {} };
const d = (decision: Decision['decision'], deniedBy: PolicyType): Decision => ({ decision, allowed: false, deniedBy, trace: [] });
const base = 'User: arn:aws:iam::111122223333:user/bob is not authorized to perform: s3:DeleteObject on resource: arn:aws:s3:::b/k';

const cases: Array<[string, Decision, string]> = [
  ['explicit deny in an SCP', d('ExplicitDeny', 'scp'), `${base} with an explicit deny in a service control policy`],
  ['no SCP allows', d('ImplicitDeny', 'scp'), `${base} because no service control policy allows the s3:DeleteObject action`],
  ['explicit deny in an RCP', d('ExplicitDeny', 'rcp'), `${base} with an explicit deny in a resource control policy`],
];
for (const [name, decision, want] of cases) test(`denialMessage: ${name}`, () => assert.equal(denialMessage(req, decision), want));
