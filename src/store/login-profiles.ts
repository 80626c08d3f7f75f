import { prepared, type Db } from './db.js';

export interface LoginProfileRow {
  account_id: string; user_name: string; password_hash: string; password_reset_required: number;
  created_at: string; password_changed_at: string; password_last_used: string | null;
  /** JSON array of earlier hashes, newest first */
  previous_hashes: string;
}

/** Console passwords of IAM users: one per user, stored as a salted scrypt hash. */
export class LoginProfiles {
  constructor(private db: Db) {}
  get(account: string, userName: string): LoginProfileRow | undefined {
    return prepared(this.db, 'SELECT * FROM login_profiles WHERE account_id = ? AND user_name = ?').get(account, userName) as LoginProfileRow | undefined;
  }
  insert(row: Omit<LoginProfileRow, 'password_last_used'>): void {
    prepared(this.db, `INSERT INTO login_profiles (account_id, user_name, password_hash, password_reset_required, created_at, password_changed_at, previous_hashes)
      VALUES (@account_id, @user_name, @password_hash, @password_reset_required, @created_at, @password_changed_at, @previous_hashes)`).run(row);
  }
  setPassword(account: string, userName: string, hash: string, previous: string[], changedAt: string): void {
    prepared(this.db, 'UPDATE login_profiles SET password_hash = ?, previous_hashes = ?, password_changed_at = ? WHERE account_id = ? AND user_name = ?')
      .run(hash, JSON.stringify(previous), changedAt, account, userName);
  }
  setResetRequired(account: string, userName: string, required: boolean): void {
    prepared(this.db, 'UPDATE login_profiles SET password_reset_required = ? WHERE account_id = ? AND user_name = ?').run(required ? 1 : 0, account, userName);
  }
  markUsed(account: string, userName: string, at: string): void {
    prepared(this.db, 'UPDATE login_profiles SET password_last_used = ? WHERE account_id = ? AND user_name = ?').run(at, account, userName);
  }
  delete(account: string, userName: string): boolean {
    return prepared(this.db, 'DELETE FROM login_profiles WHERE account_id = ? AND user_name = ?').run(account, userName).changes > 0;
  }
}
