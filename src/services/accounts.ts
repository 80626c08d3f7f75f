/** Accounts and their root credentials. */
import { AwsError } from '../core/aws-error.js';
import { isAccountId, newAccessKeyId, newAccountId, newSecretAccessKey } from '../core/ids.js';
import type { Store } from '../store/index.js';

export interface AccountWithRoot { id: string; name: string; rootAccessKeyId: string; rootSecretAccessKey: string }

/** "utils" or "utils=123456789012" as given on the command line. */
export function parseAccountSpec(spec: string): { name: string; id?: string } {
  const [name, id] = spec.split('=');
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/.test(name)) throw new AwsError('ValidationError', `Invalid account name: ${name}`, 400);
  if (id !== undefined && !isAccountId(id)) throw new AwsError('ValidationError', `Invalid account id for ${name}: ${id} (12 digits)`, 400);
  return { name, id };
}

/** The named account, created with a root access key if it does not exist yet. */
export function ensureAccount(store: Store, name: string, id?: string, now = new Date()): AccountWithRoot {
  return store.transaction(() => {
    let account = store.accounts.byName(name);
    if (account && id && account.id !== id) throw new AwsError('ValidationError', `Account ${name} already exists with id ${account.id}`, 400);
    if (!account) {
      const newId = id ?? uniqueAccountId(store);
      if (store.accounts.byId(newId)) throw new AwsError('ValidationError', `Account id ${newId} is already taken by ${store.accounts.byId(newId)!.name}`, 400);
      account = { id: newId, name, created_at: now.toISOString() };
      store.accounts.insert(account);
    }
    let root = store.accessKeys.forUser(account.id, null)[0];
    if (!root) {
      root = {
        access_key_id: newAccessKeyId('AKIA', account.id), account_id: account.id, user_name: null,
        secret: newSecretAccessKey(), status: 'Active', created_at: now.toISOString(),
        last_used_at: null, last_used_service: null, last_used_region: null,
      };
      store.accessKeys.insert(root);
    }
    return { id: account.id, name: account.name, rootAccessKeyId: root.access_key_id, rootSecretAccessKey: root.secret };
  });
}

/**
 * A new account named after free text (an Organizations AccountName may be any printable text up to 50
 * characters; a Gatehouse account name is a profile name: ^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$, unique).
 * Other characters become '-', and a name already taken gets -2, -3… ("Prod team" → "Prod-team").
 */
export function createAccountNamedAfter(store: Store, text: string, now = new Date()): AccountWithRoot {
  return store.transaction(() => ensureAccount(store, freeAccountName(store, text), undefined, now));
}

function freeAccountName(store: Store, text: string): string {
  const base = text.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 56) || 'account';
  if (!store.accounts.byName(base)) return base;
  for (let n = 2; ; n++) if (!store.accounts.byName(`${base}-${n}`)) return `${base}-${n}`;
}

export function listAccounts(store: Store): AccountWithRoot[] {
  return store.accounts.list().map((a) => ensureAccount(store, a.name));
}

function uniqueAccountId(store: Store): string {
  for (;;) {
    const id = newAccountId();
    if (!store.accounts.byId(id)) return id;
  }
}
