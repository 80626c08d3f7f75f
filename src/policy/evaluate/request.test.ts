import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRoleTrustRequest, prepareRequest, principalKeys, resourceAccountOf } from './request.js';
import type { AuthzRequest, PrincipalInfo } from '../types.js';

const session: PrincipalInfo = {
  type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/app/s1', account: '111122223333',
  roleArn: 'arn:aws:iam::111122223333:role/app', userId: 'AROAX:s1',
};

const r = (resource: string, extra: Partial<AuthzRequest> = {}): AuthzRequest =>
  ({ principal: session, action: 'sts:AssumeRole', resource, context: {}, ...extra });

test('request: principal keys are added, aws:PrincipalArn of a session is the role ARN', () => {
  assert.deepEqual(Object.fromEntries(principalKeys(session)), {
    'aws:PrincipalType': 'AssumedRole',
    'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/app',
    'aws:PrincipalAccount': '111122223333',
    'aws:userid': 'AROAX:s1',
  });
});

test('request: keys the caller set win, whatever their case', () => {
  assert.deepEqual(prepareRequest(r('*', { context: { 'AWS:PRINCIPALTYPE': 'X' } })).ctx.values('aws:PrincipalType'), ['X']);
});

test('request: the resource account comes from the caller, else the ARN, else the principal', () => {
  assert.equal(resourceAccountOf(r('arn:aws:iam::444455556666:role/x')), '444455556666');
  assert.equal(resourceAccountOf(r('arn:aws:s3:::bucket', { resourceAccount: '444455556666' })), '444455556666');
  assert.equal(resourceAccountOf(r('arn:aws:s3:::bucket')), '111122223333');
  assert.equal(resourceAccountOf(r('*')), '111122223333');
  // AWS's own resources are judged in the caller's account, as its own would be.
  assert.equal(resourceAccountOf(r('arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess')), '111122223333');
  assert.equal(resourceAccountOf(r('arn:aws:iam::aws:policy/AdministratorAccess')), '111122223333');
  // Organizations has no resource-based policies: an invited account's principal accepts the management account's handshake on its own policies.
  const handshake = 'arn:aws:organizations::444455556666:handshake/o-abcdefghij/invite/h-abcdefghij';
  assert.equal(resourceAccountOf({ ...r(handshake), action: 'organizations:AcceptHandshake' }), '111122223333');
});

test('request: sts:AssumeRole* on a role is a trust-policy request', () => {
  assert.equal(isRoleTrustRequest(r('arn:aws:iam::1:role/x')), true);
  assert.equal(isRoleTrustRequest({ action: 'STS:AssumeRoleWithWebIdentity', resource: 'arn:aws:iam::1:role/a/b' }), true);
  assert.equal(isRoleTrustRequest({ action: 'sts:GetCallerIdentity', resource: 'arn:aws:iam::1:role/x' }), false);
  assert.equal(isRoleTrustRequest({ action: 'sts:AssumeRole', resource: 'arn:aws:s3:::role/x' }), false);
});

test('request: principal tags become aws:PrincipalTag/* ("AWS global condition context keys")', () => {
  const { ctx } = prepareRequest(r('*', { principal: { ...session, tags: { team: 'blue', cost: 'x' } }, context: { 'aws:PrincipalTag/team': 'given' } }));
  assert.equal(ctx.lookup('aws:PrincipalTag/team'), 'given');
  assert.equal(ctx.lookup('aws:PrincipalTag/cost'), 'x');
});
