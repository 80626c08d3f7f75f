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

test('Organizations ids have the API Reference forms', async () => {
  const ids = await import('./ids.js');
  for (let i = 0; i < 50; i++) {
    const root = ids.newRootId();
    assert.match(ids.newOrganizationId(), /^o-[a-z0-9]{10,32}$/);
    assert.match(root, /^r-[0-9a-z]{4,32}$/);
    assert.match(ids.newOrganizationalUnitId(root), new RegExp(`^ou-${root.slice(2)}-[a-z0-9]{8,32}$`));
    assert.match(ids.newOrgPolicyId(), /^p-[0-9a-zA-Z_]{8,128}$/);
    assert.match(ids.newHandshakeId(), /^h-[0-9a-z]{8,32}$/);
    assert.match(ids.newCreateAccountRequestId(), /^car-[a-z0-9]{8,32}$/);
  }
});
