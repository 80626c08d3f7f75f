/**
 * Hardening, crashes: the real server process (with its whole process group)
 * is killed with SIGKILL at a random moment while 1,000 writes are on the
 * wire: IAM users created and deleted, policy versions created and deleted,
 * objects put (some overwritten) and multipart uploads completed. SQLite's
 * integrity check runs on the crashed files, the server restarts on the same
 * data dir, and every acknowledged write must be there, nothing visible that
 * was never sent, every visible object byte-identical to a body sent for its
 * key. `npm run bench:soak` runs many more rounds.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup } from './support/gatehouse.js';
import { runCrashRounds } from './support/crash-workload.js';

const ROUNDS = Number(process.env.GATEHOUSE_CRASH_ROUNDS ?? 24);
const IN_FLIGHT = 1000;

describe('crashes', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-crash-'));
  after(() => cleanup(dataDir));

  test(`${ROUNDS} kill -9 rounds, each with ${IN_FLIGHT} writes in flight: nothing acknowledged lost, nothing half-written, integrity ok`, { timeout: 900_000 }, async () => {
    const started = Date.now();
    const stats = await runCrashRounds({ dataDir, rounds: ROUNDS, inFlight: IN_FLIGHT, minMs: 100, maxMs: 1200 });
    const kills = [...stats.inFlightAtKill].sort((a, b) => a - b);
    console.log(`# ${stats.rounds} crashes survived in ${((Date.now() - started) / 1000).toFixed(0)} s; writes in flight at the kills: min ${kills[0]}, median ${kills[kills.length >> 1]}, max ${kills.at(-1)}; acknowledged: ${JSON.stringify(stats.acknowledged)}`);
    assert.equal(stats.rounds, ROUNDS);
    assert.deepEqual(stats.failed, []);
    assert.deepEqual(stats.corrupt, []);
    assert.deepEqual(stats.lost, []);
    assert.deepEqual(stats.halfWritten, []);
    // Each kill cut off close to the whole load: requests sent on an open connection and not answered.
    for (const n of stats.inFlightAtKill) assert.ok(n >= IN_FLIGHT * 0.9 && n <= IN_FLIGHT, `writes in flight at a kill: ${stats.inFlightAtKill.join(', ')}`);
    const a = stats.acknowledged;
    assert.ok(a.usersCreated > 0 && a.usersDeleted > 0 && a.objects > 0 && a.multipartCompletes > 0 && a.policyVersions > 0 && a.policyVersionsDeleted > 0, JSON.stringify(a));
  });
});
