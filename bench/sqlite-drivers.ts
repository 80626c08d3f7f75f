/**
 * node --import tsx bench/sqlite-drivers.ts [--rounds 5] [--reads 100000] [--writes 5000]
 * better-sqlite3 (the store's driver) against Node's built-in node:sqlite, on the statements the store runs most,
 * both on a WAL file with the store's pragmas (src/store/db.ts):
 * - point select by primary key (an access key's lookup on every signed request), prepared once;
 * - a read transaction (BEGIN DEFERRED, three point selects, COMMIT), as a request's reads run;
 * - a write transaction (BEGIN IMMEDIATE, an insert and an update, COMMIT), as a request's writes run.
 * Each figure is CPU µs per operation (user + system, so a busy machine's queueing is left out); rounds alternate
 * between the drivers and the median round counts. Run it on the Node to judge (node:sqlite needs
 * Node >= 22.13 without a flag): `PATH=~/.cache/gatehouse-ci/node-24/bin:$PATH node --import tsx bench/sqlite-drivers.ts`.
 * better-sqlite3 loads its build for that Node's ABI from node_modules, else from the cache dir .ci/run fills.
 */
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ciCacheDir } from './lib/node-lines.js';

const { values: opt } = parseArgs({ options: {
  rounds: { type: 'string', default: '5' }, reads: { type: 'string', default: '100000' }, writes: { type: 'string', default: '5000' },
  help: { type: 'boolean', short: 'h' },
} });
if (opt.help) {
  process.stdout.write(readFileSync(new URL(import.meta.url), 'utf8').match(/\/\*\*\n([\s\S]*?) \*\//)![1].replace(/^ \* ?/gm, ''));
  process.exit(0);
}
const require = createRequire(import.meta.url);
const ROWS = 10_000;

/** The little both drivers share: a prepared statement's get/run, and exec. */
interface Stmt { get(...a: unknown[]): unknown; run(...a: unknown[]): unknown }
interface Driver { name: string; version: string; exec(sql: string): void; prepare(sql: string): Stmt; close(): void }

function betterSqlite(file: string): Driver {
  const Database = require('better-sqlite3') as typeof import('better-sqlite3');
  const pkg = require('better-sqlite3/package.json') as { version: string };
  let db: import('better-sqlite3').Database;
  try {
    db = new Database(file);
  } catch {
    // Another Node's ABI: the build .ci/run keeps for this one.
    db = new Database(file, { nativeBinding: join(ciCacheDir(), `better-sqlite3-${pkg.version}-abi${process.versions.modules}`, 'better_sqlite3.node') });
  }
  const sqlite = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  return { name: 'better-sqlite3', version: `${pkg.version}, SQLite ${sqlite}`, exec: (s) => db.exec(s), prepare: (s) => db.prepare(s), close: () => db.close() };
}

function nodeSqlite(file: string): Driver | string {
  // Typed here: @types/node 20 has no node:sqlite.
  let mod: { DatabaseSync: new (file: string) => { exec(s: string): void; prepare(s: string): Stmt; close(): void } };
  try { mod = require('node:sqlite') as typeof mod; } catch (e) { return `node:sqlite missing on Node ${process.version} (${(e as Error).message.split('\n')[0]})`; }
  const db = new mod.DatabaseSync(file);
  const sqlite = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  return { name: 'node:sqlite', version: `Node ${process.version}, SQLite ${sqlite}`, exec: (s) => db.exec(s), prepare: (s) => db.prepare(s), close: () => db.close() };
}

/** The store's pragmas and an access-key-like table with ROWS rows. */
function setUp(d: Driver): void {
  d.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000');
  d.exec('CREATE TABLE keys (id TEXT PRIMARY KEY, account TEXT NOT NULL, user TEXT NOT NULL, secret TEXT NOT NULL, status TEXT NOT NULL, last_used TEXT) WITHOUT ROWID');
  const ins = d.prepare('INSERT INTO keys (id, account, user, secret, status) VALUES (?, ?, ?, ?, ?)');
  d.exec('BEGIN');
  for (let i = 0; i < ROWS; i++) ins.run(key(i), '123456789012', `user${i}`, 'x'.repeat(40), 'Active');
  d.exec('COMMIT');
}
const key = (i: number) => `AKIA${String(i).padStart(16, '0')}`;

/** Microseconds per operation of each workload, one round. */
function round(d: Driver, reads: number, writes: number): Record<string, number> {
  const select = d.prepare('SELECT account, user, secret, status FROM keys WHERE id = ?');
  const begin = d.prepare('BEGIN DEFERRED'), beginWrite = d.prepare('BEGIN IMMEDIATE'), commit = d.prepare('COMMIT');
  const insert = d.prepare('INSERT INTO keys (id, account, user, secret, status) VALUES (?, ?, ?, ?, ?)');
  const touch = d.prepare('UPDATE keys SET last_used = ? WHERE id = ?');
  const deleteNew = d.prepare('DELETE FROM keys WHERE id >= ?');
  // CPU time (user + system) rather than wall time: on a shared machine the wait for a core is not the driver's.
  const time = (n: number, fn: (i: number) => void) => {
    const t0 = process.cpuUsage();
    for (let i = 0; i < n; i++) fn(i);
    const t = process.cpuUsage(t0);
    return (t.user + t.system) / n;
  };
  let seed = 1;
  const rnd = () => (seed = (seed * 48271) % 2147483647) % ROWS;
  const out = {
    'point select': time(reads, () => { if (!select.get(key(rnd()))) throw new Error('row missing'); }),
    'read transaction (3 selects)': time(reads / 4, () => { begin.run(); select.get(key(rnd())); select.get(key(rnd())); select.get(key(rnd())); commit.run(); }),
    'write transaction (insert + update)': time(writes, (i) => {
      beginWrite.run();
      insert.run(key(ROWS + i), '123456789012', `new${i}`, 'y'.repeat(40), 'Active');
      touch.run(new Date(i * 1000).toISOString(), key(rnd()));
      commit.run();
    }),
  };
  deleteNew.run(key(ROWS));
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'sqlite-drivers-'));
try {
  const drivers: Driver[] = [betterSqlite(join(dir, 'better.db'))];
  const node = nodeSqlite(join(dir, 'node.db'));
  if (typeof node === 'string') console.log(`not measured: ${node}`); else drivers.push(node);
  for (const d of drivers) setUp(d);
  const rounds = new Map<Driver, Record<string, number>[]>(drivers.map((d) => [d, []]));
  for (let r = 0; r < Number(opt.rounds); r++) for (const d of drivers) rounds.get(d)!.push(round(d, Number(opt.reads), Number(opt.writes)));
  console.log(`Node ${process.version}, ${opt.rounds} rounds (median), ${opt.reads} point selects, ${Number(opt.reads) / 4} read and ${opt.writes} write transactions a round, WAL on ${tmpdir()}\n`);
  console.log(`| workload | ${drivers.map((d) => `${d.name} (${d.version})`).join(' | ')} |`);
  console.log(`|---|${drivers.map(() => '---:').join('|')}|`);
  for (const w of Object.keys(rounds.get(drivers[0])![0])) {
    const medians = drivers.map((d) => { const s = rounds.get(d)!.map((x) => x[w]).sort((a, b) => a - b); return s[s.length >> 1]; });
    console.log(`| ${w} | ${medians.map((m, i) => `${m.toFixed(2)} µs CPU${i ? ` (×${(m / medians[0]).toFixed(2)})` : ''}`).join(' | ')} |`);
  }
  for (const d of drivers) d.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
