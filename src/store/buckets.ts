import { prepared, type Db } from './db.js';

export interface BucketRow { name: string; account_id: string; region: string; created_at: string }

/** S3 buckets; names are global across accounts, like AWS's. */
export class Buckets {
  constructor(private db: Db) {}
  get(name: string): BucketRow | undefined {
    return prepared(this.db, 'SELECT * FROM buckets WHERE name = ?').get(name) as BucketRow | undefined;
  }
  forAccount(account: string): BucketRow[] {
    return prepared(this.db, 'SELECT * FROM buckets WHERE account_id = ? ORDER BY name').all(account) as BucketRow[];
  }
  countForAccount(account: string): number {
    return (prepared(this.db, 'SELECT COUNT(*) AS n FROM buckets WHERE account_id = ?').get(account) as { n: number }).n;
  }
  insert(row: BucketRow): void {
    prepared(this.db, 'INSERT INTO buckets (name, account_id, region, created_at) VALUES (@name, @account_id, @region, @created_at)').run(row);
  }
  delete(name: string): void {
    prepared(this.db, 'DELETE FROM buckets WHERE name = ?').run(name);
  }
}
