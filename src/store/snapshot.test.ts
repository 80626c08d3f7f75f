import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from './index.js';
import { restoreSnapshot, snapshotFileOf, takeSnapshot } from './snapshot.js';

function storeWithAccount(t: { after(fn: () => void): void }): Store {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-snapshot-'));
  const store = Store.open(join(dir, 'gatehouse.db'));
  t.after(() => { store.close(); rmSync(dir, { recursive: true, force: true }); });
  store.accounts.insert({ id: '111111111111', name: 'utils', created_at: '2026-01-01T00:00:00Z' });
  store.meta.set('kept', 'as it was');
  return store;
}

const user = (name: string) => ({ account_id: '111111111111', name, id: `AIDA${name.toUpperCase()}`, path: '/', arn: `arn:aws:iam::111111111111:user/${name}`, created_at: '2026-01-01T00:00:00Z', permissions_boundary: null });

test('a restore brings back every table as snapshotted, empties the decision log and keeps meta', (t) => {
  const store = storeWithAccount(t);
  store.users.insert(user('at-start'));
  const file = snapshotFileOf(store.db.name);
  takeSnapshot(store.db, file);
  assert.ok(existsSync(file));

  store.transaction(() => {
    store.users.insert(user('later'));
    store.accounts.insert({ id: '222222222222', name: 'created-later', created_at: '2026-01-02T00:00:00Z' });
    store.decisionLog.append(1, '[]');
    store.meta.set('kept', 'changed since');
  });
  store.users.delete('111111111111', 'at-start');

  restoreSnapshot(store.db, file, (fn) => store.transaction(fn));
  assert.deepEqual(store.users.list('111111111111').map((u) => u.name), ['at-start']);
  assert.deepEqual(store.accounts.list().map((a) => a.name), ['utils']);
  assert.equal(store.db.prepare('SELECT COUNT(*) FROM decision_log_batches').pluck().get(), 0);
  assert.equal(store.meta.get('kept'), 'changed since', 'meta is the server\'s own, not the estate');
  assert.equal(store.db.inTransaction, false);
  assert.deepEqual(store.db.prepare('PRAGMA database_list').all().map((d) => (d as { name: string }).name), ['main'], 'the snapshot is detached');
});

test('a restore that fails changes nothing', (t) => {
  const store = storeWithAccount(t);
  const file = snapshotFileOf(store.db.name);
  takeSnapshot(store.db, file);
  store.users.insert(user('later'));
  assert.throws(() => restoreSnapshot(store.db, file, (fn) => store.transaction(() => { fn(); throw new Error('refused'); })), /refused/);
  assert.deepEqual(store.users.list('111111111111').map((u) => u.name), ['later']);
});

test('a snapshot replaces the one an earlier run left', (t) => {
  const store = storeWithAccount(t);
  const file = snapshotFileOf(store.db.name);
  takeSnapshot(store.db, file);
  store.users.insert(user('second-start'));
  takeSnapshot(store.db, file);
  store.users.delete('111111111111', 'second-start');
  restoreSnapshot(store.db, file, (fn) => store.transaction(fn));
  assert.deepEqual(store.users.list('111111111111').map((u) => u.name), ['second-start']);
});
