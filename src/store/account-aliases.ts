import { prepared, type Db } from './db.js';

/** Account aliases: one per account, unique across the server (AWS: across all of AWS). */
export class AccountAliases {
  constructor(private db: Db) {}
  forAccount(account: string): string | undefined {
    return (prepared(this.db, 'SELECT alias FROM account_aliases WHERE account_id = ?').get(account) as { alias: string } | undefined)?.alias;
  }
  owner(alias: string): string | undefined {
    return (prepared(this.db, 'SELECT account_id FROM account_aliases WHERE alias = ?').get(alias) as { account_id: string } | undefined)?.account_id;
  }
  /** Sets the account's alias, replacing any earlier one. */
  set(account: string, alias: string): void {
    prepared(this.db, 'DELETE FROM account_aliases WHERE account_id = ?').run(account);
    prepared(this.db, 'INSERT INTO account_aliases (alias, account_id) VALUES (?, ?)').run(alias, account);
  }
  delete(account: string): void {
    prepared(this.db, 'DELETE FROM account_aliases WHERE account_id = ?').run(account);
  }
}
