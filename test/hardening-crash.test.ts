/**
 * Hardening, crashes: the real server process is killed with SIGKILL at a
 * random moment while eight writers create and delete IAM users, add and
 * delete policy versions, put objects and complete multipart uploads; SQLite's
 * integrity check runs on the crashed files, the server restarts on the same
 * data dir, and every acknowledged write must be there, every visible object
 * whole. `npm run bench:soak` runs many more rounds.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup } from './support/gatehouse.js';
import { runCrashRounds } from './support/crash-workload.js';

const ROUNDS = Number(process.env.GATEHOUSE_CRASH_ROUNDS ?? 16);

describe('crashes', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-crash-'));
  after(() => cleanup(dataDir));

  test(`${ROUNDS} kill -9 rounds during concurrent writes: nothing acknowledged lost, nothing half-written, integrity ok`, { timeout: 600_000 }, async () => {
    const stats = await runCrashRounds({ dataDir, rounds: ROUNDS, writers: 8, minMs: 400, maxMs: 2000 });
    console.log(`# ${stats.rounds} crashes survived; acknowledged before the kills: ${JSON.stringify(stats.acknowledged)}`);
    assert.deepEqual(stats.corrupt, []);
    assert.deepEqual(stats.lost, []);
    assert.deepEqual(stats.halfWritten, []);
    const a = stats.acknowledged;
    assert.ok(a.usersCreated > 0 && a.objects > 0 && a.multipartCompletes > 0 && a.policyVersions > 0, JSON.stringify(a));
  });
});
