import type { Db } from './db.js';

export interface BucketRow { name: string; account_id: string; region: string; created_at: string }

/** S3 buckets; names are global across accounts, like AWS's. */
export class Buckets {
  constructor(private db: Db) {}
  get(name: string): BucketRow | undefined {
    return this.db.prepare('SELECT * FROM buckets WHERE name = ?').get(name) as BucketRow | undefined;
  }
  forAccount(account: string): BucketRow[] {
    return this.db.prepare('SELECT * FROM buckets WHERE account_id = ? ORDER BY name').all(account) as BucketRow[];
  }
  insert(row: BucketRow): void {
    this.db.prepare('INSERT INTO buckets (name, account_id, region, created_at) VALUES (@name, @account_id, @region, @created_at)').run(row);
  }
  delete(name: string): void {
    this.db.prepare('DELETE FROM buckets WHERE name = ?').run(name);
  }
}
