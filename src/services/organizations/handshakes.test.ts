import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../store/index.js';
import { Clock } from '../../core/clock.js';
import { ensureAccount } from '../accounts.js';
import type { RequestContext } from '../operation.js';
import { createOrganization } from './organization.js';
import { handshakeOperations as ops } from './handshakes.js';

// The handlers on a store, as the accounts named call them (authorization is the server's, tested end to end).
function world() {
  const store = Store.open(':memory:');
  const clock = new Clock();
  const [mgmt, guest, other] = ['utils', 'guest', 'other'].map((n) => ensureAccount(store, n).id);
  const org = createOrganization(store, mgmt, 'ALL', clock.now());
  store.organizations.enablePolicyType(org.root_id, 'SERVICE_CONTROL_POLICY');
  const as = (account: string) => ({ store, clock, account, authorize() {} }) as unknown as RequestContext;
  const call = (op: string, account: string, input: Record<string, unknown>) => store.transaction(() => ops[op].handle(input, as(account)) as any);
  return { store, clock, org, mgmt, guest, other, call };
}

test('an invitation by e-mail (the <name>@gatehouse.local of an account without one), accepted: the account joins under the root with the tags', () => {
  const w = world();
  const { Handshake: h } = w.call('InviteAccountToOrganization', w.mgmt, { Target: { Type: 'EMAIL', Id: 'guest@gatehouse.local' }, Notes: 'welcome', Tags: [{ Key: 'team', Value: 'a' }] });
  assert.equal(h.State, 'OPEN');
  assert.deepEqual(h.Parties, [{ Id: w.org.id, Type: 'ORGANIZATION' }, { Id: 'guest@gatehouse.local', Type: 'EMAIL' }]);
  assert.equal(h.ExpirationTimestamp.getTime() - h.RequestedTimestamp.getTime(), 15 * 86400_000);
  assert.deepEqual(h.Resources.at(-1), { Type: 'NOTES', Value: 'welcome' });
  assert.throws(() => w.call('InviteAccountToOrganization', w.mgmt, { Target: { Type: 'ACCOUNT', Id: w.guest } }), { name: 'DuplicateHandshakeException' });
  assert.throws(() => w.call('AcceptHandshake', w.other, { HandshakeId: h.Id }), { name: 'HandshakeNotFoundException' });
  const accepted = w.call('AcceptHandshake', w.guest, { HandshakeId: h.Id }).Handshake;
  assert.equal(accepted.State, 'ACCEPTED');
  const member = w.store.orgAccounts.get(w.guest)!;
  assert.equal(member.joined_method, 'INVITED');
  assert.equal(member.parent_id, w.org.root_id);
  assert.deepEqual(w.store.orgTags.list(w.guest), [{ Key: 'team', Value: 'a' }]);
  assert.deepEqual(w.store.orgPolicies.attachedTo(w.org.id, w.guest, 'SERVICE_CONTROL_POLICY').map((a) => a.policy_id), ['p-FullAWSAccess']);
  // AWS does not create OrganizationAccountAccessRole in an invited account
  assert.equal(w.store.roles.get(w.guest, 'OrganizationAccountAccessRole'), undefined);
  assert.throws(() => w.call('AcceptHandshake', w.guest, { HandshakeId: h.Id }), { name: 'HandshakeAlreadyInStateException' });
  assert.throws(() => w.call('DeclineHandshake', w.guest, { HandshakeId: h.Id }), { name: 'InvalidHandshakeTransitionException' });
  assert.throws(() => w.call('InviteAccountToOrganization', w.mgmt, { Target: { Type: 'ACCOUNT', Id: w.guest } }), (e: any) => e.name === 'HandshakeConstraintViolationException' && e.extra.Reason === 'ALREADY_IN_AN_ORGANIZATION');
});

test('declined, cancelled and expired invitations cannot be accepted', () => {
  const w = world();
  const invite = () => w.call('InviteAccountToOrganization', w.mgmt, { Target: { Type: 'ACCOUNT', Id: w.guest } }).Handshake;
  const a = invite();
  assert.equal(w.call('DeclineHandshake', w.guest, { HandshakeId: a.Id }).Handshake.State, 'DECLINED');
  assert.throws(() => w.call('AcceptHandshake', w.guest, { HandshakeId: a.Id }), { name: 'InvalidHandshakeTransitionException' });
  const b = invite();
  assert.throws(() => w.call('CancelHandshake', w.guest, { HandshakeId: b.Id }), { name: 'AWSOrganizationsNotInUseException' });
  assert.equal(w.call('CancelHandshake', w.mgmt, { HandshakeId: b.Id }).Handshake.State, 'CANCELED');
  const c = invite();
  w.clock.advance(15 * 86400 + 1);
  assert.equal(w.call('DescribeHandshake', w.guest, { HandshakeId: c.Id }).Handshake.State, 'EXPIRED');
  assert.throws(() => w.call('AcceptHandshake', w.guest, { HandshakeId: c.Id }), { name: 'InvalidHandshakeTransitionException' });
  assert.equal(w.store.orgAccounts.get(w.guest), undefined);
  assert.deepEqual(w.call('ListHandshakesForAccount', w.guest, {}).Handshakes.map((h: any) => h.State).sort(), ['CANCELED', 'DECLINED', 'EXPIRED']);
  assert.equal(w.call('ListHandshakesForOrganization', w.mgmt, { Filter: { ActionType: 'INVITE' } }).Handshakes.length, 3);
  assert.equal(w.call('ListHandshakesForOrganization', w.mgmt, { Filter: { ParentHandshakeId: a.Id } }).Handshakes.length, 0);
  assert.throws(() => w.call('DescribeHandshake', w.other, { HandshakeId: c.Id }), { name: 'HandshakeNotFoundException' });
});

test('invitation targets: unknown accounts and e-mails, organizations, malformed ids', () => {
  const w = world();
  const invite = (Target: unknown) => () => w.call('InviteAccountToOrganization', w.mgmt, { Target });
  assert.throws(invite({ Type: 'ACCOUNT', Id: '999999999999' }), { name: 'AccountNotFoundException' });
  assert.throws(invite({ Type: 'EMAIL', Id: 'nobody@example.com' }), { name: 'AccountNotFoundException' });
  assert.throws(invite({ Type: 'EMAIL', Id: 'not-an-address' }), (e: any) => e.extra.Reason === 'INVALID_EMAIL_ADDRESS_TARGET');
  assert.throws(invite({ Type: 'ORGANIZATION', Id: 'o-aaaaaaaaaa' }), (e: any) => e.extra.Reason === 'INVALID_PARTY_TYPE_TARGET');
  assert.throws(invite({ Type: 'PERSON', Id: w.guest }), (e: any) => e.extra.Reason === 'INVALID_ENUM');
  assert.throws(invite({ Type: 'ACCOUNT', Id: w.mgmt }), (e: any) => e.extra.Reason === 'ALREADY_IN_AN_ORGANIZATION');
  assert.throws(() => w.call('InviteAccountToOrganization', w.guest, { Target: { Type: 'ACCOUNT', Id: w.other } }), { name: 'AWSOrganizationsNotInUseException' });
  assert.deepEqual(w.store.orgHandshakes.forOrganization(w.org.id), []);
});
