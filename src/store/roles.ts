import { prepared, type Db } from './db.js';

export interface RoleRow {
  account_id: string; name: string; id: string; path: string; arn: string; created_at: string;
  trust_policy: string; description: string | null; max_session_duration: number;
  permissions_boundary: string | null; last_used_at: string | null; last_used_region: string | null;
}

export class Roles {
  constructor(private db: Db) {}
  get(account: string, name: string): RoleRow | undefined {
    return prepared(this.db, 'SELECT * FROM roles WHERE account_id = ? AND name = ?').get(account, name) as RoleRow | undefined;
  }
  list(account: string, pathPrefix = '/'): RoleRow[] {
    return prepared(this.db, 'SELECT * FROM roles WHERE account_id = ? AND substr(path, 1, length(?)) = ? ORDER BY name COLLATE NOCASE')
      .all(account, pathPrefix, pathPrefix) as RoleRow[];
  }
  insert(row: Omit<RoleRow, 'last_used_at' | 'last_used_region'>): void {
    prepared(this.db, `INSERT INTO roles (account_id, name, id, path, arn, created_at, trust_policy, description, max_session_duration, permissions_boundary)
      VALUES (@account_id, @name, @id, @path, @arn, @created_at, @trust_policy, @description, @max_session_duration, @permissions_boundary)`).run(row);
  }
  update(account: string, name: string, changes: Partial<Pick<RoleRow, 'trust_policy' | 'description' | 'max_session_duration' | 'permissions_boundary' | 'last_used_at' | 'last_used_region'>>): void {
    const cur = this.get(account, name);
    if (!cur) return;
    const n = { ...cur, ...changes };
    prepared(this.db, `UPDATE roles SET trust_policy = ?, description = ?, max_session_duration = ?, permissions_boundary = ?,
      last_used_at = ?, last_used_region = ? WHERE account_id = ? AND name = ?`)
      .run(n.trust_policy, n.description, n.max_session_duration, n.permissions_boundary, n.last_used_at, n.last_used_region, account, name);
  }
  /** Records a use of the role (GetRole's RoleLastUsed). */
  touchLastUsed(account: string, name: string, atIso: string, region: string): void {
    prepared(this.db, 'UPDATE roles SET last_used_at = ?, last_used_region = ? WHERE account_id = ? AND name = ?').run(atIso, region, account, name);
  }
  delete(account: string, name: string): void {
    prepared(this.db, 'DELETE FROM roles WHERE account_id = ? AND name = ?').run(account, name);
  }
}
