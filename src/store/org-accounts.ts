import { prepared, type Db } from './db.js';

export interface OrgAccountRow {
  account_id: string; org_id: string; parent_id: string; name: string; email: string;
  status: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE'; joined_method: 'INVITED' | 'CREATED'; joined_at: string;
}
export interface CreateAccountRequestRow {
  id: string; org_id: string; account_name: string; email: string; state: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  failure_reason: string | null; account_id: string | null; requested_at: string; completed_at: string | null;
}

/** Accounts in organizations (the management account too), their e-mails, and CreateAccount requests. */
export class OrgAccounts {
  constructor(private db: Db) {}
  get(account: string): OrgAccountRow | undefined {
    return prepared(this.db, 'SELECT * FROM org_accounts WHERE account_id = ?').get(account) as OrgAccountRow | undefined;
  }
  inOrganization(orgId: string): OrgAccountRow[] {
    return prepared(this.db, 'SELECT * FROM org_accounts WHERE org_id = ? ORDER BY joined_at, account_id').all(orgId) as OrgAccountRow[];
  }
  children(parentId: string): OrgAccountRow[] {
    return prepared(this.db, 'SELECT * FROM org_accounts WHERE parent_id = ? ORDER BY joined_at, account_id').all(parentId) as OrgAccountRow[];
  }
  insert(row: OrgAccountRow): void {
    prepared(this.db, `INSERT INTO org_accounts (account_id, org_id, parent_id, name, email, status, joined_method, joined_at)
      VALUES (@account_id, @org_id, @parent_id, @name, @email, @status, @joined_method, @joined_at)`).run(row);
  }
  move(account: string, parentId: string): void {
    prepared(this.db, 'UPDATE org_accounts SET parent_id = ? WHERE account_id = ?').run(parentId, account);
  }
  setStatus(account: string, status: OrgAccountRow['status']): void {
    prepared(this.db, 'UPDATE org_accounts SET status = ? WHERE account_id = ?').run(status, account);
  }
  remove(account: string): void {
    prepared(this.db, 'DELETE FROM org_accounts WHERE account_id = ?').run(account);
  }

  /** The account an e-mail address belongs to (e-mails are unique across AWS). */
  accountOfEmail(email: string): string | undefined {
    return (prepared(this.db, 'SELECT account_id FROM org_account_emails WHERE email = ?').get(email) as { account_id: string } | undefined)?.account_id;
  }
  emailOf(account: string): string | undefined {
    return (prepared(this.db, 'SELECT email FROM org_account_emails WHERE account_id = ? ORDER BY rowid LIMIT 1').get(account) as { email: string } | undefined)?.email;
  }
  claimEmail(email: string, account: string): void {
    prepared(this.db, 'INSERT INTO org_account_emails (email, account_id) VALUES (?, ?)').run(email, account);
  }

  request(id: string): CreateAccountRequestRow | undefined {
    return prepared(this.db, 'SELECT * FROM org_create_account_requests WHERE id = ?').get(id) as CreateAccountRequestRow | undefined;
  }
  requests(orgId: string): CreateAccountRequestRow[] {
    return prepared(this.db, 'SELECT * FROM org_create_account_requests WHERE org_id = ? ORDER BY requested_at, id').all(orgId) as CreateAccountRequestRow[];
  }
  insertRequest(row: CreateAccountRequestRow): void {
    prepared(this.db, `INSERT INTO org_create_account_requests (id, org_id, account_name, email, state, failure_reason, account_id, requested_at, completed_at)
      VALUES (@id, @org_id, @account_name, @email, @state, @failure_reason, @account_id, @requested_at, @completed_at)`).run(row);
  }
  finishRequest(id: string, state: 'SUCCEEDED' | 'FAILED', at: string, accountId: string | null, failureReason: string | null): void {
    prepared(this.db, 'UPDATE org_create_account_requests SET state = ?, completed_at = ?, account_id = ?, failure_reason = ? WHERE id = ?').run(state, at, accountId, failureReason, id);
  }
}
