import { prepared, type Db } from './db.js';
import type { OrgPolicyType } from './organizations.js';

export interface OrgPolicyRow { id: string; org_id: string; type: OrgPolicyType; name: string; description: string; content: string }
export interface OrgAttachmentRow { org_id: string; target_id: string; policy_id: string; type: OrgPolicyType; position: number }

/** Customer-managed SCPs and RCPs, and every policy's attachments to roots, OUs and accounts. */
export class OrgPolicies {
  constructor(private db: Db) {}
  get(id: string): OrgPolicyRow | undefined {
    return prepared(this.db, 'SELECT * FROM org_policies WHERE id = ?').get(id) as OrgPolicyRow | undefined;
  }
  list(orgId: string, type: OrgPolicyType): OrgPolicyRow[] {
    return prepared(this.db, 'SELECT * FROM org_policies WHERE org_id = ? AND type = ? ORDER BY name, id').all(orgId, type) as OrgPolicyRow[];
  }
  insert(row: OrgPolicyRow): void {
    prepared(this.db, 'INSERT INTO org_policies (id, org_id, type, name, description, content) VALUES (@id, @org_id, @type, @name, @description, @content)').run(row);
  }
  update(id: string, fields: { name: string; description: string; content: string }): void {
    prepared(this.db, 'UPDATE org_policies SET name = @name, description = @description, content = @content WHERE id = @id').run({ id, ...fields });
  }
  delete(id: string): void {
    prepared(this.db, 'DELETE FROM org_policies WHERE id = ?').run(id);
  }

  /** A target's attached policies of a type, in attach order. */
  attachedTo(orgId: string, targetId: string, type: OrgPolicyType): OrgAttachmentRow[] {
    return prepared(this.db, 'SELECT * FROM org_policy_attachments WHERE org_id = ? AND target_id = ? AND type = ? ORDER BY position').all(orgId, targetId, type) as OrgAttachmentRow[];
  }
  targetsOf(orgId: string, policyId: string): OrgAttachmentRow[] {
    return prepared(this.db, 'SELECT * FROM org_policy_attachments WHERE org_id = ? AND policy_id = ? ORDER BY position').all(orgId, policyId) as OrgAttachmentRow[];
  }
  attach(orgId: string, targetId: string, policyId: string, type: OrgPolicyType): void {
    const { p } = prepared(this.db, 'SELECT coalesce(max(position), 0) + 1 AS p FROM org_policy_attachments WHERE org_id = ?').get(orgId) as { p: number };
    prepared(this.db, 'INSERT INTO org_policy_attachments (org_id, target_id, policy_id, type, position) VALUES (?, ?, ?, ?, ?)').run(orgId, targetId, policyId, type, p);
  }
  detach(orgId: string, targetId: string, policyId: string): void {
    prepared(this.db, 'DELETE FROM org_policy_attachments WHERE org_id = ? AND target_id = ? AND policy_id = ?').run(orgId, targetId, policyId);
  }
  /** Every attachment of a type in an organization (DisablePolicyType), or all of a target's (its deletion). */
  detachAllOfType(orgId: string, type: OrgPolicyType): void {
    prepared(this.db, 'DELETE FROM org_policy_attachments WHERE org_id = ? AND type = ?').run(orgId, type);
  }
  detachAllFrom(orgId: string, targetId: string): void {
    prepared(this.db, 'DELETE FROM org_policy_attachments WHERE org_id = ? AND target_id = ?').run(orgId, targetId);
  }
}
