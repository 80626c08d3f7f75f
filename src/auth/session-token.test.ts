import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newSealingKey, openSessionToken, sealSessionToken, secretOfSession, sessionSecret } from './session-token.js';

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

test('any other text for the same token is refused: every bit of every character flipped, padding, spaces, stray characters', () => {
  const key = newSealingKey();
  // Claims whose sealed length leaves low bits unused in the last base64 character.
  const token = sealSessionToken(key, { ...claims, k: 'ASIAEXAMPLEEXAMPLE1' });
  assert.ok(openSessionToken(key, token));
  const variants = new Set<string>();
  for (let i = 0; i < token.length; i++) {
    for (let bit = 0; bit < 7; bit++) variants.add(token.slice(0, i) + String.fromCharCode(token.charCodeAt(i) ^ (1 << bit)) + token.slice(i + 1));
    variants.add(token.slice(0, i) + ' ' + token.slice(i));
  }
  variants.add(token + '=');
  variants.add(token + '\n');
  variants.add(token.replace(/=+$/, ''));
  variants.delete(token);
  for (const v of variants) assert.equal(openSessionToken(key, v), undefined, JSON.stringify(v));
});

test('a token carries its session, small ones as JSON and large ones deflated, and opens to it whole', () => {
  const key = newSealingKey();
  const small = { ...claims, s: { kind: 'role', role_name: 'r', issued_at: '2026-01-01T00:00:00.000Z' } };
  assert.deepEqual(openSessionToken(key, sealSessionToken(key, small)), small);
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 40 }, (_, i) => ({ Effect: 'Allow', Action: `s3:Get${i}`, Resource: '*' })) });
  const large = { ...claims, s: { kind: 'role', policy, tags: JSON.stringify({ team: 'ops' }) } };
  const token = sealSessionToken(key, large);
  assert.deepEqual(openSessionToken(key, token), large);
  assert.ok(token.length < policy.length, `a ${policy.length}-character policy makes a ${token.length}-character token`);
});

test("a session's secret is the one sealed in its token; a token of an older version without one derives it", () => {
  const key = newSealingKey();
  const sealed = openSessionToken(key, sealSessionToken(key, { ...claims, x: 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12' }))!;
  assert.equal(secretOfSession(key, sealed), 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12');
  const older = openSessionToken(key, sealSessionToken(key, claims))!;
  assert.equal(secretOfSession(key, older), sessionSecret(key, claims.k));
  assert.equal(openSessionToken(key, sealSessionToken(key, { ...claims, x: 42 } as never)), undefined, 'a secret that is no string is refused');
});

test('a derived session secret is 40 characters, the same for the same key id, and differs by data dir and key id', () => {
  const key = newSealingKey();
  const secret = sessionSecret(key, claims.k);
  assert.match(secret, /^[A-Za-z0-9]{40}$/);
  assert.equal(sessionSecret(key, claims.k), secret);
  assert.notEqual(sessionSecret(key, 'ASIAEXAMPLEEXAMPLE13'), secret);
  assert.notEqual(sessionSecret(newSealingKey(), claims.k), secret);
});
