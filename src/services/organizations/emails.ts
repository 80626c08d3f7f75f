/**
 * Accounts' e-mail addresses. AWS gives every account one, unique across AWS; Gatehouse accounts made by
 * `--accounts` have none, so an account entering an organization without one gets `<name>@gatehouse.local`
 * (or `<name>+<id>@gatehouse.local` when that one is taken), kept for as long as the account lives.
 */
import type { Store } from '../../store/index.js';

export function emailForAccount(store: Store, account: string): string {
  const known = store.orgAccounts.emailOf(account);
  if (known) return known;
  const name = store.accounts.byId(account)?.name ?? account;
  let email = `${name}@gatehouse.local`;
  if (store.orgAccounts.accountOfEmail(email) !== undefined) email = `${name}+${account}@gatehouse.local`;
  store.orgAccounts.claimEmail(email, account);
  return email;
}
