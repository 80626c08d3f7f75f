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
