import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTrustGraph, type AuthDetails } from './trust-graph.js';

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const doc = (statements: unknown[]) => encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
const roleArn = (name: string) => `arn:aws:iam::${B}:role/${name}`;

const utils: AuthDetails = {
  UserDetailList: [
    { UserName: 'alice', Arn: `arn:aws:iam::${A}:user/alice`, UserPolicyList: [{ PolicyName: 'assume', PolicyDocument: doc([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${B}:role/*` }]) }] },
    { UserName: 'bob', Arn: `arn:aws:iam::${A}:user/bob`, GroupList: ['ops'] },
    { UserName: 'carol', Arn: `arn:aws:iam::${A}:user/carol`, AttachedManagedPolicies: [{ PolicyArn: `arn:aws:iam::${A}:policy/no-prod` }] },
  ],
  GroupDetailList: [{ GroupName: 'ops', GroupPolicyList: [{ PolicyName: 'g', PolicyDocument: doc([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn('deploy') }]) }] }],
  Policies: [{ Arn: `arn:aws:iam::${A}:policy/no-prod`, PolicyVersionList: [{ IsDefaultVersion: true, Document: doc([{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }, { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: roleArn('reader') }]) }] }],
};
const prod: AuthDetails = {
  RoleDetailList: [
    { RoleName: 'reader', Arn: roleArn('reader'), AssumeRolePolicyDocument: doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }]) },
    { RoleName: 'deploy', Arn: roleArn('deploy'), AssumeRolePolicyDocument: doc([{ Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${A}:user/bob`, C] }, Action: 'sts:AssumeRole' }]) },
    { RoleName: 'ec2', Arn: roleArn('ec2'), AssumeRolePolicyDocument: doc([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]) },
  ],
};

test('each edge is decided on both sides: trust policy and the principal\'s identity policies (groups, managed, explicit deny)', () => {
  const g = buildTrustGraph([{ account: A, label: 'utils', details: utils }, { account: B, label: 'prod', details: prod }]);
  const status = (from: string, role: string) => g.edges.find((e) => e.from === from && e.to === roleArn(role));
  assert.equal(status(`arn:aws:iam::${A}:user/alice`, 'reader')?.status, 'allowed');
  assert.equal(status(`arn:aws:iam::${A}:user/bob`, 'reader')?.status, 'trust-only');
  assert.deepEqual(status(`arn:aws:iam::${A}:user/carol`, 'reader'), { from: `arn:aws:iam::${A}:user/carol`, to: roleArn('reader'), status: 'denied', explicitDeny: true });
  assert.equal(status(`arn:aws:iam::${A}:user/bob`, 'deploy')?.status, 'allowed', 'through the group');
  assert.equal(status(`arn:aws:iam::${A}:user/alice`, 'deploy'), undefined, 'the trust policy does not name alice');
  assert.equal(status(`arn:aws:iam::${C}:root`, 'deploy')?.status, 'account-trust', 'an account that cannot be read stays one node');
  assert.equal(g.nodes.find((n) => n.id === `arn:aws:iam::${C}:root`)?.kind, 'account');
  assert.equal(status('Service:ec2.amazonaws.com', 'ec2')?.status, 'trust-allows');
});

test('an account the identity may not read is listed with its error, and its principals are not guessed', () => {
  const denied = { code: 'AccessDenied', message: 'no' };
  const g = buildTrustGraph([{ account: A, label: 'utils', error: denied }, { account: B, label: 'prod', details: prod }]);
  assert.deepEqual(g.accounts, [{ account: A, label: 'utils', as: undefined, error: denied }, { account: B, label: 'prod', as: undefined, error: undefined }]);
  assert.deepEqual(g.edges.filter((e) => e.to === roleArn('reader')), [{ from: `arn:aws:iam::${A}:root`, to: roleArn('reader'), status: 'account-trust' }]);
  assert.equal(g.nodes.find((n) => n.id === `arn:aws:iam::${A}:root`)?.label, 'utils (account)');
  assert.equal(g.edges.find((e) => e.to === roleArn('deploy') && e.from.endsWith('user/bob'))?.status, 'trust-allows');
  assert.equal(g.nodes.find((n) => n.id.endsWith('user/bob'))?.label, 'bob (user)', 'a principal named by ARN in an unread account is named as the console names users');
});

test('trust in a whole readable account is drawn as written: one edge from the account, per-principal edges only where a principal\'s own side decides', () => {
  const g = buildTrustGraph([{ account: A, label: 'utils', details: utils }, { account: B, label: 'prod', details: prod }], { nameOf: (id) => ({ [A]: 'utils', [B]: 'prod' })[id] ?? id });
  const utilsRoot = `arn:aws:iam::${A}:root`;
  const into = (role: string) => g.edges.filter((e) => e.to === roleArn(role)).map((e) => [e.from.replace(/^arn:aws:iam::\d+:/, ''), e.status, e.viaAccount !== undefined]);
  // reader trusts utils:root: alice's policy lets her through (drawn), bob's does not (a table row,
  // drawn as the account's edge), carol's denies it explicitly (drawn).
  assert.deepEqual(into('reader'), [['root', 'account-trust', false], ['user/alice', 'allowed', false], ['user/bob', 'trust-only', true], ['user/carol', 'denied', false]]);
  assert.equal(g.edges.find((e) => e.viaAccount)?.viaAccount, utilsRoot);
  assert.deepEqual(g.nodes.find((n) => n.id === utilsRoot), { id: utilsRoot, label: 'utils (account)', kind: 'account', account: A });
  const drawn = g.edges.filter((e) => !e.viaAccount);
  for (const e of drawn) assert.ok(g.nodes.some((n) => n.id === e.from) && g.nodes.some((n) => n.id === e.to), `${e.from} → ${e.to} has both ends drawn`);
});

test('a principal the trust policy names by ARN as well as through its account keeps its own edge', () => {
  const both = { RoleDetailList: [{ RoleName: 'ops', Arn: roleArn('ops'), AssumeRolePolicyDocument: doc([{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }, { Effect: 'Allow', Principal: { AWS: [A, `arn:aws:iam::${A}:user/carol`] }, Action: 'sts:AssumeRole' }]) }] };
  const g = buildTrustGraph([{ account: A, label: 'utils', details: { ...utils, Policies: [] } }, { account: B, label: 'prod', details: both }]);
  const edge = (from: string) => g.edges.find((e) => e.from === from && e.to === roleArn('ops'));
  assert.deepEqual(edge(`arn:aws:iam::${A}:user/carol`), { from: `arn:aws:iam::${A}:user/carol`, to: roleArn('ops'), status: 'trust-only', explicitDeny: false }, 'named by ARN: drawn, though her own side (no policy here) does not allow');
  assert.ok(g.nodes.some((n) => n.id === `arn:aws:iam::${A}:user/carol`));
  assert.equal(edge(`arn:aws:iam::${A}:user/bob`)?.viaAccount, `arn:aws:iam::${A}:root`, 'its account, not "*", stands for bob');
  assert.equal(edge('*')?.status, 'account-trust');
  assert.equal(edge(`arn:aws:iam::${A}:root`)?.status, 'account-trust');
});

test('with no account readable, the graph still has the signed-in identity and each role it switched to, the switch proving the edge', () => {
  const denied = { code: 'AccessDenied', message: 'no' };
  const me = `arn:aws:iam::${A}:user/team/random_user`;
  const names: Record<string, string> = { [A]: 'utils', [B]: 'prod' };
  const g = buildTrustGraph(
    [{ account: B, label: 'prod', as: `arn:aws:sts::${B}:assumed-role/reader/random_user`, error: denied }, { account: A, label: 'utils', as: me, error: denied }],
    { nameOf: (id) => names[id] ?? id, seen: { arn: me, account: A, switchedTo: [roleArn('reader'), roleArn('deploy')] } },
  );
  assert.deepEqual(g.nodes, [
    { id: me, label: 'random_user (user)', kind: 'user', account: A, self: true },
    { id: roleArn('reader'), label: 'reader (role)', kind: 'role', account: B },
    { id: roleArn('deploy'), label: 'deploy (role)', kind: 'role', account: B },
  ]);
  assert.deepEqual(g.edges, [{ from: me, to: roleArn('reader'), status: 'switched' }, { from: me, to: roleArn('deploy'), status: 'switched' }]);
  assert.deepEqual(g.accountNames, { [A]: 'utils', [B]: 'prod' });
});

test('a switch does not overrule what the policy engine decided from readable accounts; unread accounts are named, not numbered', () => {
  const alice = `arn:aws:iam::${A}:user/alice`;
  const g = buildTrustGraph(
    [{ account: A, label: 'utils', details: utils }, { account: B, label: 'prod', details: prod }],
    { nameOf: (id) => ({ [A]: 'utils', [B]: 'prod', [C]: 'staging' })[id] ?? id, seen: { arn: alice, account: A, switchedTo: [roleArn('reader'), roleArn('deleted-since'), roleArn('deploy')] } },
  );
  assert.equal(g.nodes.find((n) => n.id === roleArn('deleted-since')), undefined, 'prod was read and has no such role any more');
  assert.equal(g.edges.find((e) => e.from === alice && e.to === roleArn('deploy')), undefined, 'deploy\'s trust policy, read today, does not name alice');
  assert.equal(g.edges.find((e) => e.from === alice && e.to === roleArn('reader'))?.status, 'allowed');
  assert.equal(g.nodes.find((n) => n.id === alice)?.self, true);
  assert.equal(g.nodes.find((n) => n.id === `arn:aws:iam::${C}:root`)?.label, 'staging (account)');
  assert.equal(g.accountNames[C], 'staging');
});

test('signed in as an account root: the root is the graph\'s own node', () => {
  const rootArn = `arn:aws:iam::${A}:root`;
  const g = buildTrustGraph([{ account: A, label: 'utils', details: {} }], { nameOf: () => 'utils', seen: { arn: rootArn, account: A, switchedTo: [] } });
  assert.deepEqual(g.nodes, [{ id: rootArn, label: 'utils (account)', kind: 'account', account: A, self: true }]);
  assert.deepEqual(g.edges, []);
});

test('a switch into a readable role that trusts the signed-in identity\'s unreadable account is drawn as the switch', () => {
  const me = `arn:aws:iam::${A}:user/random_user`;
  const g = buildTrustGraph(
    [{ account: A, label: 'utils', error: { code: 'AccessDenied', message: 'no' } }, { account: B, label: 'prod', details: prod }],
    { seen: { arn: me, account: A, switchedTo: [roleArn('reader')] } },
  );
  assert.deepEqual(g.edges.filter((e) => e.to === roleArn('reader')), [
    { from: `arn:aws:iam::${A}:root`, to: roleArn('reader'), status: 'account-trust' },
    { from: me, to: roleArn('reader'), status: 'switched' },
  ]);
});

test('a switch tells the principal\'s side the graph could not read: trust-allows becomes switched', () => {
  const me = `arn:aws:iam::${A}:user/bob`;
  const g = buildTrustGraph(
    [{ account: A, label: 'utils', error: { code: 'AccessDenied', message: 'no' } }, { account: B, label: 'prod', details: prod }],
    { seen: { arn: me, account: A, switchedTo: [roleArn('deploy')] } },
  );
  assert.equal(g.edges.find((e) => e.from === me && e.to === roleArn('deploy'))?.status, 'switched');
});
