import { prepared, type Db } from './db.js';

export type TaggedType = 'user' | 'role' | 'policy' | 'mfa' | 'instance-profile' | 'oidc-provider' | 'saml-provider';
export interface Tag { Key: string; Value: string }

/** Tags on IAM entities, kept in the order they were first added (AWS lists them so). */
export class Tags {
  constructor(private db: Db) {}
  list(account: string, type: TaggedType, name: string): Tag[] {
    return (prepared(this.db, 'SELECT key, value FROM tags WHERE account_id = ? AND entity_type = ? AND entity_name = ? ORDER BY position')
      .all(account, type, name) as { key: string; value: string }[]).map((r) => ({ Key: r.key, Value: r.value }));
  }
  put(account: string, type: TaggedType, name: string, tags: Tag[]): void {
    const next = prepared(this.db, 'SELECT coalesce(max(position), 0) + 1 AS p FROM tags WHERE account_id = ? AND entity_type = ? AND entity_name = ?');
    const upsert = prepared(this.db, `INSERT INTO tags (account_id, entity_type, entity_name, key, value, position) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (account_id, entity_type, entity_name, key) DO UPDATE SET value = excluded.value`);
    for (const t of tags) {
      const { p } = next.get(account, type, name) as { p: number };
      upsert.run(account, type, name, t.Key, t.Value, p);
    }
  }
  remove(account: string, type: TaggedType, name: string, keys: string[]): void {
    const del = prepared(this.db, 'DELETE FROM tags WHERE account_id = ? AND entity_type = ? AND entity_name = ? AND key = ?');
    for (const k of keys) del.run(account, type, name, k);
  }
  clear(account: string, type: TaggedType, name: string): void {
    prepared(this.db, 'DELETE FROM tags WHERE account_id = ? AND entity_type = ? AND entity_name = ?').run(account, type, name);
  }
}
