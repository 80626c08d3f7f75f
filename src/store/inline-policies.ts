import { prepared, type Db } from './db.js';
import type { EntityType } from './attachments.js';

export interface InlinePolicyRow { policy_name: string; document: string }

/** Inline policies embedded in users, groups and roles. */
export class InlinePolicies {
  constructor(private db: Db) {}
  list(account: string, type: EntityType, name: string): InlinePolicyRow[] {
    return prepared(this.db, 'SELECT policy_name, document FROM inline_policies WHERE account_id = ? AND entity_type = ? AND entity_name = ? ORDER BY policy_name')
      .all(account, type, name) as InlinePolicyRow[];
  }
  get(account: string, type: EntityType, name: string, policyName: string): InlinePolicyRow | undefined {
    return prepared(this.db, 'SELECT policy_name, document FROM inline_policies WHERE account_id = ? AND entity_type = ? AND entity_name = ? AND policy_name = ?')
      .get(account, type, name, policyName) as InlinePolicyRow | undefined;
  }
  put(account: string, type: EntityType, name: string, policyName: string, document: string): void {
    prepared(this.db, `INSERT INTO inline_policies (account_id, entity_type, entity_name, policy_name, document) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (account_id, entity_type, entity_name, policy_name) DO UPDATE SET document = excluded.document`).run(account, type, name, policyName, document);
  }
  delete(account: string, type: EntityType, name: string, policyName: string): boolean {
    return prepared(this.db, 'DELETE FROM inline_policies WHERE account_id = ? AND entity_type = ? AND entity_name = ? AND policy_name = ?')
      .run(account, type, name, policyName).changes > 0;
  }
}
