/**
 * A fingerprint of every table of a Gatehouse store, to prove a refused
 * request changed nothing. Access keys' last-used columns are left out:
 * any authenticated request may note a key's use, as AWS does. The decision
 * log is left out whole: it is a log, not state, and a refusal is logged.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../src/store/db.js';

const VOLATILE: Record<string, string[]> = { access_keys: ['last_used', 'last_used_at', 'last_used_date', 'last_used_service', 'last_used_region'] };
const LOGS = ['decision_log_batches'];

export function snapshot(db: Db): Record<string, string> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>;
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    if (LOGS.includes(name)) continue;
    const skip = VOLATILE[name] ?? [];
    const rows = db.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>;
    const lines = rows.map((r) => JSON.stringify(Object.entries(r).filter(([k]) => !skip.some((s) => k.startsWith(s))), (_k, v) => (Buffer.isBuffer(v) ? v.toString('hex') : v))).sort();
    out[name] = `${rows.length}:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
  }
  return out;
}
