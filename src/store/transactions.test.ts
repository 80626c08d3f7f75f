import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from './index.js';

function twoStores(t: { after(fn: () => void): void }): [Store, Store] {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-store-'));
  const a = Store.open(join(dir, 'state.db'));
  const b = Store.open(join(dir, 'state.db'));
  t.after(() => { a.close(); b.close(); rmSync(dir, { recursive: true, force: true }); });
  return [a, b];
}

const account = (id: string) => ({ id, name: `n${id}`, created_at: '2026-01-01T00:00:00Z' });

test('a mostly-reads transaction begins at its first statement, not before', (t) => {
  const [a, b] = twoStores(t);
  const seen = a.transaction(() => {
    assert.equal(a.db.inTransaction, false, 'nothing read yet: no BEGIN');
    // Committed by another connection before this one's first read: the snapshot includes it.
    b.accounts.insert(account('111111111111'));
    const n = a.accounts.list().length;
    assert.equal(a.db.inTransaction, true);
    return n;
  }, 'mostly-reads');
  assert.equal(seen, 1);
  assert.equal(a.db.inTransaction, false, 'committed');
});

test('a mostly-reads transaction that throws leaves its writes undone', (t) => {
  const [a] = twoStores(t);
  assert.throws(() => a.transaction(() => {
    a.accounts.insert(account('111111111111'));
    throw new Error('refused');
  }, 'mostly-reads'), /refused/);
  assert.equal(a.db.inTransaction, false);
  assert.equal(a.accounts.list().length, 0);
});

test('a mostly-reads transaction that writes after another commit runs again holding the lock', (t) => {
  const [a, b] = twoStores(t);
  let runs = 0;
  const total = a.transaction(() => {
    runs++;
    const before = a.accounts.list().length;
    // Only the first run sees another connection commit after its snapshot: SQLITE_BUSY_SNAPSHOT on write.
    if (runs === 1) b.accounts.insert(account('222222222222'));
    a.accounts.insert(account(`33333333333${runs}`));
    return before + 1;
  }, 'mostly-reads');
  assert.equal(runs, 2);
  assert.equal(total, 2, 'the second run saw the other commit');
  assert.deepEqual(a.accounts.list().map((x) => x.id).sort(), ['222222222222', '333333333332']);
});

test('a transaction inside a deferred one that has not begun commits or fails with it', (t) => {
  const [a] = twoStores(t);
  assert.throws(() => a.transaction(() => {
    a.transaction(() => a.accounts.insert(account('111111111111')), 'writes');
    throw new Error('outer fails');
  }, 'mostly-reads'), /outer fails/);
  assert.equal(a.accounts.list().length, 0, 'the inner write went with the outer transaction');
  a.transaction(() => { a.transaction(() => a.accounts.insert(account('111111111111')), 'writes'); }, 'mostly-reads');
  assert.equal(a.accounts.list().length, 1);
});

test('cached reads are kept until forgotten, and writing transactions read the store', (t) => {
  const [a] = twoStores(t);
  let reads = 0;
  const list = () => a.cached('accounts', () => { reads++; return a.accounts.list().length; });
  assert.equal(list(), 0);
  a.accounts.insert(account('111111111111'));
  assert.equal(a.transaction(list, 'mostly-reads'), 0, 'cached');
  assert.equal(reads, 1);
  assert.equal(a.transaction(list, 'writes'), 1, 'a writing transaction sees the store');
  assert.equal(list(), 0, 'and leaves the cache as it was');
  a.forgetCachedReads('other');
  assert.equal(list(), 0);
  a.forgetCachedReads('accounts');
  assert.equal(list(), 1);
  a.forgetCachedReads();
  assert.equal(a.cached('missing', () => undefined), undefined);
  assert.equal(a.cached('missing', () => 'read again'), undefined, 'nothing found is cached too');
  assert.equal(reads, 3);
});
