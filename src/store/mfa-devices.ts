import { prepared, type Db } from './db.js';

export interface MfaDeviceRow {
  serial_number: string; account_id: string; path: string; name: string; seed: string;
  user_name: string | null; enabled_at: string | null; created_at: string;
  /** how many 30-second steps the device runs ahead of (or behind, negative) the server */
  drift_steps: number;
  /** the last time step whose code was accepted: a code is good once */
  last_used_step: number | null;
}

/** Virtual MFA devices: created unassigned, then enabled for one user. */
export class MfaDevices {
  constructor(private db: Db) {}
  get(serial: string): MfaDeviceRow | undefined {
    return prepared(this.db, 'SELECT * FROM mfa_devices WHERE serial_number = ?').get(serial) as MfaDeviceRow | undefined;
  }
  list(account: string): MfaDeviceRow[] {
    return prepared(this.db, 'SELECT * FROM mfa_devices WHERE account_id = ? ORDER BY serial_number').all(account) as MfaDeviceRow[];
  }
  forUser(account: string, userName: string): MfaDeviceRow[] {
    return prepared(this.db, 'SELECT * FROM mfa_devices WHERE account_id = ? AND user_name = ? ORDER BY enabled_at, serial_number')
      .all(account, userName) as MfaDeviceRow[];
  }
  insert(row: Omit<MfaDeviceRow, 'user_name' | 'enabled_at' | 'drift_steps' | 'last_used_step'>): void {
    prepared(this.db, `INSERT INTO mfa_devices (serial_number, account_id, path, name, seed, created_at)
      VALUES (@serial_number, @account_id, @path, @name, @seed, @created_at)`).run(row);
  }
  assign(serial: string, userName: string | null, enabledAt: string | null): void {
    prepared(this.db, 'UPDATE mfa_devices SET user_name = ?, enabled_at = ? WHERE serial_number = ?').run(userName, enabledAt, serial);
  }
  sync(serial: string, driftSteps: number, lastUsedStep: number): void {
    prepared(this.db, 'UPDATE mfa_devices SET drift_steps = ?, last_used_step = ? WHERE serial_number = ?').run(driftSteps, lastUsedStep, serial);
  }
  delete(serial: string): void {
    prepared(this.db, 'DELETE FROM mfa_devices WHERE serial_number = ?').run(serial);
  }
}
