import { prepared, type Db } from './db.js';

export type EntityType = 'user' | 'group' | 'role';
export interface AttachmentRow { account_id: string; entity_type: EntityType; entity_name: string; policy_arn: string }

/** Managed policies attached to users, groups and roles. */
export class Attachments {
  constructor(private db: Db) {}
  forEntity(account: string, type: EntityType, name: string): string[] {
    return (prepared(this.db, 'SELECT policy_arn FROM attachments WHERE account_id = ? AND entity_type = ? AND entity_name = ? ORDER BY rowid')
      .all(account, type, name) as { policy_arn: string }[]).map((r) => r.policy_arn);
  }
  forPolicy(arn: string, account?: string): AttachmentRow[] {
    return (account === undefined
      ? prepared(this.db, 'SELECT * FROM attachments WHERE policy_arn = ? ORDER BY entity_type, entity_name').all(arn)
      : prepared(this.db, 'SELECT * FROM attachments WHERE policy_arn = ? AND account_id = ? ORDER BY entity_type, entity_name').all(arn, account)) as AttachmentRow[];
  }
  count(arn: string): number {
    return (prepared(this.db, 'SELECT count(*) AS n FROM attachments WHERE policy_arn = ?').get(arn) as { n: number }).n;
  }
  attach(account: string, type: EntityType, name: string, arn: string): void {
    prepared(this.db, 'INSERT OR IGNORE INTO attachments (account_id, entity_type, entity_name, policy_arn) VALUES (?, ?, ?, ?)').run(account, type, name, arn);
  }
  detach(account: string, type: EntityType, name: string, arn: string): boolean {
    return prepared(this.db, 'DELETE FROM attachments WHERE account_id = ? AND entity_type = ? AND entity_name = ? AND policy_arn = ?')
      .run(account, type, name, arn).changes > 0;
  }
}
