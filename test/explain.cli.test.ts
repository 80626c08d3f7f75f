/** `gatehouse explain`: the tree, --json, exit codes, against a data dir and a running server. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { TestGatehouse, cleanEnv, run, type Credentials } from './support/gatehouse.js';
import { callAdmin } from '../src/cli/admin-call.js';

const gatehouse = (args: string[]) => run('node', ['dist/gatehouse.cjs', 'explain', ...args], cleanEnv());

describe('gatehouse explain', () => {
  let gh: TestGatehouse;
  let bob: string;

  before(async () => {
    gh = await TestGatehouse.start({ accounts: ['main'] });
    const iam = gh.iam(gh.root('main'));
    bob = (await iam.send(new CreateUserCommand({ UserName: 'bob' }))).User!.Arn!;
    await iam.send(new PutUserPolicyCommand({
      UserName: 'bob', PolicyName: 'reads', PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Reads', Effect: 'Allow', Action: 's3:Get*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
          { Sid: 'NoSecrets', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::secret/*' },
        ],
      }),
    }));
  });
  after(() => gh.dispose());

  test('data dir: the tree says which statement applies or why not; exit 1 when denied', async () => {
    const r = await gatehouse([bob, 's3:GetObject', 'arn:aws:s3:::b/k', '--data-dir', gh.dataDir]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^DENIED \(implicit deny\): /);
    assert.match(r.stdout, /because no identity-based policy allows the s3:GetObject action/);
    assert.match(r.stdout, /\n {2}arn:aws:iam::\d+:user\/bob \(inline policy reads\)\n {4}· Allow Reads — Condition Bool aws:SecureTransport is not met\n/);
    assert.match(r.stdout, /not given: aws:SecureTransport/);
  });

  test('data dir: --context decides; exit 0 when allowed; --json for machines', async () => {
    const r = await gatehouse([bob, 's3:GetObject', 'arn:aws:s3:::b/k', '--data-dir', gh.dataDir, '--context', 'aws:SecureTransport=true', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const x = JSON.parse(r.stdout);
    assert.equal(x.decision, 'Allow');
    assert.deepEqual(x.trace.map((t: { statement: string; matched: boolean }) => [t.statement, t.matched]), [['Reads', true], ['NoSecrets', false]]);
    const deny = JSON.parse((await gatehouse([bob, 's3:GetObject', 'arn:aws:s3:::secret/k', '--data-dir', gh.dataDir, '--json'])).stdout);
    assert.deepEqual([deny.decision, deny.deniedBy], ['ExplicitDeny', 'identity']);
  });

  test('a running server explains itself to an account root: the same answer as the data dir', async () => {
    const args = [bob, 's3:GetObject', 'arn:aws:s3:::secret/k', '--json'];
    const r = await gatehouse([...args, '--endpoint', gh.server.url, '--profile', 'main', '--data-dir', gh.dataDir]);
    assert.equal(r.code, 1, r.stderr);
    const x = JSON.parse(r.stdout);
    assert.deepEqual([x.decision, x.deniedBy], ['ExplicitDeny', 'identity']);
    assert.deepEqual(x.trace.map((t: { statement: string; matched: boolean }) => [t.statement, t.matched]), [['Reads', false], ['NoSecrets', true]]);
    assert.deepEqual(x, JSON.parse((await gatehouse([...args, '--data-dir', gh.dataDir])).stdout));
  });

  test('POST /_gatehouse/explain: roots only, a clear error for every bad body, never a crash', async () => {
    const as = (credentials: Credentials) => ({ endpoint: gh.server.url, region: 'us-east-1', credentials, profile: 'test', configFile: '', credentialsFile: '', chosenBy: 'test' });
    const root = as(gh.root('main'));
    const ok = await callAdmin(root, 'POST', '/_gatehouse/explain', JSON.stringify({ principal: bob, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: { 'aws:SecureTransport': 'true' } }));
    assert.equal(ok.status, 200, ok.text);
    assert.equal(JSON.parse(ok.text).decision, 'Allow');
    const bad: Array<[string, RegExp]> = [
      ['{', /not JSON/],
      ['[]', /not an object/],
      [JSON.stringify({ principal: bob }), /principal, action and resource are strings/],
      [JSON.stringify({ principal: bob, action: 's3:GetObject', context: { k: 1 } }), /context maps keys to a string or a list of strings/],
      [JSON.stringify({ principal: bob, action: 's3:GetObject', resourcePolicy: '{}' }), /resourcePolicy is/],
      [JSON.stringify({ principal: bob, action: 's3:GetObject', resourcePolicy: { text: '{"Statement": 1}', source: 'p.json' } }), /^p\.json:1:/],
      [JSON.stringify({ principal: 'arn:aws:iam::123456789012:user/x', action: 's3:GetObject' }), /The account 123456789012 cannot be found/],
    ];
    for (const [body, message] of bad) {
      const r = await callAdmin(root, 'POST', '/_gatehouse/explain', body);
      assert.ok(r.status === 400 || r.status === 404, `${body}: ${r.status} ${r.text}`);
      assert.match(JSON.parse(r.text).message, message, body);
    }
    assert.equal((await callAdmin(root, 'GET', '/_gatehouse/explain')).status, 405);
    const user = await gh.userWithKey('main', 'not_root');
    const refused = await callAdmin(as(user), 'POST', '/_gatehouse/explain', JSON.stringify({ principal: bob, action: 's3:GetObject' }));
    assert.deepEqual([refused.status, JSON.parse(refused.text).code], [403, 'AccessDenied']);
  });

  test('--data-dir wins over the shell\'s exports; the exports alone find the data dir', async () => {
    const args = [bob, 's3:GetObject', 'arn:aws:s3:::secret/k', '--json'];
    const stale = cleanEnv({ AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials', AWS_PROFILE: 'ghost' });
    for (const mode of [['--data-dir', gh.dataDir], ['--data-dir', gh.dataDir, '--endpoint', gh.server.url, '--profile', 'main']]) {
      const r = await run('node', ['dist/gatehouse.cjs', 'explain', ...args, ...mode], stale);
      assert.equal(JSON.parse(r.stdout).decision, 'ExplicitDeny', `${mode.join(' ')}: ${r.stderr}`);
    }
    const exported = cleanEnv({ AWS_CONFIG_FILE: gh.server.profiles.configFile, AWS_SHARED_CREDENTIALS_FILE: gh.server.profiles.credentialsFile });
    const r = await run('node', [resolve('dist/gatehouse.cjs'), 'explain', ...args], exported, { cwd: tmpdir() });
    assert.equal(JSON.parse(r.stdout).decision, 'ExplicitDeny', r.stderr);
  });

  test('usage and unknown principals exit 2', async () => {
    assert.equal((await gatehouse([])).code, 2);
    assert.equal((await gatehouse(['not-an-arn', 's3:GetObject'])).code, 2);
    const r = await gatehouse([bob.replace('bob', 'nobody'), 's3:GetObject', '--data-dir', gh.dataDir]);
    assert.equal(r.code, 2);
    // A principal that is not there is one line, not the usage: the arguments were fine.
    assert.equal(r.stderr, 'gatehouse explain: NoSuchEntity: The user with name nobody cannot be found.\n');
    assert.equal((await gatehouse([bob, 's3:GetObject', '--context', 'novalue', '--data-dir', gh.dataDir])).code, 2);
  });
});
