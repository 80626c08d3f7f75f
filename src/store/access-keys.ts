import { prepared, type Db } from './db.js';

export interface AccessKeyRow {
  access_key_id: string; account_id: string; user_name: string | null; secret: string;
  status: 'Active' | 'Inactive'; created_at: string;
  last_used_at: string | null; last_used_service: string | null; last_used_region: string | null;
}

export class AccessKeys {
  constructor(private db: Db) {}
  get(id: string): AccessKeyRow | undefined {
    return prepared(this.db, 'SELECT * FROM access_keys WHERE access_key_id = ?').get(id) as AccessKeyRow | undefined;
  }
  /** Keys of a user, or of the root when userName is null. */
  forUser(account: string, userName: string | null): AccessKeyRow[] {
    return (userName === null
      ? prepared(this.db, 'SELECT * FROM access_keys WHERE account_id = ? AND user_name IS NULL ORDER BY created_at').all(account)
      : prepared(this.db, 'SELECT * FROM access_keys WHERE account_id = ? AND user_name = ? ORDER BY created_at').all(account, userName)) as AccessKeyRow[];
  }
  insert(row: Omit<AccessKeyRow, 'last_used_at' | 'last_used_service' | 'last_used_region'>): void {
    prepared(this.db, `INSERT INTO access_keys (access_key_id, account_id, user_name, secret, status, created_at)
      VALUES (@access_key_id, @account_id, @user_name, @secret, @status, @created_at)`).run(row);
  }
  setStatus(id: string, status: string): void {
    prepared(this.db, 'UPDATE access_keys SET status = ? WHERE access_key_id = ?').run(status, id);
  }
  delete(id: string): void {
    prepared(this.db, 'DELETE FROM access_keys WHERE access_key_id = ?').run(id);
  }
  markUsed(id: string, at: string, service: string, region: string): void {
    prepared(this.db, 'UPDATE access_keys SET last_used_at = ?, last_used_service = ?, last_used_region = ? WHERE access_key_id = ?')
      .run(at, service, region, id);
  }
}
