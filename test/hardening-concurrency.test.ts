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
import { TestGatehouse } from './support/gatehouse.js';
import { runConcurrency } from './support/concurrency-workload.js';

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
    console.log(`# ${stats.operations} operations by ${stats.clients} clients; refusals: ${JSON.stringify(stats.refusals)}`);
    assert.deepEqual(stats.violations, []);
    assert.equal(stats.operations >= CLIENTS * OPERATIONS, true);
    // The contention was real: conflicts were refused the way AWS refuses them.
    assert.ok((stats.refusals.EntityAlreadyExistsException ?? 0) > 0 && (stats.refusals.NoSuchEntityException ?? 0) > 0, JSON.stringify(stats.refusals));
  });
});
