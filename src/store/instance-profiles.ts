import { prepared, type Db } from './db.js';

export interface InstanceProfileRow {
  account_id: string; name: string; id: string; path: string; arn: string; created_at: string;
  role_name: string | null;
}

/** Instance profiles: a named container for at most one role, handed to EC2 instances. */
export class InstanceProfiles {
  constructor(private db: Db) {}
  get(account: string, name: string): InstanceProfileRow | undefined {
    return prepared(this.db, 'SELECT * FROM instance_profiles WHERE account_id = ? AND name = ?').get(account, name) as InstanceProfileRow | undefined;
  }
  list(account: string, pathPrefix = '/'): InstanceProfileRow[] {
    return prepared(this.db, 'SELECT * FROM instance_profiles WHERE account_id = ? AND substr(path, 1, length(?)) = ? ORDER BY name COLLATE NOCASE')
      .all(account, pathPrefix, pathPrefix) as InstanceProfileRow[];
  }
  forRole(account: string, roleName: string): InstanceProfileRow[] {
    return prepared(this.db, 'SELECT * FROM instance_profiles WHERE account_id = ? AND role_name = ? ORDER BY name COLLATE NOCASE')
      .all(account, roleName) as InstanceProfileRow[];
  }
  count(account: string): number {
    return (prepared(this.db, 'SELECT count(*) AS n FROM instance_profiles WHERE account_id = ?').get(account) as { n: number }).n;
  }
  insert(row: InstanceProfileRow): void {
    prepared(this.db, `INSERT INTO instance_profiles (account_id, name, id, path, arn, created_at, role_name)
      VALUES (@account_id, @name, @id, @path, @arn, @created_at, @role_name)`).run(row);
  }
  setRole(account: string, name: string, roleName: string | null): void {
    prepared(this.db, 'UPDATE instance_profiles SET role_name = ? WHERE account_id = ? AND name = ?').run(roleName, account, name);
  }
  delete(account: string, name: string): void {
    prepared(this.db, 'DELETE FROM instance_profiles WHERE account_id = ? AND name = ?').run(account, name);
  }
}
