/**
 * The console's trust-graph layout (console/src/graphLayout.ts) on a
 * 10-principal, 5-role estate across three accounts: principals left of
 * roles, each account's boxes together in their group, and every arrow
 * leaving its principal's right side and ending on its role's left side at a
 * port of its own, away from the corners.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countCrossings, layoutTrustGraph, type LayoutEdge, type LayoutNode } from '../console/src/graphLayout.ts';

const UTILS = '111111111111';
const DEV = '222222222222';
const PROD = '333333333333';
const names: Record<string, string> = { [UTILS]: 'utils', [DEV]: 'dev', [PROD]: 'prod' };
const user = (account: string, name: string): LayoutNode => ({ id: `arn:aws:iam::${account}:user/${name}`, kind: 'user', account });
const role = (account: string, name: string): LayoutNode => ({ id: `arn:aws:iam::${account}:role/${name}`, kind: 'role', account });

const principals = [
  ...['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace'].map((n) => user(UTILS, n)),
  ...['heidi', 'ivan'].map((n) => user(DEV, n)),
  { id: 'Service:ec2.amazonaws.com', kind: 'service' },
];
const roles = [role(PROD, 'deploy'), role(PROD, 'reader'), role(PROD, 'admin'), role(DEV, 'ci'), role(DEV, 'debug')];
// Everyone may read prod; a few may deploy or administer; dev's roles for dev's users and the CI service.
const edges: LayoutEdge[] = [
  ...principals.slice(0, 9).map((p) => ({ from: p.id, to: roles[1].id })),
  ...[0, 3, 5].map((i) => ({ from: principals[i].id, to: roles[0].id })),
  { from: principals[2].id, to: roles[2].id }, { from: principals[6].id, to: roles[2].id },
  { from: principals[7].id, to: roles[4].id }, { from: principals[8].id, to: roles[4].id }, { from: principals[9].id, to: roles[3].id },
  { from: principals[0].id, to: roles[3].id },
];

test('a 10-principal, 5-role estate: principals on the left, roles on the right, grouped by account, arrows on box sides', () => {
  const laid = layoutTrustGraph([...principals, ...roles], edges, (id) => names[id] ?? id);
  const box = (id: string) => laid.nodes.get(id)!;
  const rightmostPrincipal = Math.max(...principals.map((p) => box(p.id).x + box(p.id).width));
  for (const r of roles) assert.ok(box(r.id).x > rightmostPrincipal, `${r.id} is right of every principal`);

  // Each account's principals (and roles) sit inside their own labelled group, and groups do not overlap.
  const groupOf = (id: string) => laid.groups.find((g) => { const b = box(id); return b.x >= g.x && b.y >= g.y && b.x + b.width <= g.x + g.width && b.y + b.height <= g.y + g.height; });
  assert.equal(groupOf(principals[0].id)?.label, 'utils · principals');
  assert.equal(groupOf(principals[8].id)?.label, 'dev · principals');
  assert.equal(groupOf(roles[0].id)?.label, 'prod · roles');
  assert.equal(groupOf(roles[4].id)?.label, 'dev · roles');
  for (const a of laid.groups) for (const b of laid.groups) {
    if (a === b) continue;
    const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
    assert.ok(apart, `groups ${a.label} and ${b.label} overlap`);
  }

  assert.equal(laid.edges.length, edges.length);
  const ends = new Set<string>();
  for (const e of laid.edges) {
    const s = box(e.from);
    const t = box(e.to);
    assert.equal(e.start.x, s.x + s.width, 'leaves the right side');
    assert.equal(e.end.x, t.x, 'ends on the left side');
    // Away from the corners: at least a few pixels inside the side.
    assert.ok(e.start.y >= s.y + 6 && e.start.y <= s.y + s.height - 6, `start ${e.start.y} inside ${s.y}..${s.y + s.height}`);
    assert.ok(e.end.y >= t.y + 6 && e.end.y <= t.y + t.height - 6, `end ${e.end.y} inside ${t.y}..${t.y + t.height}`);
    const key = `${e.end.x},${e.end.y}`;
    assert.ok(!ends.has(key), `two arrowheads at ${key}`);
    ends.add(key);
  }
  // A role that many may assume is tall enough for its arrows to arrive apart.
  const intoReader = laid.edges.filter((e) => e.to === roles[1].id).map((e) => e.end.y).sort((a, b) => a - b);
  for (let i = 1; i < intoReader.length; i++) assert.ok(intoReader[i] - intoReader[i - 1] >= 10, 'arrowheads at least 10px apart');
});

test('a role chain (a role trusted by another role of its account) still starts and ends on box sides', () => {
  const a = role(PROD, 'a');
  const b = role(PROD, 'b');
  const u = user(UTILS, 'u');
  const laid = layoutTrustGraph([u, a, b], [{ from: u.id, to: a.id }, { from: a.id, to: b.id }], (id) => names[id] ?? id);
  const chain = laid.edges.find((e) => e.from === a.id)!;
  const t = laid.nodes.get(b.id)!;
  const s = laid.nodes.get(a.id)!;
  assert.equal(chain.start.x, s.x + s.width);
  assert.ok(chain.end.x === t.x || chain.end.x === t.x + t.width, `ends on a side of ${b.id}`);
  assert.ok(chain.end.y > t.y && chain.end.y < t.y + t.height);
  assert.ok(laid.width >= Math.max(...[...laid.nodes.values()].map((n) => n.x + n.width)));
});

test('the browser test\'s estate (ten utils users, five prod roles) is ordered so that few arrows cross, far fewer than in name order', () => {
  // What the picture draws for test/support/console.ts's estate: utils' account for the two roles that trust it
  // whole (s3-list-role, prod-admin), and each user's own edges where its side decides.
  const users = ['admin', 'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'random_user'].map((n) => user(UTILS, n));
  const account: LayoutNode = { id: `arn:aws:iam::${UTILS}:root`, kind: 'account', account: UTILS };
  const prodRoles = ['auditor', 'deploy', 'oncall', 'prod-admin', 's3-list-role'].map((n) => role(PROD, n));
  const e = (from: string, to: string): LayoutEdge => ({ from: from === 'utils' ? account.id : `arn:aws:iam::${UTILS}:user/${from}`, to: `arn:aws:iam::${PROD}:role/${to}` });
  const estate = [
    e('utils', 's3-list-role'), e('utils', 'prod-admin'),
    e('random_user', 's3-list-role'), e('admin', 's3-list-role'), e('admin', 'prod-admin'),
    e('frank', 's3-list-role'), e('frank', 'prod-admin'), e('frank', 'oncall'),
    e('grace', 's3-list-role'), e('grace', 'prod-admin'), e('grace', 'oncall'),
    e('alice', 'deploy'), e('bob', 'deploy'), e('carol', 'deploy'),
    e('dave', 'auditor'), e('erin', 'auditor'), e('heidi', 'auditor'),
  ];
  const left = [...users, account];
  // In name order (users, then the account; roles by name), as the boxes would stand unordered.
  const rank = new Map([...left, ...prodRoles].map((n, i) => [n.id, i < left.length ? i : i - left.length]));
  let naive = 0;
  for (const a of estate) for (const b of estate) if ((rank.get(a.from)! - rank.get(b.from)!) * (rank.get(a.to)! - rank.get(b.to)!) < 0) naive++;
  naive /= 2;

  const laid = layoutTrustGraph([...left, ...prodRoles], estate, (id) => names[id] ?? id);
  const crossings = countCrossings(laid.edges);
  // s3-list-role and prod-admin are each trusted by the same four (admin, frank, grace, utils): those four
  // pairs of arrows cross at least C(4,2) = 6 times whichever way the boxes stand; a little more is fine.
  assert.ok(crossings <= 10, `${crossings} crossings`);
  assert.ok(crossings * 3 <= naive, `${crossings} crossings against ${naive} in name order`);

  // Those who may assume deploy sit together, across from it.
  const y = (id: string) => laid.nodes.get(id)!.y;
  const deployers = ['alice', 'bob', 'carol'].map((n) => y(`arn:aws:iam::${UTILS}:user/${n}`)).sort((a, b) => a - b);
  const between = left.filter((n) => !/user\/(alice|bob|carol)$/.test(n.id) && y(n.id) > deployers[0] && y(n.id) < deployers[2]);
  assert.deepEqual(between.map((n) => n.id), []);
});
