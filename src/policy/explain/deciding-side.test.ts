/** The sentence that names the side that decided ("Cross-account policy evaluation logic": both sides must allow). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePolicy } from '../compile/compile.js';
import { evaluate } from '../evaluate/evaluate.js';
import { decidingSide, principalLabel } from './deciding-side.js';
import type { AttachedPolicy, AuthzRequest, PolicySet, PrincipalInfo } from '../types.js';

const UTILS = '111122223333';
const PROD = '444455556666';
const role = `arn:aws:iam::${PROD}:role/s3-list-role`;
const user: PrincipalInfo = { type: 'User', arn: `arn:aws:iam::${UTILS}:user/random_user`, account: UTILS, username: 'random_user' };
const pol = (id: string, Statement: object[]): AttachedPolicy => ({ id, policy: compilePolicy(JSON.stringify({ Version: '2012-10-17', Statement })) });
const mayAssume = pol('prod_s3', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role }]);
const trusts = (account: string) => pol(`${role} (trust policy)`, [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }]);

const side = (req: Partial<AuthzRequest>, policies: PolicySet) => {
  const r: AuthzRequest = { principal: user, action: 'sts:AssumeRole', resource: role, context: {}, ...req };
  return decidingSide(r, evaluate(r, policies));
};

test('cross-account AssumeRole: which side is missing', () => {
  assert.equal(side({}, { identity: [mayAssume], resource: trusts(UTILS) }), 'both sides allow: user random_user\'s own policies and the role\'s trust policy');
  assert.equal(side({}, { identity: [], resource: trusts(UTILS) }),
    `no identity-based policy of user random_user allows sts:AssumeRole on ${role}; for a role in another account both the role's trust policy and the caller's own policy must allow it`);
  assert.equal(side({}, { identity: [mayAssume], resource: trusts(PROD) }),
    `user random_user's own policy allows it, but the trust policy of ${role} does not allow user random_user; for a role in another account both the role's trust policy and the caller's own policy must allow it`);
});

test('an explicit deny names its statement; a boundary says it caps', () => {
  const deny = pol('no-prod', [{ Sid: 'NoProd', Effect: 'Deny', Action: 'sts:*', Resource: '*' }]);
  assert.equal(side({}, { identity: [mayAssume, deny], resource: trusts(UTILS) }), 'statement NoProd of no-prod denies sts:AssumeRole explicitly, whatever else allows it');
  const boundary = pol('boundary', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]);
  assert.equal(side({}, { identity: [mayAssume], boundary, resource: trusts(UTILS) }),
    'the permissions boundary does not allow sts:AssumeRole: it caps what user random_user\'s identity-based policies grant');
});

test('same account: the root user, an identity policy, a bucket with no policy across accounts', () => {
  const root: PrincipalInfo = { type: 'Root', arn: `arn:aws:iam::${UTILS}:root`, account: UTILS };
  assert.equal(side({ principal: root, action: 'iam:ListUsers', resource: '*' }, { identity: [] }), 'the root user may do anything in its own account');
  const reads = pol('reads', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
  assert.equal(side({ action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, { identity: [reads] }), 'an identity-based policy of user random_user allows it');
  assert.equal(side({ action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: PROD }, { identity: [reads] }),
    'user random_user\'s own policy allows it, but arn:aws:s3:::b/k has no resource-based policy; across accounts both the resource\'s own policy and the caller\'s own policy must allow it');
});

test('principals by kind and name', () => {
  assert.equal(principalLabel(user), 'user random_user');
  assert.equal(principalLabel({ type: 'AssumedRole', arn: `arn:aws:sts::${PROD}:assumed-role/s3-list-role/me`, account: PROD }), 'role s3-list-role (session me)');
  assert.equal(principalLabel({ type: 'AssumedRole', arn: `arn:aws:iam::${PROD}:role/path/s3-list-role`, account: PROD }), 'role s3-list-role');
});

test('an implicit SCP denial names the first level that allows nothing, and what is attached there', () => {
  const full = pol('FullAWSAccess (p-FullAWSAccess) attached to root r-ab12', [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  const s3Only = pol('S3Only (p-12345678) attached to OU ou-ab12-11111111', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]);
  const admin = pol('admin', [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  const req = { action: 'iam:ListUsers', resource: '*' };
  assert.equal(side(req, { identity: [admin], scps: [[full], [s3Only], [full]] }),
    'no service control policy at level 1 of the organization (0 is its root, the account last) allows iam:ListUsers: S3Only (p-12345678) attached to OU ou-ab12-11111111 does not; every level from the root to the account must allow it');
  assert.equal(side(req, { identity: [admin], scps: [[full], [full], []] }),
    'no service control policy at level 2 of the organization (0 is its root, the account last) allows iam:ListUsers: no SCP is attached there; every level from the root to the account must allow it');
});
