/** Accounts as people type them at sign-in and switch role: a 12-digit id, an account alias, or Gatehouse's account name. */
import type { Store } from '../store/index.js';

export function resolveAccount(store: Store, typed: string): string | undefined {
  const t = typed.trim();
  if (/^\d{12}$/.test(t)) return store.accounts.byId(t)?.id;
  return store.accountAliases.owner(t.toLowerCase()) ?? store.accounts.byName(t)?.id;
}

/** How the header names an account: its alias, else its Gatehouse name, else the id. */
export function accountLabel(store: Store, account: string): string {
  return store.accountAliases.forAccount(account) ?? store.accounts.byId(account)?.name ?? account;
}
