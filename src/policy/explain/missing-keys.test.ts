import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePolicy } from '../compile/compile.js';
import { missingContextKeys } from './missing-keys.js';
import type { PrincipalInfo } from '../types.js';

const bob: PrincipalInfo = { type: 'User', arn: 'arn:aws:iam::111122223333:user/bob', account: '111122223333', username: 'bob' };
const policy = compilePolicy(JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' }, StringEquals: { 'aws:username': 'bob' } } },
    { Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
  ],
}));

test('missing keys: only keys of statements for this action, not keys the engine supplies', () => {
  const req = { principal: bob, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: {} };
  assert.deepEqual(missingContextKeys(req, { identity: [{ id: 'p', policy }] }), ['aws:SecureTransport']);
  assert.deepEqual(missingContextKeys({ ...req, context: { 'AWS:SECURETRANSPORT': 'true' } }, { identity: [{ id: 'p', policy }] }), []);
});
