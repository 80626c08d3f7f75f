import type { Db } from './db.js';

export interface AccountRow { id: string; name: string; created_at: string }

export class Accounts {
  constructor(private db: Db) {}
  list(): AccountRow[] {
    return this.db.prepare('SELECT * FROM accounts ORDER BY created_at, name').all() as AccountRow[];
  }
  byId(id: string): AccountRow | undefined {
    return this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
  }
  byName(name: string): AccountRow | undefined {
    return this.db.prepare('SELECT * FROM accounts WHERE name = ?').get(name) as AccountRow | undefined;
  }
  insert(row: AccountRow): void {
    this.db.prepare('INSERT INTO accounts (id, name, created_at) VALUES (@id, @name, @created_at)').run(row);
  }
}
