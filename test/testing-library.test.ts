/**
 * gatehouse/testing (src/testing) through real clients: the JS SDK with clientConfig(), the AWS CLI
 * with env(), reset() between tests, advanceClock(), stop(). The server runs two processes, so a
 * reset that left one of them with what it had read (a deleted user's key, an old session) fails here.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { IAMClient, CreateAccessKeyCommand, CreateUserCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { S3Client, CreateBucketCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { STSClient, GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { OrganizationsClient, CreateOrganizationalUnitCommand, DescribeOrganizationCommand, ListRootsCommand, ListOrganizationalUnitsForParentCommand } from '@aws-sdk/client-organizations';
import { startGatehouse, type Credentials, type Gatehouse } from '../src/testing/index.js';
import { adminFetch } from '../src/testing/admin-fetch.js';
import Database from 'better-sqlite3';
import { processTree } from './support/process-tree.js';
import { terraformMissing, writeMirrorConfig } from './support/terraform.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const run = promisify(execFile);

/** A fresh connection per client (and maxAttempts 1): with two server processes, calls land on both. */
const config = (gh: Gatehouse, creds: Credentials) => ({ endpoint: gh.endpoint, region: gh.region, credentials: creds, maxAttempts: 1 });
/** A process that runs (a zombie waiting for its parent to reap it runs no more). */
const alive = (pid: number) => {
  try { return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z'; } catch { return false; }
};

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The error name a call fails with ('' if it succeeds). */
async function failure(call: Promise<unknown>): Promise<string> {
  try { await call; return ''; } catch (e) { return (e as Error).name; }
}

describe('startGatehouse', () => {
  let gh: Gatehouse;
  before(async () => { gh = await startGatehouse({ accounts: ['utils', 'prod'], organization: true, processes: 2 }); });
  after(() => gh?.stop());

  test('gives each account its id, root keys and profile, on a loopback endpoint', async () => {
    assert.match(gh.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(Object.keys(gh.accounts), ['utils', 'prod']);
    for (const name of ['utils', 'prod']) {
      const me = await new STSClient(gh.clientConfig(name)).send(new GetCallerIdentityCommand({}));
      assert.equal(me.Account, gh.accounts[name].id);
      assert.equal(me.Arn, `arn:aws:iam::${gh.accounts[name].id}:root`);
      assert.equal(gh.accounts[name].profile, name);
    }
    const credentials = readFileSync(gh.configFiles.credentialsFile, 'utf8');
    assert.ok(credentials.includes(gh.accounts.prod.credentials.accessKeyId));
    assert.ok(readFileSync(gh.configFiles.configFile, 'utf8').includes(gh.endpoint));
    assert.equal(gh.organization?.managementAccountId, gh.accounts.utils.id);
  });

  test('clientConfig() is all an S3 client needs (an IP endpoint: path-style addressing)', async () => {
    const s3 = new S3Client(gh.clientConfig('utils'));
    await s3.send(new CreateBucketCommand({ Bucket: 'library-s3' }));
    await s3.send(new PutObjectCommand({ Bucket: 'library-s3', Key: 'a.txt', Body: 'hello' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'library-s3', Key: 'a.txt' }));
    assert.equal(await got.Body!.transformToString(), 'hello');
    await gh.reset();
  });

  test('env() is all the AWS CLI needs (AWS_ENDPOINT_URL, keys, region, profile files)', async () => {
    const env = { PATH: process.env.PATH!, HOME: mkdtempSync(join(tmpdir(), 'gatehouse-home-')), ...gh.env('prod') };
    try {
      const me = JSON.parse((await run('aws', ['sts', 'get-caller-identity'], { env })).stdout) as { Account: string };
      assert.equal(me.Account, gh.accounts.prod.id);
      await run('aws', ['iam', 'create-user', '--user-name', 'from-cli'], { env });
      await run('aws', ['s3api', 'create-bucket', '--bucket', 'from-cli'], { env });
      const users = JSON.parse((await run('aws', ['iam', 'list-users'], { env })).stdout) as { Users: Array<{ UserName: string }> };
      assert.deepEqual(users.Users.map((u) => u.UserName), ['from-cli']);
      // The profile files alone do as well (the variables a tool without AWS_ENDPOINT_URL support reads).
      const byProfile = { PATH: env.PATH, HOME: env.HOME, AWS_CONFIG_FILE: env.AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE: env.AWS_SHARED_CREDENTIALS_FILE, AWS_PROFILE: 'prod' };
      const viaProfile = JSON.parse((await run('aws', ['sts', 'get-caller-identity'], { env: byProfile })).stdout) as { Account: string };
      assert.equal(viaProfile.Account, gh.accounts.prod.id);
    } finally {
      rmSync(env.HOME, { recursive: true, force: true });
      await gh.reset();
    }
  });

  test('env() is all Terraform\'s hashicorp/aws provider needs: an empty provider block', async (t) => {
    const missing = await terraformMissing();
    if (missing) return t.skip(missing);
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-tf-env-'));
    try {
      writeFileSync(join(dir, 'main.tf'), `provider "aws" {}
data "aws_caller_identity" "me" {}
resource "aws_iam_user" "u" { name = "from-terraform" }
resource "aws_s3_bucket" "b" { bucket = "from-terraform" }
output "account" { value = data.aws_caller_identity.me.account_id }
`);
      const env = { PATH: process.env.PATH!, HOME: dir, TF_CLI_CONFIG_FILE: writeMirrorConfig(join(dir, 'terraform.rc')), TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', ...gh.env('prod') };
      await run('terraform', ['init', '-input=false', '-no-color'], { cwd: dir, env });
      const apply = await run('terraform', ['apply', '-auto-approve', '-input=false', '-no-color'], { cwd: dir, env });
      assert.match(apply.stdout, /Apply complete! Resources: 2 added/);
      assert.match(apply.stdout, new RegExp(`account = "${gh.accounts.prod.id}"`));
      const users = (await new IAMClient(gh.clientConfig('prod')).send(new ListUsersCommand({}))).Users!;
      assert.deepEqual(users.map((u) => u.UserName), ['from-terraform']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await gh.reset();
    }
  });

  describe('reset() between two tests', () => {
    let userKey: Credentials;
    let session: Credentials & { sessionToken: string };
    let objectFiles: number;
    let ouId: string;

    test('a test creates a user with a key, a bucket with an object, a session and an OU', async () => {
      const iam = new IAMClient(gh.clientConfig('utils'));
      await iam.send(new CreateUserCommand({ UserName: 'alice' }));
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
      userKey = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
      // Each of these lands on one process or the other: both come to know alice's key.
      for (let i = 0; i < 4; i++) await new STSClient(config(gh, userKey)).send(new GetCallerIdentityCommand({}));
      const s3 = new S3Client(gh.clientConfig('utils'));
      await s3.send(new CreateBucketCommand({ Bucket: 'reset-me' }));
      await s3.send(new PutObjectCommand({ Bucket: 'reset-me', Key: 'k', Body: 'x'.repeat(1000) }));
      objectFiles = readdirSync(join(gh.dataDir, 'objects', 'data')).length;
      assert.ok(objectFiles >= 1);
      const c = (await new STSClient(gh.clientConfig('prod')).send(new GetSessionTokenCommand({}))).Credentials!;
      session = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
      for (let i = 0; i < 4; i++) await new STSClient(config(gh, session)).send(new GetCallerIdentityCommand({}));
      const orgs = new OrganizationsClient(gh.clientConfig('utils'));
      const rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0].Id!;
      ouId = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'team' }))).OrganizationalUnit!.Id!;
    });

    test('the next test, after reset(), finds none of it, in any process', async () => {
      await gh.reset();
      const users = (await new IAMClient(gh.clientConfig('utils')).send(new ListUsersCommand({}))).Users!;
      assert.deepEqual(users.map((u) => u.UserName), ['organization-admin'], 'only the user the organization started with');
      for (let i = 0; i < 4; i++) {
        assert.equal(await failure(new STSClient(config(gh, userKey)).send(new GetCallerIdentityCommand({}))), 'InvalidClientTokenId');
        assert.equal(await failure(new STSClient(config(gh, session)).send(new GetCallerIdentityCommand({}))), 'InvalidClientTokenId');
      }
      assert.deepEqual((await new S3Client(gh.clientConfig('utils')).send(new ListBucketsCommand({}))).Buckets, []);
      assert.equal(readdirSync(join(gh.dataDir, 'objects', 'data')).length, objectFiles - 1, 'the object file goes with its row');
      const orgs = new OrganizationsClient(gh.clientConfig('utils'));
      assert.equal((await orgs.send(new DescribeOrganizationCommand({}))).Organization!.Id, gh.organization!.id, 'the same organization');
      const rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0].Id!;
      assert.deepEqual((await orgs.send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId }))).OrganizationalUnits, []);
      assert.ok(ouId);
    });

    test('the decision log is empty after a reset, whatever either process had not yet written', async () => {
      // Decisions wait in each process's memory for a fifth of a second before they are written.
      for (let i = 0; i < 6; i++) await new IAMClient(config(gh, gh.accounts.utils.credentials)).send(new ListUsersCommand({}));
      await gh.reset();
      await new Promise((r) => setTimeout(r, 600));
      const db = new Database(join(gh.dataDir, 'gatehouse.db'), { readonly: true });
      try {
        assert.equal(db.prepare('SELECT COUNT(*) FROM decision_log_batches').pluck().get(), 0);
      } finally {
        db.close();
      }
    });

    test('the root keys the test holds keep working, with the same account ids', async () => {
      for (const name of ['utils', 'prod']) {
        for (let i = 0; i < 3; i++) {
          const me = await new STSClient(config(gh, gh.accounts[name].credentials)).send(new GetCallerIdentityCommand({}));
          assert.equal(me.Account, gh.accounts[name].id);
        }
      }
    });
  });

  test('advanceClock() expires a session, in every process; reset() brings real time back', async () => {
    const c = (await new STSClient(gh.clientConfig('prod')).send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials!;
    const session = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    await new STSClient(config(gh, session)).send(new GetCallerIdentityCommand({}));
    await gh.advanceClock(901);
    for (let i = 0; i < 4; i++) assert.equal(await failure(new STSClient(config(gh, session)).send(new GetCallerIdentityCommand({}))), 'ExpiredToken');
    await gh.reset();
    const clock = JSON.parse((await adminFetch({ ...gh.clientConfig('utils') }, 'GET', '/_gatehouse/clock')).text) as { offsetSeconds: number };
    assert.equal(clock.offsetSeconds, 0);
  });

  test('reset is for account roots only, and never unsigned', async () => {
    const iam = new IAMClient(gh.clientConfig('utils'));
    await iam.send(new CreateUserCommand({ UserName: 'not-root' }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'not-root' }))).AccessKey!;
    const user = { endpoint: gh.endpoint, region: gh.region, credentials: { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! } };
    const refused = await adminFetch(user, 'POST', '/_gatehouse/reset', '{}');
    assert.equal(refused.status, 403);
    assert.match(refused.text, /AccessDenied/);
    const unsigned = await fetch(`${gh.endpoint}/_gatehouse/reset`, { method: 'POST', body: '{}' });
    assert.equal(unsigned.status, 403);
    assert.equal((await new IAMClient(gh.clientConfig('utils')).send(new ListUsersCommand({}))).Users!.some((u) => u.UserName === 'not-root'), true, 'nothing was reset');
    await gh.reset();
  });

  test('reset() takes tens of milliseconds (the figure in docs/testing.md)', async () => {
    const s3 = new S3Client(gh.clientConfig('utils'));
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      await new IAMClient(gh.clientConfig('utils')).send(new CreateUserCommand({ UserName: `u${i}` }));
      await s3.send(new CreateBucketCommand({ Bucket: `b-${i}` }));
      await s3.send(new PutObjectCommand({ Bucket: `b-${i}`, Key: 'k', Body: 'v' }));
      const started = performance.now();
      await gh.reset();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    process.stdout.write(`# reset() median ${median.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms (15 resets, 2 processes, an organization)\n`);
    // A loose bound for a loaded 2-core machine; a quiet one measures a few tens of ms.
    assert.ok(median < 500, `median reset ${median} ms`);
  });
});

