/** Helpers shared by IAM's resource files: dates, paths, name lookups that raise AWS's errors. */
import { noSuchEntity } from '../../core/aws-error.js';
import type { Store } from '../../store/index.js';
import type { UserRow } from '../../store/users.js';
import type { RoleRow } from '../../store/roles.js';
import type { GroupRow } from '../../store/groups.js';

export const toDate = (iso: string | null | undefined) => (iso ? new Date(iso) : undefined);

export function requireUser(store: Store, account: string, name: string): UserRow {
  const u = store.users.get(account, name);
  if (!u) throw noSuchEntity(`The user with name ${name} cannot be found.`);
  return u;
}

export function requireRole(store: Store, account: string, name: string): RoleRow {
  const r = store.roles.get(account, name);
  if (!r) throw noSuchEntity(`The role with name ${name} cannot be found.`);
  return r;
}

export function requireGroup(store: Store, account: string, name: string): GroupRow {
  const g = store.groups.get(account, name);
  if (!g) throw noSuchEntity(`The group with name ${name} cannot be found.`);
  return g;
}

/** The ARN an IAM action on a named entity is checked against. */
export function entityArn(store: Store, account: string, kind: 'user' | 'role' | 'group', name: string | undefined): string {
  if (name === undefined) return `arn:aws:iam::${account}:${kind}/`;
  const row = kind === 'user' ? store.users.get(account, name) : kind === 'role' ? store.roles.get(account, name) : store.groups.get(account, name);
  return row?.arn ?? `arn:aws:iam::${account}:${kind}/${name}`;
}
