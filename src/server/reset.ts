/**
 * A test's reset (POST /_gatehouse/reset): the store back to the estate `serve --ready-json` started
 * with (same accounts, root keys, organization), the decision log empty, sessions void (a new
 * token key), the clock at real time, object files no row names removed, and every process told
 * to forget what it read.
 */
import { AwsError } from '../core/aws-error.js';
import { hasSnapshot, restoreSnapshot, snapshotFileOf } from '../store/snapshot.js';
import { unlinkUnreferenced } from '../services/s3/files.js';
import { CLOCK_OFFSET_META, applyChange, renewSealingKey, type Runtime } from './runtime.js';
import type { Change } from './processes/peers.js';

export async function resetToSnapshot(rt: Runtime): Promise<void> {
  const { store } = rt;
  const file = snapshotFileOf(store.db.name);
  if (!hasSnapshot(file)) {
    throw new AwsError('ResetUnavailable', 'This server keeps no snapshot to reset to: start it with `gatehouse serve --ready-json` (as gatehouse/testing does).', 409);
  }
  // The other processes' recorded decisions land first, so the emptied log stays empty of them.
  // (This process's own pending decisions are discarded by applyChange below: nothing from here to there awaits.)
  await rt.peers?.flushDecisions();
  restoreSnapshot(store.db, file, (fn) => store.transaction(() => {
    fn();
    renewSealingKey(store);
    store.meta.set(CLOCK_OFFSET_META, '0');
  }));
  unlinkUnreferenced(store.db);
  const change: Change = { kind: 'reset' };
  applyChange(rt, change);
  await rt.peers?.broadcast(change);
}
