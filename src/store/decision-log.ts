import { prepared, type Db } from './db.js';

/** A stored batch of logged decisions: how many it holds and its text (see server/decision-batch.ts). */
export interface DecisionBatchRow { entries: number; body: string }

/**
 * Every process's decisions in one table, a row per batch. A batch's id is the newest batch's id plus
 * its own count of decisions, so the batches holding the newest `keep` decisions are a range of ids.
 */
export class DecisionLogBatches {
  constructor(private db: Db) {}

  /** Appends a batch of `entries` decisions (call inside a writing transaction, then trim). */
  append(entries: number, body: string): void {
    prepared(this.db, 'INSERT INTO decision_log_batches (id, entries, body) VALUES ((SELECT coalesce(max(id), 0) FROM decision_log_batches) + ?, ?, ?)').run(entries, entries, body);
  }

  /** Drops the oldest batches whose decisions newer ones make surplus: the log keeps `keep` decisions, and less than a batch more. */
  trim(keep: number): void {
    prepared(this.db, 'DELETE FROM decision_log_batches WHERE id <= (SELECT max(id) FROM decision_log_batches) - ?').run(keep);
  }

  /** The batches, last written first: each process writes its decisions in order, a fifth of a second after making them at most. */
  newestFirst(): IterableIterator<DecisionBatchRow> {
    return prepared(this.db, 'SELECT entries, body FROM decision_log_batches ORDER BY id DESC').iterate() as IterableIterator<DecisionBatchRow>;
  }
}
