/**
 * `serve --organization`: the first of the accounts manages an organization and the others are its
 * members, each with OrganizationAccountAccessRole (as if the management account had created them).
 * Starting again with the same accounts changes nothing; an account named that is in no organization
 * yet joins it the same way. An account already in another organization, or a member named first,
 * is refused: Gatehouse never moves an account between organizations behind the user's back.
 */
import type { Store } from '../store/index.js';
import type { OrganizationRow } from '../store/organizations.js';
import { DEFAULT_ACCESS_ROLE, createOrganizationWithMembers, joinOrganization } from '../services/organizations/accounts.js';
import { createOrganizationAccessRole, ensureAdministratorUser } from '../services/iam/public.js';
import { ORGANIZATION_ADMIN_USER } from './organization-profiles.js';

const nameOf = (store: Store, id: string) => store.accounts.byId(id)?.name ?? id;

export function ensureOrganization(store: Store, accountIds: string[], now = new Date()): OrganizationRow {
  const [management, ...members] = accountIds;
  if (!management) throw new Error('--organization needs at least one account (its management account)');
  return store.transaction(() => {
    const existing = store.organizations.ofAccount(management);
    if (existing && existing.management_account_id !== management) {
      throw new Error(`--organization: account ${nameOf(store, management)} is a member of organization ${existing.id}, managed by ${nameOf(store, existing.management_account_id)}: it cannot manage another`);
    }
    const joining = members.filter((id) => {
      const org = store.organizations.ofAccount(id);
      if (org && org.id !== existing?.id) {
        throw new Error(`--organization: account ${nameOf(store, id)} is already in organization ${org.id}, managed by ${nameOf(store, org.management_account_id)}`);
      }
      return !org;
    });
    // The management account's administrator: the members' role profiles assume their roles as it.
    ensureAdministratorUser(store, management, ORGANIZATION_ADMIN_USER, now);
    if (!existing) return createOrganizationWithMembers(store, management, joining, now);
    for (const id of joining) {
      joinOrganization(store, existing, id, 'CREATED', now);
      createOrganizationAccessRole(store, id, DEFAULT_ACCESS_ROLE, management, now);
    }
    return existing;
  });
}
