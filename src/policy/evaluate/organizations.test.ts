/** SCPs and RCPs in the decision ("SCP evaluation", "RCP evaluation", "How AWS enforcement code logic evaluates requests"). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePolicy } from '../compile/compile.js';
import type { AttachedPolicy, AuthzRequest, Decision, PolicySet, PrincipalInfo } from '../types.js';
import { evaluate } from './evaluate.js';

const A = '111122223333';
const B = '444455556666';
const pol = (id: string, Statement: object[]): AttachedPolicy => ({ id, policy: compilePolicy(JSON.stringify({ Version: '2012-10-17', Statement })) });
const fullAccess = pol('FullAWSAccess', [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
const allowS3 = pol('AllowS3', [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]);
const denyS3Delete = pol('DenyS3Delete', [{ Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }]);
const adminIdentity = [pol('admin', [{ Effect: 'Allow', Action: '*', Resource: '*' }])];
const rcpDenyExternal = pol('EnforceOrgIdentities', [{
  Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*',
  Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
}]);

const bob: PrincipalInfo = { type: 'User', arn: `arn:aws:iam::${A}:user/bob`, account: A, username: 'bob' };
const root: PrincipalInfo = { type: 'Root', arn: `arn:aws:iam::${A}:root`, account: A };
const slr: PrincipalInfo = { type: 'AssumedRole', arn: `arn:aws:sts::${A}:assumed-role/AWSServiceRoleForX/s`, account: A, roleArn: `arn:aws:iam::${A}:role/aws-service-role/x.amazonaws.com/AWSServiceRoleForX` };
const carol: PrincipalInfo = { type: 'User', arn: `arn:aws:iam::${B}:user/carol`, account: B, username: 'carol' };
const req = (principal: PrincipalInfo, action: string, extra: Partial<AuthzRequest> = {}): AuthzRequest =>
  ({ principal, action, resource: 'arn:aws:s3:::bucket/key', context: {}, ...extra });

type Row = [string, AuthzRequest, PolicySet, Decision['decision'], string?];
const rows: Row[] = [
  ['no SCPs in use: identity policy decides', req(bob, 's3:GetObject'), { identity: adminIdentity }, 'Allow'],
  ['FullAWSAccess at every level', req(bob, 's3:GetObject'), { identity: adminIdentity, scps: [[fullAccess], [fullAccess], [fullAccess]] }, 'Allow'],
  ['allow list missing at the OU level', req(bob, 'ec2:RunInstances', { resource: '*' }), { identity: adminIdentity, scps: [[fullAccess], [allowS3], [fullAccess]] }, 'ImplicitDeny', 'scp'],
  ['allow list covers the action at every level', req(bob, 's3:PutObject'), { identity: adminIdentity, scps: [[fullAccess], [allowS3], [fullAccess]] }, 'Allow'],
  ['a level with no SCP allows nothing', req(bob, 's3:GetObject'), { identity: adminIdentity, scps: [[fullAccess], []] }, 'ImplicitDeny', 'scp'],
  ['deny at the OU level', req(bob, 's3:DeleteObject'), { identity: adminIdentity, scps: [[fullAccess], [fullAccess, denyS3Delete], [fullAccess]] }, 'ExplicitDeny', 'scp'],
  ['SCPs grant nothing on their own', req(bob, 's3:GetObject'), { identity: [], scps: [[fullAccess]] }, 'ImplicitDeny', 'identity'],
  ['management account principals are exempt', req(bob, 's3:DeleteObject'), { identity: adminIdentity, scps: [[denyS3Delete]], principalIsManagementAccount: true }, 'Allow'],
  ['root user of a member account is limited', req(root, 's3:DeleteObject'), { identity: [], scps: [[fullAccess, denyS3Delete]] }, 'ExplicitDeny', 'scp'],
  ['root user of a member account needs an SCP allow', req(root, 'ec2:RunInstances', { resource: '*' }), { identity: [], scps: [[allowS3]] }, 'ImplicitDeny', 'scp'],
  ['service-linked roles are exempt', req(slr, 's3:DeleteObject'), { identity: adminIdentity, scps: [[denyS3Delete]] }, 'Allow'],
  ['SCP deny beats an identity allow and a resource allow', req(bob, 's3:DeleteObject'), { identity: adminIdentity, resource: pol('bucket', [{ Effect: 'Allow', Principal: { AWS: bob.arn }, Action: 's3:*', Resource: '*' }]), scps: [[fullAccess, denyS3Delete]] }, 'ExplicitDeny', 'scp'],
  ['anonymous callers have no SCPs', req({ type: 'Anonymous', arn: '', account: '' }, 's3:GetObject', { resourceAccount: A }), { identity: [], resource: pol('bucket', [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }]), scps: [[denyS3Delete], []] }, 'Allow'],
  ['RCP denies a principal outside the organization', req(carol, 's3:GetObject', { resourceAccount: A, context: { 'aws:PrincipalOrgID': 'o-other' } }), { identity: adminIdentity, resource: pol('bucket', [{ Effect: 'Allow', Principal: { AWS: B }, Action: 's3:*', Resource: '*' }]), rcps: [[rcpDenyExternal]] }, 'ExplicitDeny', 'rcp'],
  ['RCP lets a principal of the organization through', req(carol, 's3:GetObject', { resourceAccount: A, context: { 'aws:PrincipalOrgID': 'o-abc' } }), { identity: adminIdentity, resource: pol('bucket', [{ Effect: 'Allow', Principal: { AWS: B }, Action: 's3:*', Resource: '*' }]), rcps: [[], [rcpDenyExternal]] }, 'Allow'],
  ['RCPs grant nothing', req(bob, 's3:GetObject'), { identity: [], rcps: [[]] }, 'ImplicitDeny', 'identity'],
  ['RCPs never apply in the management account', req(carol, 's3:GetObject', { resourceAccount: A }), { identity: adminIdentity, resource: pol('bucket', [{ Effect: 'Allow', Principal: { AWS: B }, Action: 's3:*', Resource: '*' }]), rcps: [[rcpDenyExternal]], resourceIsInManagementAccount: true }, 'Allow'],
  ['RCPs do not apply to IAM actions', req(bob, 'iam:ListUsers', { resource: '*' }), { identity: adminIdentity, rcps: [[pol('DenyAll', [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }])]] }, 'Allow'],
  ['SCP deny named before RCP deny', req(bob, 's3:DeleteObject'), { identity: adminIdentity, scps: [[fullAccess, denyS3Delete]], rcps: [[pol('DenyAll', [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }])]] }, 'ExplicitDeny', 'scp'],
];

for (const [name, r, set, want, by] of rows) {
  test(`organizations: ${name}`, () => {
    const d = evaluate(r, set);
    assert.equal(d.decision, want, JSON.stringify(d.trace, null, 1));
    if (by) assert.equal(d.deniedBy, by);
  });
}

test('organizations: trace entries name the policy type and the level', () => {
  const d = evaluate(req(bob, 's3:DeleteObject'), { identity: adminIdentity, scps: [[fullAccess], [denyS3Delete]] });
  const deny = d.trace.find((t) => t.policyType === 'scp' && t.effect === 'Deny' && t.matched);
  assert.deepEqual([deny?.policyId, deny?.level], ['DenyS3Delete', 1]);
});
