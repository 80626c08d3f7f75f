import { prepared, type Db } from './db.js';

export interface OrgUnitRow { id: string; org_id: string; parent_id: string; name: string; created_at: string }

/** Organizational units; a parent is a root or another OU. */
export class OrgUnits {
  constructor(private db: Db) {}
  get(id: string): OrgUnitRow | undefined {
    return prepared(this.db, 'SELECT * FROM org_units WHERE id = ?').get(id) as OrgUnitRow | undefined;
  }
  children(parentId: string): OrgUnitRow[] {
    return prepared(this.db, 'SELECT * FROM org_units WHERE parent_id = ? ORDER BY created_at, id').all(parentId) as OrgUnitRow[];
  }
  inOrganization(orgId: string): OrgUnitRow[] {
    return prepared(this.db, 'SELECT * FROM org_units WHERE org_id = ? ORDER BY created_at, id').all(orgId) as OrgUnitRow[];
  }
  insert(row: OrgUnitRow): void {
    prepared(this.db, 'INSERT INTO org_units (id, org_id, parent_id, name, created_at) VALUES (@id, @org_id, @parent_id, @name, @created_at)').run(row);
  }
  rename(id: string, name: string): void {
    prepared(this.db, 'UPDATE org_units SET name = ? WHERE id = ?').run(name, id);
  }
  delete(id: string): void {
    prepared(this.db, 'DELETE FROM org_units WHERE id = ?').run(id);
  }
}
