import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePrincipal, matchPrincipal } from './principal.js';
import type { PrincipalInfo } from '../types.js';

const bob: PrincipalInfo = { type: 'User', arn: 'arn:aws:iam::111122223333:user/bob', account: '111122223333' };
const session: PrincipalInfo = {
  type: 'AssumedRole',
  arn: 'arn:aws:sts::111122223333:assumed-role/admin/s1',
  account: '111122223333',
  roleArn: 'arn:aws:iam::111122223333:role/admin',
};
const root: PrincipalInfo = { type: 'Root', arn: 'arn:aws:iam::111122223333:root', account: '111122223333' };
const anon: PrincipalInfo = { type: 'Anonymous', arn: 'anonymous', account: '' };

const cases: Array<[string, unknown, PrincipalInfo, string]> = [
  ['"*" matches everyone', '*', anon, 'direct'],
  ['AWS "*" matches everyone', { AWS: '*' }, bob, 'direct'],
  ['account id covers its users', { AWS: '111122223333' }, bob, 'account'],
  ['root ARN covers the account', { AWS: 'arn:aws:iam::111122223333:root' }, session, 'account'],
  ['root ARN covers root', { AWS: 'arn:aws:iam::111122223333:root' }, root, 'account'],
  ['other account does not match', { AWS: '444455556666' }, bob, 'none'],
  ['account never matches anonymous', { AWS: '111122223333' }, anon, 'none'],
  ['user ARN names the user', { AWS: ['x', 'arn:aws:iam::111122223333:user/bob'] }, bob, 'direct'],
  ['role ARN covers its sessions', { AWS: 'arn:aws:iam::111122223333:role/admin' }, session, 'role'],
  ['session ARN names the session', { AWS: 'arn:aws:sts::111122223333:assumed-role/admin/s1' }, session, 'direct'],
  ['other session of the role', { AWS: 'arn:aws:sts::111122223333:assumed-role/admin/s2' }, session, 'none'],
  ['service principal is not a user', { Service: 'ec2.amazonaws.com' }, bob, 'none'],
  ['role unique id covers its sessions', { AWS: 'AROAAPPEXAMPLE12345' }, { ...session, userId: 'AROAAPPEXAMPLE12345:s1' }, 'role'],
  ['user unique id names the user', { AWS: 'AIDABOBEXAMPLE12345' }, { ...bob, userId: 'AIDABOBEXAMPLE12345' }, 'direct'],
  ['strongest entry wins', { AWS: ['111122223333', 'arn:aws:iam::111122223333:role/admin'] }, session, 'role'],
];
for (const [name, value, who, want] of cases) {
  test(`principal: ${name}`, () => assert.equal(matchPrincipal(compilePrincipal(value), who), want));
}

test('NotPrincipal with Deny: only a caller listed at every level (account, role, session) is exempt ("NotPrincipal", key points)', async () => {
  const { compilePrincipal: c, notPrincipalExempts } = await import('./principal.js');
  const A = '444455556666';
  const bob = { type: 'User' as const, arn: `arn:aws:iam::${A}:user/Bob`, account: A };
  const s = { type: 'AssumedRole' as const, arn: `arn:aws:sts::${A}:assumed-role/ro/app`, roleArn: `arn:aws:iam::${A}:role/ro`, account: A };
  assert.equal(notPrincipalExempts(c({ AWS: bob.arn }), bob), false);
  assert.equal(notPrincipalExempts(c({ AWS: [bob.arn, `arn:aws:iam::${A}:root`] }), bob), true);
  assert.equal(notPrincipalExempts(c({ AWS: [s.roleArn, `arn:aws:iam::${A}:root`] }), s), false);
  assert.equal(notPrincipalExempts(c({ AWS: [s.arn, s.roleArn, `arn:aws:iam::${A}:root`] }), s), true);
  assert.equal(notPrincipalExempts(c({ AWS: A }), { type: 'Root', arn: `arn:aws:iam::${A}:root`, account: A }), true);
});
