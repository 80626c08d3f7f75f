import { prepared, type Db } from './db.js';

export interface OrganizationRow { id: string; management_account_id: string; feature_set: 'ALL' | 'CONSOLIDATED_BILLING'; root_id: string; created_at: string }
export type OrgPolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

/** Organizations, their roots' enabled policy types and the services given access to them. */
export class Organizations {
  constructor(private db: Db) {}
  byId(id: string): OrganizationRow | undefined {
    return prepared(this.db, 'SELECT * FROM organizations WHERE id = ?').get(id) as OrganizationRow | undefined;
  }
  byRoot(rootId: string): OrganizationRow | undefined {
    return prepared(this.db, 'SELECT * FROM organizations WHERE root_id = ?').get(rootId) as OrganizationRow | undefined;
  }
  /** The organization an account belongs to (as its management account or a member). */
  ofAccount(account: string): OrganizationRow | undefined {
    return prepared(this.db, 'SELECT o.* FROM organizations o JOIN org_accounts a ON a.org_id = o.id WHERE a.account_id = ?').get(account) as OrganizationRow | undefined;
  }
  list(): OrganizationRow[] {
    return prepared(this.db, 'SELECT * FROM organizations ORDER BY created_at, id').all() as OrganizationRow[];
  }
  insert(row: OrganizationRow): void {
    prepared(this.db, 'INSERT INTO organizations (id, management_account_id, feature_set, root_id, created_at) VALUES (@id, @management_account_id, @feature_set, @root_id, @created_at)').run(row);
  }
  /** Removes the organization row and what hangs off it directly (policy types, service access, the management account's membership). */
  delete(id: string): void {
    const org = this.byId(id);
    if (!org) return;
    prepared(this.db, 'DELETE FROM org_policy_types WHERE root_id = ?').run(org.root_id);
    prepared(this.db, 'DELETE FROM org_service_access WHERE org_id = ?').run(id);
    prepared(this.db, 'DELETE FROM org_accounts WHERE org_id = ?').run(id);
    prepared(this.db, 'DELETE FROM org_policy_attachments WHERE org_id = ?').run(id);
    prepared(this.db, 'DELETE FROM org_policies WHERE org_id = ?').run(id);
    prepared(this.db, 'DELETE FROM org_units WHERE org_id = ?').run(id);
    prepared(this.db, 'DELETE FROM org_tags WHERE resource_id = ?').run(org.root_id);
    prepared(this.db, 'DELETE FROM organizations WHERE id = ?').run(id);
  }

  enabledPolicyTypes(rootId: string): { type: OrgPolicyType; status: string }[] {
    return prepared(this.db, 'SELECT type, status FROM org_policy_types WHERE root_id = ? ORDER BY type').all(rootId) as { type: OrgPolicyType; status: string }[];
  }
  isPolicyTypeEnabled(rootId: string, type: OrgPolicyType): boolean {
    return prepared(this.db, "SELECT 1 FROM org_policy_types WHERE root_id = ? AND type = ? AND status = 'ENABLED'").get(rootId, type) !== undefined;
  }
  enablePolicyType(rootId: string, type: OrgPolicyType): void {
    prepared(this.db, "INSERT INTO org_policy_types (root_id, type, status) VALUES (?, ?, 'ENABLED') ON CONFLICT DO UPDATE SET status = 'ENABLED'").run(rootId, type);
  }
  disablePolicyType(rootId: string, type: OrgPolicyType): void {
    prepared(this.db, 'DELETE FROM org_policy_types WHERE root_id = ? AND type = ?').run(rootId, type);
  }

  serviceAccess(orgId: string): { service_principal: string; enabled_at: string }[] {
    return prepared(this.db, 'SELECT service_principal, enabled_at FROM org_service_access WHERE org_id = ? ORDER BY service_principal').all(orgId) as { service_principal: string; enabled_at: string }[];
  }
  enableServiceAccess(orgId: string, servicePrincipal: string, at: string): void {
    prepared(this.db, 'INSERT INTO org_service_access (org_id, service_principal, enabled_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(orgId, servicePrincipal, at);
  }
  disableServiceAccess(orgId: string, servicePrincipal: string): void {
    prepared(this.db, 'DELETE FROM org_service_access WHERE org_id = ? AND service_principal = ?').run(orgId, servicePrincipal);
  }
}
