import { prepared, type Db } from './db.js';

export interface AccountRow { id: string; name: string; created_at: string }

export class Accounts {
  constructor(private db: Db) {}
  list(): AccountRow[] {
    return prepared(this.db, 'SELECT * FROM accounts ORDER BY created_at, name').all() as AccountRow[];
  }
  byId(id: string): AccountRow | undefined {
    return prepared(this.db, 'SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
  }
  byName(name: string): AccountRow | undefined {
    return prepared(this.db, 'SELECT * FROM accounts WHERE name = ?').get(name) as AccountRow | undefined;
  }
  insert(row: AccountRow): void {
    prepared(this.db, 'INSERT INTO accounts (id, name, created_at) VALUES (@id, @name, @created_at)').run(row);
  }
}
