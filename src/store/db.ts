/** Opens the SQLite file and brings its schema up to date. */
import Database from 'better-sqlite3';
import { chmodSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MIGRATIONS } from './schema.js';

export type Db = Database.Database;

export function openDb(file: string): Db {
  const fresh = !existsSync(file);
  const db = openSqlite(file);
  if (fresh && file !== ':memory:') chmodSync(file, 0o600);
  // WAL keeps readers off the writer's back. With WAL, NORMAL sync still makes every
  // committed transaction survive a crash or kill of the process (SQLite's "WAL mode"
  // page); only an OS crash or power loss could drop the last commits, and it spares
  // an fsync per request.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // A checkpoint copies the WAL into the database and fsyncs both: milliseconds here. By default it
  // runs inside whichever commit crosses 1000 pages; checkpointsEverySecond moves it off requests and
  // this larger threshold stays as a backstop.
  db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  migrate(db);
  return db;
}

const AUTOCHECKPOINT_PAGES = 10_000;

/** better-sqlite3 loads its native build on the first open: that is where a build for another Node shows. */
function openSqlite(file: string): Db {
  try {
    return new Database(file);
  } catch (e) {
    throw otherNodesBuild(e) ?? e;
  }
}

/**
 * npm rebuild, told to compile against this Node's own headers when they sit beside it (an official build):
 * an npm config's `nodedir` (this machine's names the system Node's) or node-gyp's download would pick others.
 */
function rebuildCommand(): string {
  const nodeDir = dirname(dirname(process.execPath));
  return existsSync(join(nodeDir, 'include/node/node.h')) ? `npm rebuild better-sqlite3 --nodedir=${nodeDir}` : 'npm rebuild better-sqlite3';
}

/**
 * Node's refusal of a native module built for another Node ABI is three lines about a path; a user who
 * switched Node versions needs one line saying what to run. Undefined for any other error.
 */
export function otherNodesBuild(e: unknown): Error | undefined {
  const m = /NODE_MODULE_VERSION\s+(\d+)\.\s+This version of Node\.js requires\s+NODE_MODULE_VERSION\s+(\d+)/.exec((e as Error)?.message ?? '');
  if ((e as { code?: string })?.code !== 'ERR_DLOPEN_FAILED' || !m) return undefined;
  return new Error(`better-sqlite3 was compiled for another Node.js (NODE_MODULE_VERSION ${m[1]}; Node ${process.version} needs ${m[2]}): run \`${rebuildCommand()}\` with this Node`, { cause: e });
}

/** Checkpoints the WAL once a second while there is something to move; returns the stop function. */
export function checkpointsEverySecond(db: Db): () => void {
  let seen = '';
  // total_changes() moves with this connection's writes, data_version with other connections' commits.
  const changes = db.prepare('SELECT total_changes()').pluck();
  const timer = setInterval(() => {
    const mark = `${changes.get()}/${db.pragma('data_version', { simple: true })}`;
    if (mark === seen || db.inTransaction) return;
    seen = mark;
    try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: the next tick or the backstop does it */ }
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}

/** Every pending migration in one transaction: a new data dir pays one commit, and a failed upgrade changes nothing. */
function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current >= MIGRATIONS.length) return;
  db.transaction(() => {
    for (let v = current; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
}

// Statements are compiled once per database and SQL text: preparing costs more than running.
const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/** A transaction Store.transaction has opened but not begun in SQLite: the first statement prepared begins it. */
const pendingBegins = new WeakMap<Db, () => void>();

export function beginOnFirstStatement(db: Db, begin: (() => void) | undefined): void {
  if (begin) pendingBegins.set(db, begin);
  else pendingBegins.delete(db);
}

/** Begins the transaction waiting for its first statement, if one is (a nested transaction must not begin before it). */
export function beginPending(db: Db): void {
  pendingBegins.get(db)?.();
}

/** Every statement a request runs comes from here, so a deferred transaction begins before its first. */
export function prepared(db: Db, sql: string): Database.Statement {
  beginPending(db);
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}
