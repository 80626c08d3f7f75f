/** Opens the SQLite file and brings its schema up to date. */
import Database from 'better-sqlite3';
import { chmodSync, existsSync } from 'node:fs';
import { MIGRATIONS } from './schema.js';

export type Db = Database.Database;

export function openDb(file: string): Db {
  const fresh = !existsSync(file);
  const db = new Database(file);
  if (fresh && file !== ':memory:') chmodSync(file, 0o600);
  // WAL keeps readers off the writer's back. With WAL, NORMAL sync still makes every
  // committed transaction survive a crash or kill of the process (SQLite's "WAL mode"
  // page); only an OS crash or power loss could drop the last commits, and it spares
  // an fsync per request.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

// Statements are compiled once per database and SQL text: preparing costs more than running.
const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

export function prepared(db: Db, sql: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}
