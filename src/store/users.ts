import { prepared, type Db } from './db.js';

export interface UserRow {
  account_id: string; name: string; id: string; path: string; arn: string;
  created_at: string; permissions_boundary: string | null;
}

export class Users {
  constructor(private db: Db) {}
  get(account: string, name: string): UserRow | undefined {
    return prepared(this.db, 'SELECT * FROM users WHERE account_id = ? AND name = ?').get(account, name) as UserRow | undefined;
  }
  list(account: string, pathPrefix = '/'): UserRow[] {
    return prepared(this.db, "SELECT * FROM users WHERE account_id = ? AND substr(path, 1, length(?)) = ? ORDER BY name COLLATE NOCASE")
      .all(account, pathPrefix, pathPrefix) as UserRow[];
  }
  insert(row: UserRow): void {
    prepared(this.db, `INSERT INTO users (account_id, name, id, path, arn, created_at, permissions_boundary)
      VALUES (@account_id, @name, @id, @path, @arn, @created_at, @permissions_boundary)`).run(row);
  }
  update(account: string, name: string, changes: { name?: string; path?: string; arn?: string; permissions_boundary?: string | null }): void {
    const cur = this.get(account, name);
    if (!cur) return;
    const next = { ...cur, ...changes };
    prepared(this.db, 'UPDATE users SET name = ?, path = ?, arn = ?, permissions_boundary = ? WHERE account_id = ? AND name = ?')
      .run(next.name, next.path, next.arn, next.permissions_boundary, account, name);
  }
  delete(account: string, name: string): void {
    prepared(this.db, 'DELETE FROM users WHERE account_id = ? AND name = ?').run(account, name);
  }
}
