import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pooledRandomBytes } from './random.js';

test('pooled random bytes: the requested length, never the same bytes twice, across refills', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const b = pooledRandomBytes(12);
    assert.equal(b.length, 12);
    const hex = b.toString('hex');
    assert.ok(!seen.has(hex), 'a repeated 12-byte draw means bytes were handed out twice');
    seen.add(hex);
  }
  assert.equal(pooledRandomBytes(10_000).length, 10_000);
});

test('pooled random bytes are copies: changing one does not change the next draw', () => {
  const a = pooledRandomBytes(16);
  a.fill(0);
  const b = pooledRandomBytes(16);
  assert.notDeepEqual(b, Buffer.alloc(16));
});
