import { prepared, type Db } from './db.js';

export interface CredentialReportRow { account_id: string; generated_at: string; content: string }

/** The last generated credential report of each account. */
export class CredentialReports {
  constructor(private db: Db) {}
  get(account: string): CredentialReportRow | undefined {
    return prepared(this.db, 'SELECT * FROM credential_reports WHERE account_id = ?').get(account) as CredentialReportRow | undefined;
  }
  put(row: CredentialReportRow): void {
    prepared(this.db, `INSERT INTO credential_reports (account_id, generated_at, content) VALUES (@account_id, @generated_at, @content)
      ON CONFLICT (account_id) DO UPDATE SET generated_at = excluded.generated_at, content = excluded.content`).run(row);
  }
}
