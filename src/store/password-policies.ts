import { prepared, type Db } from './db.js';

/** An account's password policy, in GetAccountPasswordPolicy's shape. */
export interface PasswordPolicy {
  MinimumPasswordLength: number;
  RequireSymbols: boolean;
  RequireNumbers: boolean;
  RequireUppercaseCharacters: boolean;
  RequireLowercaseCharacters: boolean;
  AllowUsersToChangePassword: boolean;
  ExpirePasswords: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

export class PasswordPolicies {
  constructor(private db: Db) {}
  get(account: string): PasswordPolicy | undefined {
    const row = prepared(this.db, 'SELECT policy FROM password_policies WHERE account_id = ?').get(account) as { policy: string } | undefined;
    return row ? (JSON.parse(row.policy) as PasswordPolicy) : undefined;
  }
  put(account: string, policy: PasswordPolicy): void {
    prepared(this.db, `INSERT INTO password_policies (account_id, policy) VALUES (?, ?)
      ON CONFLICT (account_id) DO UPDATE SET policy = excluded.policy`).run(account, JSON.stringify(policy));
  }
  delete(account: string): boolean {
    return prepared(this.db, 'DELETE FROM password_policies WHERE account_id = ?').run(account).changes > 0;
  }
}
