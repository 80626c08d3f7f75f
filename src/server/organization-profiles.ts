/**
 * The profiles an organization adds beside its accounts' own, as AWS's guide "Accessing a member
 * account that has a management account access role" sets up the CLI: `MANAGEMENT-admin` with the
 * key of the management account's administrator user (a root user may not assume roles), and
 * `MEMBER-admin` for each member account that has OrganizationAccountAccessRole, assuming it from
 * `MANAGEMENT-admin`. Only organizations whose management account has that user (`serve
 * --organization` makes it) get them; an account's own profile is never shadowed by one.
 */
import type { Store } from '../store/index.js';
import type { MoreProfiles } from './aws-profiles.js';
import { DEFAULT_ACCESS_ROLE } from '../services/organizations/accounts.js';

export const ORGANIZATION_ADMIN_USER = 'organization-admin';
export const adminProfileName = (accountName: string) => `${accountName}-admin`;

export function organizationProfiles(store: Store): MoreProfiles {
  const accountNames = new Set(store.accounts.list().map((a) => a.name));
  const more: MoreProfiles = { keys: [], roles: [] };
  for (const org of store.organizations.list()) {
    const management = store.accounts.byId(org.management_account_id);
    const key = management && store.accessKeys.forUser(management.id, ORGANIZATION_ADMIN_USER).find((k) => k.status === 'Active');
    if (!management || !key || accountNames.has(adminProfileName(management.name))) continue;
    const source = adminProfileName(management.name);
    more.keys.push({ name: source, accountId: management.id, userName: ORGANIZATION_ADMIN_USER, accessKeyId: key.access_key_id, secretAccessKey: key.secret });
    for (const member of store.orgAccounts.inOrganization(org.id)) {
      const account = store.accounts.byId(member.account_id);
      if (!account || account.id === management.id || member.status !== 'ACTIVE') continue;
      if (!store.roles.get(account.id, DEFAULT_ACCESS_ROLE) || accountNames.has(adminProfileName(account.name))) continue;
      more.roles.push({ name: adminProfileName(account.name), accountId: account.id, roleName: DEFAULT_ACCESS_ROLE, sourceProfile: source });
    }
  }
  return more;
}
