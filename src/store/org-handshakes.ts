import { prepared, type Db } from './db.js';

export interface HandshakeRow {
  id: string; org_id: string; action: 'INVITE'; state: 'OPEN' | 'ACCEPTED' | 'DECLINED' | 'CANCELED' | 'EXPIRED';
  target_type: 'ACCOUNT' | 'EMAIL'; target_id: string; account_id: string; notes: string | null; requested_at: string; expires_at: string;
}

/** Invitations of existing accounts into an organization. */
export class OrgHandshakes {
  constructor(private db: Db) {}
  get(id: string): HandshakeRow | undefined {
    return prepared(this.db, 'SELECT * FROM org_handshakes WHERE id = ?').get(id) as HandshakeRow | undefined;
  }
  forOrganization(orgId: string): HandshakeRow[] {
    return prepared(this.db, 'SELECT * FROM org_handshakes WHERE org_id = ? ORDER BY requested_at, id').all(orgId) as HandshakeRow[];
  }
  forAccount(account: string): HandshakeRow[] {
    return prepared(this.db, 'SELECT * FROM org_handshakes WHERE account_id = ? ORDER BY requested_at, id').all(account) as HandshakeRow[];
  }
  insert(row: HandshakeRow): void {
    prepared(this.db, `INSERT INTO org_handshakes (id, org_id, action, state, target_type, target_id, account_id, notes, requested_at, expires_at)
      VALUES (@id, @org_id, @action, @state, @target_type, @target_id, @account_id, @notes, @requested_at, @expires_at)`).run(row);
  }
  setState(id: string, state: HandshakeRow['state']): void {
    prepared(this.db, 'UPDATE org_handshakes SET state = ? WHERE id = ?').run(state, id);
  }
  deleteForOrganization(orgId: string): void {
    prepared(this.db, 'DELETE FROM org_handshakes WHERE org_id = ?').run(orgId);
  }
}
