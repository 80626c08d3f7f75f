import { prepared, type Db } from './db.js';

export interface GroupRow { account_id: string; name: string; id: string; path: string; arn: string; created_at: string }

export class Groups {
  constructor(private db: Db) {}
  get(account: string, name: string): GroupRow | undefined {
    return prepared(this.db, 'SELECT * FROM groups WHERE account_id = ? AND name = ?').get(account, name) as GroupRow | undefined;
  }
  list(account: string, pathPrefix = '/'): GroupRow[] {
    return prepared(this.db, 'SELECT * FROM groups WHERE account_id = ? AND substr(path, 1, length(?)) = ? ORDER BY name COLLATE NOCASE')
      .all(account, pathPrefix, pathPrefix) as GroupRow[];
  }
  count(account: string): number {
    return (prepared(this.db, 'SELECT count(*) AS n FROM groups WHERE account_id = ?').get(account) as { n: number }).n;
  }
  insert(row: GroupRow): void {
    prepared(this.db, 'INSERT INTO groups (account_id, name, id, path, arn, created_at) VALUES (@account_id, @name, @id, @path, @arn, @created_at)').run(row);
  }
  /** Renames or moves a group; its members follow it. */
  update(account: string, name: string, changes: { name: string; path: string; arn: string }): void {
    prepared(this.db, 'UPDATE groups SET name = ?, path = ?, arn = ? WHERE account_id = ? AND name = ?')
      .run(changes.name, changes.path, changes.arn, account, name);
    prepared(this.db, 'UPDATE group_members SET group_name = ? WHERE account_id = ? AND group_name = ?').run(changes.name, account, name);
  }
  delete(account: string, name: string): void {
    prepared(this.db, 'DELETE FROM groups WHERE account_id = ? AND name = ?').run(account, name);
  }
  /** Groups a user belongs to. */
  forUser(account: string, userName: string): GroupRow[] {
    return prepared(this.db, `SELECT g.* FROM groups g JOIN group_members m ON m.account_id = g.account_id AND m.group_name = g.name
      WHERE g.account_id = ? AND m.user_name = ? ORDER BY g.name COLLATE NOCASE`).all(account, userName) as GroupRow[];
  }
  /** Names of a group's members. */
  members(account: string, groupName: string): string[] {
    return (prepared(this.db, 'SELECT user_name FROM group_members WHERE account_id = ? AND group_name = ? ORDER BY user_name COLLATE NOCASE')
      .all(account, groupName) as { user_name: string }[]).map((r) => r.user_name);
  }
  addMember(account: string, groupName: string, userName: string): void {
    prepared(this.db, 'INSERT OR IGNORE INTO group_members (account_id, group_name, user_name) VALUES (?, ?, ?)').run(account, groupName, userName);
  }
  removeMember(account: string, groupName: string, userName: string): boolean {
    return prepared(this.db, 'DELETE FROM group_members WHERE account_id = ? AND group_name = ? AND user_name = ?')
      .run(account, groupName, userName).changes > 0;
  }
  removeUserEverywhere(account: string, userName: string): void {
    prepared(this.db, 'DELETE FROM group_members WHERE account_id = ? AND user_name = ?').run(account, userName);
  }
}
