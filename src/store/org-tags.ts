import { prepared, type Db } from './db.js';
import type { Tag } from './tags.js';

/** Tags on Organizations resources (accounts, OUs, roots, policies), by resource id, in the order first added. */
export class OrgTags {
  constructor(private db: Db) {}
  list(resourceId: string): Tag[] {
    return (prepared(this.db, 'SELECT key, value FROM org_tags WHERE resource_id = ? ORDER BY position').all(resourceId) as { key: string; value: string }[])
      .map((r) => ({ Key: r.key, Value: r.value }));
  }
  put(resourceId: string, tags: Tag[]): void {
    const next = prepared(this.db, 'SELECT coalesce(max(position), 0) + 1 AS p FROM org_tags WHERE resource_id = ?');
    const upsert = prepared(this.db, `INSERT INTO org_tags (resource_id, key, value, position) VALUES (?, ?, ?, ?)
      ON CONFLICT (resource_id, key) DO UPDATE SET value = excluded.value`);
    for (const t of tags) upsert.run(resourceId, t.Key, t.Value, (next.get(resourceId) as { p: number }).p);
  }
  remove(resourceId: string, keys: string[]): void {
    const del = prepared(this.db, 'DELETE FROM org_tags WHERE resource_id = ? AND key = ?');
    for (const k of keys) del.run(resourceId, k);
  }
  clear(resourceId: string): void {
    prepared(this.db, 'DELETE FROM org_tags WHERE resource_id = ?').run(resourceId);
  }
}
