import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../store/index.js';
import { ensureAccount } from '../services/accounts.js';
import { ensureOrganization } from './serve-organization.js';
import { organizationProfiles } from './organization-profiles.js';

const accounts = (store: Store, ...names: string[]) => names.map((n) => ensureAccount(store, n).id);

test('serve --organization\'s profiles: MANAGEMENT-admin with the administrator user\'s key, MEMBER-admin through it', () => {
  const store = Store.open(':memory:');
  const [management, prod] = accounts(store, 'management', 'prod');
  ensureOrganization(store, [management, prod]);
  const { keys, roles } = organizationProfiles(store);
  assert.deepEqual(keys.map((k) => [k.name, k.accountId, k.userName]), [['management-admin', management, 'organization-admin']]);
  assert.equal(store.accessKeys.forUser(management, 'organization-admin')[0].access_key_id, keys[0].accessKeyId);
  assert.deepEqual(roles, [{ name: 'prod-admin', accountId: prod, roleName: 'OrganizationAccountAccessRole', sourceProfile: 'management-admin' }]);
  // Again: the same user and key, nothing new.
  ensureOrganization(store, [management, prod]);
  assert.deepEqual(organizationProfiles(store).keys, keys);
  assert.equal(store.accessKeys.forUser(management, 'organization-admin').length, 1);
});

test('a role profile never shadows an account\'s own profile of the same name', () => {
  const store = Store.open(':memory:');
  const [management, prod, , staging] = accounts(store, 'management', 'prod', 'prod-admin', 'staging');
  ensureOrganization(store, [management, prod, staging]);
  assert.deepEqual(organizationProfiles(store).roles.map((r) => r.name), ['staging-admin']);
});

test('an organization made through the API (no administrator user) adds no profiles: a root may not assume roles', () => {
  const store = Store.open(':memory:');
  const [management, prod] = accounts(store, 'management', 'prod');
  ensureOrganization(store, [management, prod]);
  store.accessKeys.delete(store.accessKeys.forUser(management, 'organization-admin')[0].access_key_id);
  assert.deepEqual(organizationProfiles(store), { keys: [], roles: [] });
});

test('an account of another organization, or a member named first, is refused and nothing changes', () => {
  const store = Store.open(':memory:');
  const [a, b, c, d] = accounts(store, 'a', 'b', 'c', 'd');
  const org = ensureOrganization(store, [a, b]);
  assert.throws(() => ensureOrganization(store, [c, b]), /account b is already in organization o-\w+, managed by a/);
  assert.throws(() => ensureOrganization(store, [b, d]), /account b is a member of organization o-\w+, managed by a: it cannot manage another/);
  assert.equal(store.organizations.ofAccount(c), undefined);
  assert.equal(store.organizations.ofAccount(d), undefined);
  // A named account in no organization yet joins the existing one, with the role.
  assert.equal(ensureOrganization(store, [a, b, d]).id, org.id);
  assert.equal(store.organizations.ofAccount(d)?.id, org.id);
  assert.ok(store.roles.get(d, 'OrganizationAccountAccessRole'));
});
