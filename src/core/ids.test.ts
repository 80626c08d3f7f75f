import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountOfAccessKeyId, newAccessKeyId, newAccountId, newUniqueId } from './ids.js';

test('access key ids carry their account (sts:GetAccessKeyInfo)', () => {
  for (const account of ['111122223333', '000000000001', '999999999999', newAccountId()]) {
    const key = newAccessKeyId('AKIA', account);
    assert.match(key, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(accountOfAccessKeyId(key), account);
  }
  assert.equal(accountOfAccessKeyId('not-a-key'), undefined);
});

test('unique ids and accounts look like AWS ones', () => {
  assert.match(newUniqueId('AIDA'), /^AIDA[A-Z2-7]{17}$/);
  assert.match(newAccountId(), /^[1-9]\d{11}$/);
});
