import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../store/index.js';
import { ensureAccount } from '../accounts.js';
import { createOrganization, deleteOrganization } from './organization.js';
import { createMemberAccount, createOrganizationWithMembers } from './accounts.js';

function storeWith(...names: string[]) {
  const store = Store.open(':memory:');
  return { store, ids: names.map((n) => ensureAccount(store, n).id) };
}

test('createOrganization: the caller becomes the management account; no policy type is enabled, as the API does', () => {
  const { store, ids: [mgmt] } = storeWith('utils');
  const org = createOrganization(store, mgmt, 'ALL', new Date());
  assert.match(org.id, /^o-[a-z0-9]{10,32}$/);
  assert.match(org.root_id, /^r-[0-9a-z]{4,32}$/);
  assert.deepEqual(store.organizations.enabledPolicyTypes(org.root_id), []);
  assert.deepEqual(store.orgPolicies.attachedTo(org.id, org.root_id, 'SERVICE_CONTROL_POLICY'), []);
  const me = store.orgAccounts.get(mgmt)!;
  assert.equal(me.joined_method, 'INVITED');
  assert.equal(me.email, 'utils@gatehouse.local');
  assert.throws(() => createOrganization(store, mgmt, 'ALL', new Date()), { name: 'AlreadyInOrganizationException' });
});

test('createOrganizationWithMembers: members under the root with OrganizationAccountAccessRole trusting the management account', () => {
  const { store, ids: [mgmt, prod, dev] } = storeWith('utils', 'prod', 'dev');
  const org = createOrganizationWithMembers(store, mgmt, [prod, dev]);
  for (const id of [prod, dev]) {
    const a = store.orgAccounts.get(id)!;
    assert.equal(a.org_id, org.id);
    assert.equal(a.parent_id, org.root_id);
    assert.equal(a.joined_method, 'CREATED');
    const role = store.roles.get(id, 'OrganizationAccountAccessRole')!;
    assert.deepEqual(JSON.parse(role.trust_policy).Statement, [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${mgmt}:root` }, Action: 'sts:AssumeRole' }]);
    assert.deepEqual(store.attachments.forEntity(id, 'role', 'OrganizationAccountAccessRole'), ['arn:aws:iam::aws:policy/AdministratorAccess']);
  }
  // all or nothing: a member already in an organization leaves no organization behind
  const { store: s2, ids: [a, b, c] } = storeWith('a', 'b', 'c');
  createOrganizationWithMembers(s2, a, [b]);
  assert.throws(() => createOrganizationWithMembers(s2, c, [b]), { name: 'AlreadyInOrganizationException' });
  assert.equal(s2.organizations.ofAccount(c), undefined);
});

test('createMemberAccount: a new Gatehouse account named after the AccountName, with its e-mail', () => {
  const { store, ids: [mgmt] } = storeWith('utils');
  const org = createOrganization(store, mgmt, 'ALL', new Date());
  const a = createMemberAccount(store, org, { accountName: 'Prod team #1', email: 'prod@example.com' }, new Date());
  assert.equal(a.name, 'Prod-team-1');
  assert.match(a.id, /^\d{12}$/);
  assert.equal(store.orgAccounts.get(a.id)!.name, 'Prod team #1');
  assert.equal(store.orgAccounts.accountOfEmail('PROD@example.com'), a.id);
  const b = createMemberAccount(store, org, { accountName: 'Prod team #1', email: 'prod2@example.com', roleName: 'Admin' }, new Date());
  assert.equal(b.name, 'Prod-team-1-2');
  assert.ok(store.roles.get(b.id, 'Admin'));
  assert.equal(store.roles.get(b.id, 'OrganizationAccountAccessRole'), undefined);
  // nothing usable in the name: 'account'; the longest AccountName (50) makes a valid account name as it is
  assert.equal(createMemberAccount(store, org, { accountName: '!!!', email: 'c@example.com' }, new Date()).name, 'account');
  const long = createMemberAccount(store, org, { accountName: 'x'.repeat(50), email: 'd@example.com' }, new Date()).name;
  assert.equal(long, 'x'.repeat(50));
  assert.match(long, /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/);
});

test('deleteOrganization: refused while active members remain, then everything of it goes, closed members too', () => {
  const { store, ids: [mgmt, prod] } = storeWith('utils', 'prod');
  const org = createOrganizationWithMembers(store, mgmt, [prod]);
  assert.throws(() => deleteOrganization(store, org), { name: 'OrganizationNotEmptyException' });
  store.orgTags.put(prod, [{ Key: 'team', Value: 'a' }]);
  store.orgAccounts.setStatus(prod, 'SUSPENDED'); // closed: it goes with the organization, its tags too
  deleteOrganization(store, org);
  assert.equal(store.orgAccounts.get(prod), undefined);
  assert.deepEqual(store.orgTags.list(prod), []);
  assert.equal(store.organizations.ofAccount(mgmt), undefined);
  assert.equal(store.organizations.byId(org.id), undefined);
  // the management account can found a new one
  createOrganization(store, mgmt, 'ALL', new Date());
});
