import { prepared, type Db } from './db.js';

/** Columns every per-user credential table shares. */
export interface UserCredentialRow { id: string; account_id: string; user_name: string; status: 'Active' | 'Inactive' }

export interface SshPublicKeyRow extends UserCredentialRow { body: string; fingerprint: string; uploaded_at: string }
export interface SigningCertificateRow extends UserCredentialRow { body: string; uploaded_at: string }
export interface ServiceCredentialRow extends UserCredentialRow {
  service_name: string; service_user_name: string; password_hash: string; created_at: string; expires_at: string | null;
}

type Table = 'ssh_public_keys' | 'signing_certificates' | 'service_credentials';
const ORDER: Record<Table, string> = { ssh_public_keys: 'uploaded_at', signing_certificates: 'uploaded_at', service_credentials: 'created_at' };

/**
 * One repository shape for SSH public keys, signing certificates and
 * service-specific credentials: rows owned by a user, found by id, with a status.
 */
export class UserCredentials<Row extends UserCredentialRow> {
  constructor(private db: Db, private table: Table) {}
  get(account: string, id: string): Row | undefined {
    return prepared(this.db, `SELECT * FROM ${this.table} WHERE account_id = ? AND id = ?`).get(account, id) as Row | undefined;
  }
  forUser(account: string, userName: string): Row[] {
    return prepared(this.db, `SELECT * FROM ${this.table} WHERE account_id = ? AND user_name = ? ORDER BY ${ORDER[this.table]}, rowid`)
      .all(account, userName) as Row[];
  }
  all(account: string): Row[] {
    return prepared(this.db, `SELECT * FROM ${this.table} WHERE account_id = ? ORDER BY user_name COLLATE NOCASE, ${ORDER[this.table]}, rowid`).all(account) as Row[];
  }
  insert(row: Row): void {
    const cols = Object.keys(row);
    prepared(this.db, `INSERT INTO ${this.table} (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`).run(row);
  }
  update(account: string, id: string, changes: Partial<Omit<Row, 'id' | 'account_id'>>): void {
    for (const [col, value] of Object.entries(changes)) {
      if (!/^[a-z_]+$/.test(col)) throw new Error(`bad column ${col}`);
      prepared(this.db, `UPDATE ${this.table} SET ${col} = ? WHERE account_id = ? AND id = ?`).run(value as string | null, account, id);
    }
  }
  delete(account: string, id: string): void {
    prepared(this.db, `DELETE FROM ${this.table} WHERE account_id = ? AND id = ?`).run(account, id);
  }
}
