/** State lives in SQLite under the data dir: users, roles, buckets and unexpired sessions survive a restart. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { GetUserCommand } from '@aws-sdk/client-iam';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { TestGatehouse, cleanup } from './support/gatehouse.js';
import { setUpScenario } from './support/scenario.js';
import { newAccessKeyId, newSecretAccessKey } from '../src/core/ids.js';
import { sealSessionToken } from '../src/auth/session-token.js';

test('a restart keeps accounts, identities, buckets and live sessions', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-persist-'));
  try {
    const first = await TestGatehouse.start({ dataDir });
    const s = await setUpScenario(first);
    const out = await first.sts(s.randomUser).send(new AssumeRoleCommand({ RoleArn: s.roleArn, RoleSessionName: 'persist' }));
    const c = out.Credentials!;
    const session = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const rootKey = first.root('utils');
    // While the server runs, SQLite's write-ahead log holds recent writes: owner-only too.
    assert.equal(statSync(join(dataDir, 'gatehouse.db-wal')).mode & 0o777, 0o600);
    await first.stop();

    const second = await TestGatehouse.start({ dataDir, accounts: [] });
    try {
      assert.equal(second.account('utils').id, s.utilsId);
      assert.deepEqual(second.root('utils'), rootKey);
      const user = await second.iam(second.root('utils')).send(new GetUserCommand({ UserName: 'random_user' }));
      assert.deepEqual(user.User!.Tags, [{ Key: 'name', Value: 'random' }]);
      const who = await second.sts(session).send(new GetCallerIdentityCommand({}));
      assert.equal(who.Arn, `arn:aws:sts::${s.prodId}:assumed-role/s3-list-role/persist`);
      const buckets = await second.s3(session).send(new ListBucketsCommand({}));
      assert.equal(buckets.Buckets!.length, 1);
    } finally {
      await second.stop();
    }
    // Owner-only: the data dir, the database and the credentials files.
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    assert.equal(statSync(join(dataDir, 'gatehouse.db')).mode & 0o777, 0o600);
    for (const side of ['gatehouse.db-wal', 'gatehouse.db-shm']) {
      if (existsSync(join(dataDir, side))) assert.equal(statSync(join(dataDir, side)).mode & 0o777, 0o600, side);
    }
    assert.equal(statSync(join(dataDir, 'aws', 'credentials')).mode & 0o777, 0o600);
    assert.equal(statSync(join(dataDir, 'aws', 'config')).mode & 0o777, 0o600);
  } finally {
    cleanup(dataDir);
  }
});

test('a session stored by an older Gatehouse (its token carries only key, account and expiry) still authenticates', async () => {
  const gh = await TestGatehouse.start();
  try {
    const s = await setUpScenario(gh);
    const rt = gh.server.runtime;
    const accessKeyId = newAccessKeyId('ASIA', s.prodId);
    const secret = newSecretAccessKey();
    const expires = new Date(Date.now() + 3600_000);
    rt.store.sessions.insert({
      access_key_id: accessKeyId, account_id: s.prodId, secret, kind: 'role', role_name: 's3-list-role', role_id: 'AROAOLDSESSION00000000',
      role_arn: s.roleArn, session_name: 'old', issued_at: new Date().toISOString(), expires_at: expires.toISOString(),
    });
    const sessionToken = sealSessionToken(rt.sealingKey, { k: accessKeyId, a: s.prodId, e: Math.floor(expires.getTime() / 1000) });
    const who = await gh.sts({ accessKeyId, secretAccessKey: secret, sessionToken }).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, `arn:aws:sts::${s.prodId}:assumed-role/s3-list-role/old`);
  } finally {
    await gh.stop();
  }
});

test('AssumeRole writes no session row: the token carries the session', async () => {
  const gh = await TestGatehouse.start();
  try {
    const s = await setUpScenario(gh);
    await gh.sts(s.randomUser).send(new AssumeRoleCommand({ RoleArn: s.roleArn, RoleSessionName: 'stateless' }));
    const rows = gh.server.runtime.store.db.prepare('SELECT count(*) FROM sessions').pluck().get();
    assert.equal(rows, 0);
  } finally {
    await gh.stop();
  }
});
