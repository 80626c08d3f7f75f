/**
 * A copy of the store's tables in a file beside it, and the way back to it: what `serve --ready-json`
 * keeps as it starts, so a test's reset (POST /_gatehouse/reset) returns to the estate it started
 * with in one transaction, whichever process serves it. The meta table (the server's own keys and
 * settings) is neither copied nor restored; the decision log is emptied, not copied.
 */
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Db } from './db.js';

const NOT_COPIED = new Set(['meta', 'decision_log_batches']);

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

function tablesOf(db: Db, schema: 'main' | 'snap'): string[] {
  return (db.prepare(`SELECT name FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[]);
}

/** Writes the snapshot file (replacing one a previous run left). Run before any other process serves the store. */
export function takeSnapshot(db: Db, file: string): void {
  rmSync(file, { force: true });
  db.prepare('ATTACH DATABASE ? AS snap').run(file);
  try {
    db.transaction(() => {
      for (const t of tablesOf(db, 'main')) {
        if (!NOT_COPIED.has(t)) db.exec(`CREATE TABLE snap.${quoted(t)} AS SELECT * FROM main.${quoted(t)}`);
      }
    })();
  } finally {
    db.exec('DETACH DATABASE snap');
  }
}

export const hasSnapshot = (file: string) => existsSync(file);

/**
 * Every table back to its snapshot in one transaction: other processes see the old estate or the
 * restored one, never half of each. Not inside another transaction (ATTACH cannot be).
 */
export function restoreSnapshot(db: Db, file: string, inTransaction: (fn: () => void) => void): void {
  db.prepare('ATTACH DATABASE ? AS snap').run(file);
  try {
    inTransaction(() => {
      // Rows go and come back in any order: the keys between them are checked at commit.
      db.pragma('defer_foreign_keys = ON');
      const saved = new Set(tablesOf(db, 'snap'));
      for (const t of tablesOf(db, 'main')) {
        if (t === 'meta') continue;
        db.exec(`DELETE FROM main.${quoted(t)}`);
        if (saved.has(t)) db.exec(`INSERT INTO main.${quoted(t)} SELECT * FROM snap.${quoted(t)}`);
      }
    });
  } finally {
    db.exec('DETACH DATABASE snap');
  }
}

/** The snapshot of the store in dbFile: beside it. */
export const snapshotFileOf = (dbFile: string) => join(dirname(dbFile), 'reset-snapshot.db');
