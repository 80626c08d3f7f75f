/**
 * The data dir's aws/config and aws/credentials are where a user following the README adds their own
 * profiles (`aws configure set ... --profile random_user`): a restart rewrites only the accounts'
 * profiles and leaves the user's byte for byte, so they still work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAMClient, CreateUserCommand, CreateAccessKeyCommand } from '@aws-sdk/client-iam';
import { cleanup, profilesEnv, run } from './support/gatehouse.js';
import { spawnServer, type ChildServer } from './support/child-server.js';
import { awsClis } from './support/aws-clis.js';

test('a restart keeps the profiles the user added with `aws configure set`, byte for byte, and they still work', { timeout: 180_000 }, async (t) => {
  const aws = (await awsClis()).v1;
  if (!aws) return t.skip('no aws CLI v1 on PATH');
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-profiles-'));
  const data = join(dir, 'data');
  const files = { configFile: join(data, 'aws', 'config'), credentialsFile: join(data, 'aws', 'credentials') };
  const env = profilesEnv(files);
  let server: ChildServer | undefined;
  try {
    server = await spawnServer(data, ['--accounts', 'utils,prod', '--processes', '1']);
    const port = new URL(server.url).port;
    const iam = new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials: server.root('utils'), maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'random_user' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'random_user' }))).AccessKey!;
    const configure = async (...args: string[]) => {
      const r = await run(aws, ['configure', 'set', ...args], env);
      assert.equal(r.code, 0, r.stderr);
    };
    await configure('aws_access_key_id', key.AccessKeyId!, '--profile', 'random_user');
    await configure('aws_secret_access_key', key.SecretAccessKey!, '--profile', 'random_user');
    await configure('region', 'us-east-1', '--profile', 'random_user');
    await configure('endpoint_url', server.url, '--profile', 'random_user');
    await configure('role_arn', 'arn:aws:iam::111122223333:role/s3-list-role', '--profile', 'prod_role');
    await configure('source_profile', 'random_user', '--profile', 'prod_role');
    const before = { config: readFileSync(files.configFile, 'utf8'), credentials: readFileSync(files.credentialsFile, 'utf8') };
    assert.match(before.config, /\[profile random_user\][^[]*endpoint_url/);
    assert.match(before.credentials, /\[random_user\]/);

    await server.crash();
    server = await spawnServer(data, ['--port', port, '--processes', '1']);
    const after = { config: readFileSync(files.configFile, 'utf8'), credentials: readFileSync(files.credentialsFile, 'utf8') };
    assert.equal(after.config, before.config, 'same port, same accounts: the config is as the user left it');
    assert.equal(after.credentials, before.credentials);
    for (const f of Object.values(files)) assert.equal(statSync(f).mode & 0o777, 0o600, f);

    const who = await run(aws, ['--profile', 'random_user', 'sts', 'get-caller-identity'], env);
    assert.equal(who.code, 0, who.stderr);
    assert.match(JSON.parse(who.stdout).Arn, /:user\/random_user$/);
    const utils = await run(aws, ['--profile', 'utils', 'sts', 'get-caller-identity'], env);
    assert.equal(utils.code, 0, utils.stderr);
  } finally {
    await server?.crash();
    cleanup(dir);
  }
});

test("a restart with another region rewrites the accounts' profiles and only them", { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-profiles-'));
  const data = join(dir, 'data');
  const configFile = join(data, 'aws', 'config');
  let server: ChildServer | undefined;
  try {
    server = await spawnServer(data, ['--accounts', 'utils,prod', '--processes', '1']);
    await server.crash();
    const mine = '\n# mine\n[profile random_user]\nregion = us-east-1\n';
    appendFileSync(configFile, mine);
    server = await spawnServer(data, ['--processes', '1', '--region', 'eu-west-3']);
    const config = readFileSync(configFile, 'utf8');
    assert.deepEqual(config.match(/^region = .*$/gm), ['region = eu-west-3', 'region = eu-west-3', 'region = us-east-1'], config);
    assert.ok(config.endsWith(mine), config);
  } finally {
    await server?.crash();
    cleanup(dir);
  }
});
