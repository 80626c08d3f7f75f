/**
 * sts:AssumeRole against a role trust policy. Trust policies are the documented
 * exception: they must allow the caller themselves ("Policy evaluation logic",
 * resource-based policies); naming the account only delegates to the caller's
 * identity policies, naming the user or session grants on its own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePolicy } from '../compile/compile.js';
import { evaluate } from './evaluate.js';
import type { AttachedPolicy, PolicySet, PrincipalInfo } from '../types.js';

const A = '111122223333';
const B = '444455556666';
const role = `arn:aws:iam::${A}:role/target`;
const bob: PrincipalInfo = { type: 'User', arn: `arn:aws:iam::${A}:user/bob`, account: A, username: 'bob' };
const carol: PrincipalInfo = { type: 'User', arn: `arn:aws:iam::${B}:user/carol`, account: B, username: 'carol' };
const root: PrincipalInfo = { type: 'Root', arn: `arn:aws:iam::${A}:root`, account: A };

const pol = (Statement: object[]): AttachedPolicy => ({ id: 'p', policy: compilePolicy(JSON.stringify({ Version: '2012-10-17', Statement })) });
const trust = (AWS: string | string[], Effect = 'Allow') => pol([{ Effect, Principal: { AWS }, Action: 'sts:AssumeRole' }]);
const mayAssume = pol([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role }]);

const verdict = (p: PrincipalInfo, policies: PolicySet) => {
  const d = evaluate({ principal: p, action: 'sts:AssumeRole', resource: role, context: {} }, policies);
  return d.deniedBy ? `${d.decision}:${d.deniedBy}` : d.decision;
};

const cases: Array<[string, PrincipalInfo, PolicySet, string]> = [
  ['trust names the user: no identity policy needed', bob, { identity: [], resource: trust(bob.arn) }, 'Allow'],
  ['trust names the account: identity policy needed', bob, { identity: [], resource: trust(`arn:aws:iam::${A}:root`) }, 'ImplicitDeny:identity'],
  ['trust names the account and identity allows', bob, { identity: [mayAssume], resource: trust(A) }, 'Allow'],
  ['identity allows but trust does not name the caller', bob, { identity: [mayAssume], resource: trust(`arn:aws:iam::${A}:user/alice`) }, 'ImplicitDeny:resource'],
  ['identity allows and there is no trust policy', bob, { identity: [mayAssume] }, 'ImplicitDeny:resource'],
  ['explicit deny in the trust policy', bob, { identity: [mayAssume], resource: trust(bob.arn, 'Deny') }, 'ExplicitDeny:resource'],
  ['root is not exempt from the trust policy', root, { identity: [], resource: trust(`arn:aws:iam::${A}:user/alice`) }, 'ImplicitDeny:resource'],
  ['cross account: trust names the user, identity silent', carol, { identity: [], resource: trust(carol.arn) }, 'ImplicitDeny:identity'],
  ['cross account: both allow', carol, { identity: [mayAssume], resource: trust(B) }, 'Allow'],
  ['cross account: identity allows, trust silent', carol, { identity: [mayAssume], resource: trust(A) }, 'ImplicitDeny:resource'],
];

for (const [name, who, policies, want] of cases) {
  test(`trust: ${name} → ${want}`, () => assert.equal(verdict(who, policies), want));
}

test('trust: conditions such as sts:ExternalId are checked', () => {
  const withExternalId = pol([{ Effect: 'Allow', Principal: { AWS: B }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'secret' } } }]);
  const run = (context: Record<string, string>) =>
    evaluate({ principal: carol, action: 'sts:AssumeRole', resource: role, context }, { identity: [mayAssume], resource: withExternalId }).decision;
  assert.equal(run({ 'sts:ExternalId': 'secret' }), 'Allow');
  assert.equal(run({ 'sts:ExternalId': 'guess' }), 'ImplicitDeny');
  assert.equal(run({}), 'ImplicitDeny');
});
