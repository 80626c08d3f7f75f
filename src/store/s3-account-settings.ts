/** Per-account S3 settings: the account-level Block Public Access configuration. */
import { prepared, type Db } from './db.js';

export class S3AccountSettings {
  constructor(private db: Db) {}
  publicAccessBlock(account: string): string | undefined {
    const row = prepared(this.db, 'SELECT public_access_block FROM s3_account_settings WHERE account_id = ?').get(account) as { public_access_block: string | null } | undefined;
    return row?.public_access_block ?? undefined;
  }
  setPublicAccessBlock(account: string, value: string | null): void {
    prepared(this.db, `INSERT INTO s3_account_settings (account_id, public_access_block) VALUES (?, ?)
      ON CONFLICT(account_id) DO UPDATE SET public_access_block = excluded.public_access_block`).run(account, value);
  }
}

const repos = new WeakMap<Db, S3AccountSettings>();
export function s3AccountSettingsOf(db: Db): S3AccountSettings {
  let r = repos.get(db);
  if (!r) repos.set(db, (r = new S3AccountSettings(db)));
  return r;
}
