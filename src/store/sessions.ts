import { prepared, type Db } from './db.js';

export interface SessionRow {
  access_key_id: string; account_id: string; secret: string;
  role_name: string; role_id: string; role_arn: string; session_name: string;
  issued_at: string; expires_at: string; chained: number; source_identity: string | null;
}

/** Temporary credentials issued by STS, kept so they survive a restart. */
export class Sessions {
  constructor(private db: Db) {}
  get(accessKeyId: string): SessionRow | undefined {
    return prepared(this.db, 'SELECT * FROM sessions WHERE access_key_id = ?').get(accessKeyId) as SessionRow | undefined;
  }
  insert(row: SessionRow): void {
    prepared(this.db, `INSERT INTO sessions (access_key_id, account_id, secret, role_name, role_id, role_arn, session_name, issued_at, expires_at, chained, source_identity)
      VALUES (@access_key_id, @account_id, @secret, @role_name, @role_id, @role_arn, @session_name, @issued_at, @expires_at, @chained, @source_identity)`).run(row);
  }
  /** Drops sessions that expired before the given time; they can never be used again. */
  purgeExpired(beforeIso: string): void {
    prepared(this.db, 'DELETE FROM sessions WHERE expires_at < ?').run(beforeIso);
  }
}
