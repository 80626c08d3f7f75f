import { prepared, type Db } from './db.js';

export interface DeletionTaskRow { task_id: string; account_id: string; role_arn: string; status: string; created_at: string }

/** DeleteServiceLinkedRole's tasks, kept for GetServiceLinkedRoleDeletionStatus. */
export class DeletionTasks {
  constructor(private db: Db) {}
  get(taskId: string): DeletionTaskRow | undefined {
    return prepared(this.db, 'SELECT * FROM service_linked_role_deletions WHERE task_id = ?').get(taskId) as DeletionTaskRow | undefined;
  }
  insert(row: DeletionTaskRow): void {
    prepared(this.db, `INSERT INTO service_linked_role_deletions (task_id, account_id, role_arn, status, created_at)
      VALUES (@task_id, @account_id, @role_arn, @status, @created_at)`).run(row);
  }
}
