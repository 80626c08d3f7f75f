import type { Db } from './db.js';

export interface GroupRow { account_id: string; name: string; id: string; path: string; arn: string; created_at: string }

export class Groups {
  constructor(private db: Db) {}
  get(account: string, name: string): GroupRow | undefined {
    return this.db.prepare('SELECT * FROM groups WHERE account_id = ? AND name = ?').get(account, name) as GroupRow | undefined;
  }
  /** Groups a user belongs to. */
  forUser(account: string, userName: string): GroupRow[] {
    return this.db.prepare(`SELECT g.* FROM groups g JOIN group_members m ON m.account_id = g.account_id AND m.group_name = g.name
      WHERE g.account_id = ? AND m.user_name = ? ORDER BY g.name COLLATE NOCASE`).all(account, userName) as GroupRow[];
  }
  removeUserEverywhere(account: string, userName: string): void {
    this.db.prepare('DELETE FROM group_members WHERE account_id = ? AND user_name = ?').run(account, userName);
  }
}