describe('stop()', () => {
  test('ends the server and its helper processes and removes the temporary data dir', async () => {
    const gh = await startGatehouse({ accounts: ['solo'], processes: 2 });
    await until(() => processTree(gh.pid).length >= 2, 'the helper process');
    const pids = processTree(gh.pid);
    await gh.stop();
    assert.deepEqual(pids.filter(alive), []);
    assert.equal(existsSync(gh.dataDir), false);
  });

  test('keeps a data dir it was given', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-kept-'));
    try {
      const gh = await startGatehouse({ dataDir, accounts: ['solo'] });
      assert.equal(gh.dataDir, dataDir);
      await gh.stop();
      assert.equal(existsSync(join(dataDir, 'gatehouse.db')), true);
      assert.equal(alive(gh.pid), false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('a test process that ends without stop(), or is killed, takes its server with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-forgetful-'));
    const library = fileURLToPath(new URL('../dist/testing/index.js', import.meta.url));
    try {
      for (const ending of ['exit', 'SIGKILL']) {
        const script = join(dir, `${ending}.mjs`);
        writeFileSync(script, `import { startGatehouse } from ${JSON.stringify(library)};
const gh = await startGatehouse({ accounts: ['solo'] });
process.stdout.write(gh.pid + '\\n');
${ending === 'exit' ? '' : 'setInterval(() => {}, 1000);'}\n`);
        const child = execFile(process.execPath, [script]);
        const pid = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString()))));
        if (ending === 'SIGKILL') child.kill('SIGKILL');
        await until(() => !alive(pid), `the server to end after its test process's ${ending}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('startGatehouse refusals', () => {
  test('an account it does not have is a clear error', async () => {
    const gh = await startGatehouse({ accounts: ['solo'] });
    try {
      assert.throws(() => gh.clientConfig('prod'), /no account 'prod' \(accounts: solo\)/);
    } finally {
      await gh.stop();
    }
  });

  test('a server that cannot start says why', async () => {
    await assert.rejects(startGatehouse({ accounts: ['not a name!'] }), /server exited[\s\S]*Invalid account name/);
  });
});
