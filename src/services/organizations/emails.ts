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

/** The account an e-mail address is of: one it was given, or the `<name>@gatehouse.local` of an account not yet given one. */
export function accountOfEmail(store: Store, email: string): string | undefined {
  const claimed = store.orgAccounts.accountOfEmail(email);
  if (claimed !== undefined) return claimed;
  const local = /^([^@]+)@gatehouse\.local$/i.exec(email);
  const account = local ? store.accounts.byName(local[1]) : undefined;
  return account && store.orgAccounts.emailOf(account.id) === undefined ? account.id : undefined;
}
