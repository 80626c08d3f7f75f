/**
 * Hardening, concurrency: 16 clients × 200 mixed operations on shared names
 * (users created and deleted, names differing in case, attach/detach, policy
 * versions, access key rotation, puts and deletes of the same keys, one bucket
 * name claimed from two accounts). No lost update, no duplicate entity, and
 * AWS's invariants: at most two access keys, at most five policy versions with
 * one default, names unique per account regardless of case, a bucket name with
 * one owner. `npm run bench:soak` runs 16 × 10,000.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { cleanup, TestGatehouse } from './support/gatehouse.js';
import { runConcurrency, type ConcurrencyStats } from './support/concurrency-workload.js';
import { processTree, spawnServer, type ChildServer } from './support/child-server.js';

const CLIENTS = Number(process.env.GATEHOUSE_CONCURRENCY_CLIENTS ?? 16);
const OPERATIONS = Number(process.env.GATEHOUSE_CONCURRENCY_OPERATIONS ?? 200);

describe('concurrency', () => {
  let gh: TestGatehouse;
  before(async () => { gh = await TestGatehouse.start(); });
  after(() => gh.dispose());

  test(`${CLIENTS} clients × ${OPERATIONS} operations on shared names: no lost update, no duplicate, AWS's invariants hold`, { timeout: 600_000 }, async () => {
    const stats = await runConcurrency({
      url: gh.server.url, root: gh.root('utils'), otherRoot: gh.root('prod'), db: gh.server.runtime.store.db,
      accountId: gh.account('utils').id, clients: CLIENTS, operations: OPERATIONS,
    });
    holdsUp(stats);
  });
});

// The same on a server of three processes: the clients' connections spread over them, so the
// conflicting writes meet in SQLite from different processes.
describe('concurrency across the server\'s processes', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-concurrency-'));
  let server: ChildServer;
  before(async () => {
    server = await spawnServer(dataDir, ['--accounts', 'utils,prod', '--processes', '3']);
    const deadline = Date.now() + 20_000;
    while (processTree(server.pid).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // Helpers take connections once they have opened the data dir: a moment after they appear.
    await new Promise((r) => setTimeout(r, 1500));
  });
  after(async () => { await server.crash(); cleanup(dataDir); });

  test(`${CLIENTS} clients × ${OPERATIONS} operations over three processes: no lost update, no duplicate, AWS's invariants hold`, { timeout: 600_000 }, async () => {
    const root = server.root('utils');
    const accountId = (await new STSClient({ endpoint: server.url, region: 'us-east-1', credentials: root }).send(new GetCallerIdentityCommand({}))).Account!;
    const db = new Database(join(dataDir, 'gatehouse.db'), { readonly: true });
    try {
      holdsUp(await runConcurrency({ url: server.url, root, otherRoot: server.root('prod'), db, accountId, clients: CLIENTS, operations: OPERATIONS }));
    } finally { db.close(); }
  });
});

function holdsUp(stats: ConcurrencyStats): void {
  console.log(`# ${stats.operations} operations by ${stats.clients} clients; refusals: ${JSON.stringify(stats.refusals)}`);
  assert.deepEqual(stats.violations, []);
  assert.equal(stats.operations >= CLIENTS * OPERATIONS, true);
  // The contention was real: conflicts were refused the way AWS refuses them.
  assert.ok((stats.refusals.EntityAlreadyExistsException ?? 0) > 0 && (stats.refusals.NoSuchEntityException ?? 0) > 0, JSON.stringify(stats.refusals));
}
