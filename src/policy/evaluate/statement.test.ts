/** Statement matching through evaluate(): conditions, missing keys, policy variables, the trace. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePolicy } from '../compile/compile.js';
import { evaluate } from './evaluate.js';
import type { AuthzRequest, PrincipalInfo, RequestContext } from '../types.js';

const A = '111122223333';
const bob: PrincipalInfo = { type: 'User', arn: `arn:aws:iam::${A}:user/bob`, account: A, username: 'bob', userId: 'AIDABOB' };
const policy = (Statement: object[], Version?: string) => ({ id: 'p', policy: compilePolicy(JSON.stringify({ Version, Statement })) });
const run = (statements: object[], action: string, resource: string, context: RequestContext = {}, version = '2012-10-17') => {
  const r: AuthzRequest = { principal: bob, action, resource, context };
  return evaluate(r, { identity: [policy(statements, version)] });
};
const decide = (...a: Parameters<typeof run>) => run(...a).decision;

const mfaAllow = { Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
const mfaDeny = { Effect: 'Deny', Action: 'ec2:*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } };
const ec2 = { Effect: 'Allow', Action: 'ec2:*', Resource: '*' };

test('conditions: a missing key makes a positive operator false (Allow does not apply)', () => {
  assert.equal(decide([mfaAllow], 'ec2:RunInstances', '*'), 'ImplicitDeny');
  assert.equal(decide([mfaAllow], 'ec2:RunInstances', '*', { 'aws:MultiFactorAuthPresent': 'true' }), 'Allow');
});

test('conditions: ...IfExists makes a Deny apply when the key is missing', () => {
  assert.equal(decide([ec2, mfaDeny], 'ec2:RunInstances', '*'), 'ExplicitDeny');
  assert.equal(decide([ec2, mfaDeny], 'ec2:RunInstances', '*', { 'aws:MultiFactorAuthPresent': 'true' }), 'Allow');
});

test('conditions: a negated operator holds when the key is missing', () => {
  const s = { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } };
  assert.equal(decide([ec2, { ...ec2, Action: 's3:*' }, s], 's3:ListBucket', 'arn:aws:s3:::b'), 'ExplicitDeny');
  assert.equal(decide([{ ...ec2, Action: 's3:*' }, s], 's3:ListBucket', 'arn:aws:s3:::b', { 'aws:RequestedRegion': 'eu-west-1' }), 'Allow');
});

test('conditions: keys and operators are AND, values within a key are OR', () => {
  const s = {
    ...ec2,
    Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'], 'ec2:InstanceType': 't3.micro' }, Bool: { 'aws:SecureTransport': 'true' } },
  };
  const ctx = { 'aws:RequestedRegion': 'us-east-1', 'ec2:InstanceType': 't3.micro', 'aws:SecureTransport': 'true' };
  assert.equal(decide([s], 'ec2:RunInstances', '*', ctx), 'Allow');
  assert.equal(decide([s], 'ec2:RunInstances', '*', { ...ctx, 'ec2:InstanceType': 'm5.large' }), 'ImplicitDeny');
  assert.equal(decide([s], 'ec2:RunInstances', '*', { ...ctx, 'aws:SecureTransport': 'false' }), 'ImplicitDeny');
});

test('conditions: the engine supplies aws:username, aws:userid and aws:PrincipalArn', () => {
  const s = { ...ec2, Condition: { StringEquals: { 'aws:username': 'bob', 'aws:userid': 'AIDABOB' }, ArnEquals: { 'aws:PrincipalArn': bob.arn } } };
  assert.equal(decide([s], 'ec2:RunInstances', '*'), 'Allow');
});

const home = { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::home/${aws:username}/*' };

test('variables: ${aws:username} in Resource ("Variables and tags" home-folder example)', () => {
  assert.equal(decide([home], 's3:GetObject', 'arn:aws:s3:::home/bob/notes.txt'), 'Allow');
  assert.equal(decide([home], 's3:GetObject', 'arn:aws:s3:::home/alice/notes.txt'), 'ImplicitDeny');
});

test('variables: in a 2008-10-17 policy ${...} is literal text', () => {
  assert.equal(decide([home], 's3:GetObject', 'arn:aws:s3:::home/bob/x', {}, '2008-10-17'), 'ImplicitDeny');
  assert.equal(decide([home], 's3:GetObject', 'arn:aws:s3:::home/${aws:username}/x', {}, '2008-10-17'), 'Allow');
});

test('variables: in condition values, with the s3:prefix example', () => {
  const list = { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::home', Condition: { StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/*'] } } };
  assert.equal(decide([list], 's3:ListBucket', 'arn:aws:s3:::home', { 's3:prefix': 'home/bob/docs' }), 'Allow');
  assert.equal(decide([list], 's3:ListBucket', 'arn:aws:s3:::home', { 's3:prefix': 'home/alice/docs' }), 'ImplicitDeny');
});

test('variables: an unresolved variable makes the statement not apply', () => {
  const tagged = { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::${aws:PrincipalTag/team}/*' };
  assert.equal(decide([tagged], 's3:GetObject', 'arn:aws:s3:::blue/x'), 'ImplicitDeny');
  assert.equal(decide([tagged], 's3:GetObject', 'arn:aws:s3:::blue/x', { 'aws:PrincipalTag/team': 'blue' }), 'Allow');
});

test('trace: every statement evaluated, with whether it matched and why not', () => {
  const d = run(
    [{ Sid: 'Reads', Effect: 'Allow', Action: 's3:Get*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::secret/*' }, mfaAllow],
    's3:GetObject',
    'arn:aws:s3:::public/x',
  );
  assert.equal(d.decision, 'Allow');
  assert.deepEqual(
    d.trace.map((t) => [t.policyType, t.policyId, t.statement, t.effect, t.matched, t.note]),
    [
      ['identity', 'p', 'Reads', 'Allow', true, undefined],
      ['identity', 'p', 'Statement[1]', 'Deny', false, 'Resource does not match'],
      ['identity', 'p', 'Statement[2]', 'Allow', false, 'Action does not match'],
    ],
  );
});

test('trace: the root user shortcut is recorded', () => {
  const root: PrincipalInfo = { type: 'Root', arn: `arn:aws:iam::${A}:root`, account: A };
  const d = evaluate({ principal: root, action: 'iam:ListUsers', resource: '*', context: {} }, { identity: [] });
  assert.deepEqual(d.trace.map((t) => [t.policyType, t.matched]), [['root', true]]);
});
