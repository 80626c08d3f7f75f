/**
 * Decisions for the scenarios of the IAM User Guide's "Policy evaluation
 * logic", "Cross-account policy evaluation logic", "Permissions boundaries"
 * and "Session policies" pages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePolicy, denialMessage, evaluate, type AttachedPolicy, type AuthzRequest, type PolicySet, type PrincipalInfo } from './index.js';

const A = '111122223333';
const B = '444455556666';
const bob: PrincipalInfo = { type: 'User', arn: `arn:aws:iam::${A}:user/bob`, account: A, username: 'bob', userId: 'AIDABOB' };
const session: PrincipalInfo = {
  type: 'AssumedRole', arn: `arn:aws:sts::${A}:assumed-role/app/s1`, account: A, roleArn: `arn:aws:iam::${A}:role/app`, userId: 'AROAAPP:s1',
};
const root: PrincipalInfo = { type: 'Root', arn: `arn:aws:iam::${A}:root`, account: A };
const anonymous: PrincipalInfo = { type: 'Anonymous', arn: 'anonymous', account: '' };

let n = 0;
const pol = (statements: object[], version: string | undefined = '2012-10-17'): AttachedPolicy => ({
  id: `policy-${++n}`,
  policy: compilePolicy(JSON.stringify({ ...(version ? { Version: version } : {}), Statement: statements })),
});
const allow = (Action: unknown, Resource: unknown = '*', extra = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const deny = (Action: unknown, Resource: unknown = '*', extra = {}) => ({ Effect: 'Deny', Action, Resource, ...extra });
const req = (principal: PrincipalInfo, action: string, resource: string, extra: Partial<AuthzRequest> = {}): AuthzRequest =>
  ({ principal, action, resource, context: {}, ...extra });
const verdict = (r: AuthzRequest, p: PolicySet) => {
  const d = evaluate(r, p);
  return d.deniedBy ? `${d.decision}:${d.deniedBy}` : d.decision;
};

const object = (bucket: string, key = 'file') => `arn:aws:s3:::${bucket}/${key}`;
const bucketPolicy = (Principal: unknown, Effect = 'Allow', Action: unknown = 's3:*') =>
  pol([{ Effect, Principal, Action, Resource: ['arn:aws:s3:::shared', 'arn:aws:s3:::shared/*'] }]);

test('Carlos example: explicit deny in his own identity policy beats the bucket policy allow', () => {
  const carlos: PrincipalInfo = { type: 'User', arn: `arn:aws:iam::${A}:user/carlossalazar`, account: A, username: 'carlossalazar' };
  const identity = pol([
    { Sid: 'AllowS3ListRead', ...allow(['s3:GetBucketLocation', 's3:ListAllMyBuckets'], 'arn:aws:s3:::*') },
    { Sid: 'AllowS3Self', ...allow('s3:*', ['arn:aws:s3:::carlossalazar/*', 'arn:aws:s3:::carlossalazar']) },
    { Sid: 'DenyS3Logs', ...deny('s3:*', 'arn:aws:s3:::*log*') },
  ]);
  const bp = pol([{ Effect: 'Allow', Principal: { AWS: carlos.arn }, Action: 's3:*', Resource: ['arn:aws:s3:::carlossalazar/*', 'arn:aws:s3:::carlossalazar'] }]);
  assert.equal(verdict(req(carlos, 's3:PutObject', object('carlossalazar-logs')), { identity: [identity] }), 'ExplicitDeny:identity');
  assert.equal(verdict(req(carlos, 's3:PutObject', object('carlossalazar')), { identity: [identity], resource: bp }), 'Allow');
});

const cases: Array<[string, AuthzRequest, PolicySet, string]> = [
  // Same account: identity OR resource policy.
  ['same account, identity policy allows', req(bob, 's3:GetObject', object('shared')), { identity: [pol([allow('s3:GetObject')])] }, 'Allow'],
  ['same account, nothing allows', req(bob, 'iam:ListUsers', `arn:aws:iam::${A}:user/`), { identity: [] }, 'ImplicitDeny:identity'],
  ['same account, bucket policy naming the user grants alone', req(bob, 's3:GetObject', object('shared')), { identity: [], resource: bucketPolicy({ AWS: bob.arn }) }, 'Allow'],
  ['same account, bucket policy naming the account defers to identity policies', req(bob, 's3:GetObject', object('shared')), { identity: [], resource: bucketPolicy({ AWS: A }) }, 'ImplicitDeny:identity'],
  ['same account, account-named bucket policy plus identity allow', req(bob, 's3:GetObject', object('shared')), { identity: [pol([allow('s3:GetObject')])], resource: bucketPolicy({ AWS: `arn:aws:iam::${A}:root` }) }, 'Allow'],
  ['same account, bucket policy for someone else', req(bob, 's3:GetObject', object('shared')), { identity: [], resource: bucketPolicy({ AWS: `arn:aws:iam::${A}:user/alice` }) }, 'ImplicitDeny:identity'],
  // Cross account: identity side AND resource policy.
  ['cross account, identity only', req(bob, 's3:GetObject', object('shared'), { resourceAccount: B }), { identity: [pol([allow('s3:*')])] }, 'ImplicitDeny:resource'],
  ['cross account, resource policy only', req(bob, 's3:GetObject', object('shared'), { resourceAccount: B }), { identity: [], resource: bucketPolicy({ AWS: bob.arn }) }, 'ImplicitDeny:identity'],
  ['cross account, both allow', req(bob, 's3:GetObject', object('shared'), { resourceAccount: B }), { identity: [pol([allow('s3:*')])], resource: bucketPolicy({ AWS: bob.arn }) }, 'Allow'],
  ['cross account, resource policy trusts the whole account', req(bob, 's3:GetObject', object('shared'), { resourceAccount: B }), { identity: [pol([allow('s3:*')])], resource: bucketPolicy({ AWS: A }) }, 'Allow'],
  ['cross account, boundary caps the identity side', req(bob, 's3:GetObject', object('shared'), { resourceAccount: B }), { identity: [pol([allow('s3:*')])], resource: bucketPolicy({ AWS: bob.arn }), boundary: pol([allow('iam:*')]) }, 'ImplicitDeny:boundary'],
  // Explicit deny wins in every policy type.
  ['explicit deny in a resource policy', req(bob, 's3:GetObject', object('shared')), { identity: [pol([allow('s3:*')])], resource: bucketPolicy({ AWS: bob.arn }, 'Deny') }, 'ExplicitDeny:resource'],
  ['explicit deny in a boundary', req(bob, 's3:GetObject', object('shared')), { identity: [pol([allow('s3:*')])], boundary: pol([allow('*'), deny('s3:GetObject')]) }, 'ExplicitDeny:boundary'],
  ['explicit deny in a session policy', req(session, 's3:GetObject', object('shared')), { identity: [pol([allow('s3:*')])], session: [pol([allow('*'), deny('s3:Get*')])] }, 'ExplicitDeny:session'],
  ['explicit deny in one of several identity policies', req(bob, 's3:GetObject', object('shared')), { identity: [pol([allow('*')]), pol([deny('s3:*')])] }, 'ExplicitDeny:identity'],
  // Permissions boundaries.
  ['boundary limits identity policies', req(bob, 'iam:ListUsers', '*'), { identity: [pol([allow('iam:*')])], boundary: pol([allow(['s3:*', 'cloudwatch:*', 'ec2:*'])]) }, 'ImplicitDeny:boundary'],
  ['boundary alone grants nothing', req(bob, 's3:ListBucket', 'arn:aws:s3:::b'), { identity: [], boundary: pol([allow('s3:*')]) }, 'ImplicitDeny:identity'],
  ['both identity and boundary allow', req(bob, 's3:ListBucket', 'arn:aws:s3:::b'), { identity: [pol([allow('s3:*')])], boundary: pol([allow('s3:*')]) }, 'Allow'],
  ['boundary does not limit a resource policy naming the user', req(bob, 's3:GetObject', object('shared')), { identity: [], resource: bucketPolicy({ AWS: bob.arn }), boundary: pol([allow('sts:GetCallerIdentity')]) }, 'Allow'],
  ['boundary does limit a resource policy naming the role ARN', req(session, 's3:GetObject', object('shared')), { identity: [], resource: bucketPolicy({ AWS: session.roleArn }), boundary: pol([allow('sts:GetCallerIdentity')]) }, 'ImplicitDeny:boundary'],
  ['a role-ARN grant needs no identity policy', req(session, 's3:GetObject', object('shared')), { identity: [], resource: bucketPolicy({ AWS: session.roleArn }) }, 'Allow'],
  // Session policies.
  ['session policy limits the role policies', req(session, 's3:PutObject', object('shared')), { identity: [pol([allow('s3:*')])], session: [pol([allow('s3:GetObject')])] }, 'ImplicitDeny:session'],
  ['session policy and role policy both allow', req(session, 's3:GetObject', object('shared')), { identity: [pol([allow('s3:*')])], session: [pol([allow('s3:GetObject')])] }, 'Allow'],
  ['session policy alone grants nothing', req(session, 's3:GetObject', object('shared')), { identity: [], session: [pol([allow('s3:*')])] }, 'ImplicitDeny:identity'],
  ['session policy does not limit a grant to the session ARN', req(session, 's3:PutObject', object('shared')), { identity: [], resource: bucketPolicy({ AWS: session.arn }), session: [pol([allow('s3:GetObject')])] }, 'Allow'],
  ['session policy limits a grant to the role ARN', req(session, 's3:PutObject', object('shared')), { identity: [], resource: bucketPolicy({ AWS: session.roleArn }), session: [pol([allow('s3:GetObject')])] }, 'ImplicitDeny:session'],
  // The root user.
  ['root in its own account needs no policy', req(root, 'iam:CreateUser', `arn:aws:iam::${A}:user/x`), { identity: [] }, 'Allow'],
  ['root is still bound by a resource policy deny', req(root, 's3:DeleteBucket', 'arn:aws:s3:::shared'), { identity: [], resource: bucketPolicy('*', 'Deny') }, 'ExplicitDeny:resource'],
  ['root in another account needs the resource policy', req(root, 's3:GetObject', object('shared'), { resourceAccount: B }), { identity: [] }, 'ImplicitDeny:resource'],
  ['root of another account trusted by account id', req(root, 's3:GetObject', object('shared'), { resourceAccount: B }), { identity: [], resource: bucketPolicy({ AWS: A }) }, 'Allow'],
  // NotAction / NotResource.
  ['NotAction allows everything else', req(bob, 's3:GetObject', object('x')), { identity: [pol([{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }])] }, 'Allow'],
  ['NotAction excludes the listed actions', req(bob, 'iam:ListUsers', '*'), { identity: [pol([{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }])] }, 'ImplicitDeny:identity'],
  ['Deny with NotResource denies every other resource', req(bob, 's3:GetObject', object('other')), { identity: [pol([allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::mine', 'arn:aws:s3:::mine/*'] }])] }, 'ExplicitDeny:identity'],
  ['Deny with NotResource spares the listed resource', req(bob, 's3:GetObject', object('mine')), { identity: [pol([allow('s3:*'), { Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::mine', 'arn:aws:s3:::mine/*'] }])] }, 'Allow'],
  // Matching rules.
  ['actions match case-insensitively', req(bob, 'S3:getobject', object('x')), { identity: [pol([allow('s3:GetObject')])] }, 'Allow'],
  ['resources match case-sensitively', req(bob, 's3:GetObject', object('Shared')), { identity: [pol([allow('s3:GetObject', 'arn:aws:s3:::shared/*')])] }, 'ImplicitDeny:identity'],
  ['resource wildcard spans / and :', req(bob, 's3:GetObject', object('b', 'a/b:c')), { identity: [pol([allow('s3:*', 'arn:aws:s3:::b*c')])] }, 'Allow'],
  // Anonymous callers (S3 public access).
  ['anonymous allowed by a public bucket policy', req(anonymous, 's3:GetObject', object('shared'), { resourceAccount: A }), { identity: [], resource: bucketPolicy('*') }, 'Allow'],
  ['anonymous without a bucket policy', req(anonymous, 's3:GetObject', object('shared'), { resourceAccount: A }), { identity: [] }, 'ImplicitDeny:resource'],
  ['anonymous not covered by an account principal', req(anonymous, 's3:GetObject', object('shared'), { resourceAccount: A }), { identity: [], resource: bucketPolicy({ AWS: A }) }, 'ImplicitDeny:resource'],
  // NotPrincipal.
  ['Deny with NotPrincipal spares the named user listed with its account', req(bob, 's3:GetObject', object('shared')), { identity: [pol([allow('s3:*')])], resource: pol([{ Effect: 'Deny', NotPrincipal: { AWS: [bob.arn, A] }, Action: 's3:*', Resource: '*' }]) }, 'Allow'],
  ['Deny with NotPrincipal naming the user without its account denies it ("NotPrincipal" page)', req(bob, 's3:GetObject', object('shared')), { identity: [pol([allow('s3:*')])], resource: pol([{ Effect: 'Deny', NotPrincipal: { AWS: bob.arn }, Action: 's3:*', Resource: '*' }]) }, 'ExplicitDeny:resource'],
  ['Deny with NotPrincipal denies everyone else', req(session, 's3:GetObject', object('shared')), { identity: [pol([allow('s3:*')])], resource: pol([{ Effect: 'Deny', NotPrincipal: { AWS: bob.arn }, Action: 's3:*', Resource: '*' }]) }, 'ExplicitDeny:resource'],
  ['Deny with NotPrincipal always denies a principal with a boundary (boundaries page)', req(bob, 's3:GetObject', object('shared')), { identity: [pol([allow('s3:*')])], boundary: pol([allow('*')]), resource: pol([{ Effect: 'Deny', NotPrincipal: { AWS: bob.arn }, Action: 's3:*', Resource: '*' }]) }, 'ExplicitDeny:resource'],
];

for (const [name, r, p, want] of cases) {
  test(`evaluate: ${name} → ${want}`, () => assert.equal(verdict(r, p), want));
}

test('end to end: AWS message for a same-account implicit deny', () => {
  const r = req(bob, 'iam:ListUsers', `arn:aws:iam::${A}:user/`);
  assert.equal(
    denialMessage(r, evaluate(r, { identity: [pol([allow('s3:*')])] })),
    'User: arn:aws:iam::111122223333:user/bob is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::111122223333:user/ because no identity-based policy allows the iam:ListUsers action',
  );
});

test('end to end: AWS message for a cross-account sts:AssumeRole the trust policy does not allow', () => {
  const randomUser: PrincipalInfo = { type: 'User', arn: `arn:aws:iam::${A}:user/random_user`, account: A };
  const r = req(randomUser, 'sts:AssumeRole', `arn:aws:iam::${B}:role/s3-list-role`);
  const trustPolicy = pol([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/someone_else` }, Action: 'sts:AssumeRole' }]);
  const d = evaluate(r, { identity: [pol([allow('sts:AssumeRole')])], resource: trustPolicy });
  assert.equal(
    denialMessage(r, d),
    'User: arn:aws:iam::111122223333:user/random_user is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/s3-list-role',
  );
});

test('end to end: AWS message for an explicit deny in a bucket policy', () => {
  const r = req(bob, 's3:GetObject', object('shared'));
  const d = evaluate(r, { identity: [pol([allow('s3:*')])], resource: bucketPolicy('*', 'Deny') });
  assert.equal(
    denialMessage(r, d),
    'User: arn:aws:iam::111122223333:user/bob is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::shared/file with an explicit deny in a resource-based policy',
  );
});

test('a decision says whether it read the context: only then can another context change it', () => {
  const ctx = { 'aws:SourceIp': '10.0.0.1' };
  const read = (statement: object, principal = bob) => evaluate(req(principal, 's3:ListBucket', 'arn:aws:s3:::b', { context: ctx }), { identity: [pol([statement])] }).contextRead;
  assert.equal(read(allow('s3:ListBucket')), false, 'no condition, no variable');
  assert.equal(read(allow('s3:ListBucket', '*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })), true, 'a condition key');
  assert.equal(read(allow('s3:ListBucket', 'arn:aws:s3:::${aws:username}')), true, 'a policy variable');
  assert.equal(read(allow('s3:ListBucket', '*', { Condition: { StringEquals: { 'aws:PrincipalType': 'User' } } })), true, 'a principal key');
  assert.equal(read(allow('s3:GetObject', '*', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } })), false, 'a statement of another action reads nothing');
  const trust = pol([{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: `arn:aws:iam::${A}:root` }, Condition: { StringEquals: { 'sts:ExternalId': 'x' } } }]);
  assert.equal(evaluate(req(bob, 'sts:AssumeRole', `arn:aws:iam::${B}:role/r`), { identity: [pol([allow('sts:AssumeRole')])], resource: trust }).contextRead, true, 'a trust policy condition');
});
