import { prepared, type Db } from './db.js';
import { builtInPolicy } from './built-in-policies.js';

export interface PolicyRow {
  arn: string; account_id: string; name: string; id: string; path: string; description: string | null;
  default_version: string; next_version: number; created_at: string; updated_at: string;
}
export interface PolicyVersionRow { policy_arn: string; version_id: string; document: string; created_at: string }

/** Customer managed policies and their versions; AWS managed ones are found too (built-in-policies.ts). */
export class Policies {
  constructor(private db: Db) {}
  get(arn: string): PolicyRow | undefined {
    const builtIn = builtInPolicy(arn);
    if (builtIn) return builtIn.row;
    return prepared(this.db, 'SELECT * FROM policies WHERE arn = ?').get(arn) as PolicyRow | undefined;
  }
  byName(account: string, name: string): PolicyRow | undefined {
    return prepared(this.db, 'SELECT * FROM policies WHERE account_id = ? AND name = ?').get(account, name) as PolicyRow | undefined;
  }
  list(account: string, pathPrefix = '/'): PolicyRow[] {
    return prepared(this.db, 'SELECT * FROM policies WHERE account_id = ? AND substr(path, 1, length(?)) = ? ORDER BY name COLLATE NOCASE')
      .all(account, pathPrefix, pathPrefix) as PolicyRow[];
  }
  insert(row: PolicyRow): void {
    prepared(this.db, `INSERT INTO policies (arn, account_id, name, id, path, description, default_version, next_version, created_at, updated_at)
      VALUES (@arn, @account_id, @name, @id, @path, @description, @default_version, @next_version, @created_at, @updated_at)`).run(row);
  }
  setDefault(arn: string, versionId: string, at: string): void {
    prepared(this.db, 'UPDATE policies SET default_version = ?, updated_at = ? WHERE arn = ?').run(versionId, at, arn);
  }
  bumpNextVersion(arn: string): void {
    prepared(this.db, 'UPDATE policies SET next_version = next_version + 1 WHERE arn = ?').run(arn);
  }
  delete(arn: string): void {
    prepared(this.db, 'DELETE FROM policies WHERE arn = ?').run(arn);
  }
  versions(arn: string): PolicyVersionRow[] {
    const builtIn = builtInPolicy(arn);
    if (builtIn) return builtIn.versions;
    return prepared(this.db, "SELECT * FROM policy_versions WHERE policy_arn = ? ORDER BY CAST(substr(version_id, 2) AS INTEGER) DESC").all(arn) as PolicyVersionRow[];
  }
  version(arn: string, versionId: string): PolicyVersionRow | undefined {
    const builtIn = builtInPolicy(arn);
    if (builtIn) return builtIn.versions.find((v) => v.version_id === versionId);
    return prepared(this.db, 'SELECT * FROM policy_versions WHERE policy_arn = ? AND version_id = ?').get(arn, versionId) as PolicyVersionRow | undefined;
  }
  insertVersion(row: PolicyVersionRow): void {
    prepared(this.db, 'INSERT INTO policy_versions (policy_arn, version_id, document, created_at) VALUES (@policy_arn, @version_id, @document, @created_at)').run(row);
  }
  deleteVersion(arn: string, versionId: string): void {
    prepared(this.db, 'DELETE FROM policy_versions WHERE policy_arn = ? AND version_id = ?').run(arn, versionId);
  }
  defaultDocument(arn: string): string | undefined {
    const builtIn = builtInPolicy(arn);
    if (builtIn) return builtIn.versions.find((v) => v.version_id === builtIn.row.default_version)?.document;
    const row = prepared(this.db, `SELECT v.document FROM policies p JOIN policy_versions v
      ON v.policy_arn = p.arn AND v.version_id = p.default_version WHERE p.arn = ?`).get(arn) as { document: string } | undefined;
    return row?.document;
  }
}
