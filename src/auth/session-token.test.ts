import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newSealingKey, openSessionToken, sealSessionToken } from './session-token.js';

const claims = { k: 'ASIAEXAMPLEEXAMPLE12', a: '111122223333', e: 1_900_000_000 };

test('a sealed token opens to its claims', () => {
  const key = newSealingKey();
  assert.deepEqual(openSessionToken(key, sealSessionToken(key, claims)), claims);
});

test('a token with any flipped bit, or from another data dir, does not open', () => {
  const key = newSealingKey();
  const token = sealSessionToken(key, claims);
  assert.equal(openSessionToken(newSealingKey(), token), undefined);
  const prefix = 'IQoGatehouse';
  const raw = Buffer.from(token.slice(prefix.length), 'base64');
  for (let i = 0; i < raw.length; i += 3) {
    const bad = Buffer.from(raw);
    bad[i] ^= 0x01;
    assert.equal(openSessionToken(key, prefix + bad.toString('base64')), undefined, `byte ${i}`);
  }
  assert.equal(openSessionToken(key, 'garbage'), undefined);
});
