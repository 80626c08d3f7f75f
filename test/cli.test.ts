/**
 * The gatehouse command itself, as a user runs it: serve as its own process,
 * accounts, clock advance against the running server, help.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import Module from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IAMClient, CreateRoleCommand, CreateUserCommand, CreateAccessKeyCommand } from '@aws-sdk/client-iam';
import { parse as parseIni } from 'ini';
import { cleanEnv, cleanup, run, which } from './support/gatehouse.js';

// The shipped command (built by `npm test`'s pretest step); the sources when it has not been built.
const BUNDLE = fileURLToPath(new URL('../dist/gatehouse.cjs', import.meta.url));
const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const COMMAND = existsSync(BUNDLE) ? [BUNDLE] : ['--import', 'tsx', MAIN];
const gatehouse = (args: string[], env: NodeJS.ProcessEnv = cleanEnv(), cwd?: string) => run('node', [...COMMAND, ...args], env, { cwd });
/** A port nothing listens on (one the system just handed out and took back). */
const closedPort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as AddressInfo; s.close(() => resolve(port)); });
});
/** A failure as a user should see it: one line, no stack, no raw ENOENT. */
const oneLine = (stderr: string) => stderr.trim().split('\n').length === 1 && !/ENOENT|\n\s+at /.test(stderr);

describe('the gatehouse command', async () => {
  const hasAws = await which('aws');
  let dataDir: string;
  let child: ChildProcess;
  let url: string;
  let banner = '';

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
    child = spawn('node', [...COMMAND, 'serve', '--port', '0', '--data-dir', dataDir, '--accounts', 'utils,prod=210987654321'], { stdio: ['ignore', 'pipe', 'pipe'] });
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start: ${banner}`)), 30_000);
      child.stdout!.on('data', (d: Buffer) => {
        banner += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(banner);
        if (m && banner.includes('AWS_SHARED_CREDENTIALS_FILE')) { clearTimeout(timer); resolve(m[1]); }
      });
      child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${banner}`)));
    });
  });
  after(() => {
    child.kill('SIGTERM');
    cleanup(dataDir);
  });

  test('serve prints the accounts and the two export lines, and writes the profiles', () => {
    assert.match(banner, /^\s+account utils\s+\d{12}\s+profile: utils$/m);
    assert.match(banner, /^\s+account prod\s+210987654321\s+profile: prod$/m);
    assert.match(banner, new RegExp(`^export AWS_CONFIG_FILE=${join(dataDir, 'aws', 'config')}$`, 'm'));
    assert.match(banner, new RegExp(`^export AWS_SHARED_CREDENTIALS_FILE=${join(dataDir, 'aws', 'credentials')}$`, 'm'));
    const config = parseIni(readFileSync(join(dataDir, 'aws', 'config'), 'utf8'));
    assert.equal(config['profile prod'].endpoint_url, url);
    const creds = parseIni(readFileSync(join(dataDir, 'aws', 'credentials'), 'utf8'));
    assert.match(creds.utils.aws_access_key_id, /^AKIA[A-Z2-7]{16}$/);
  });

  test('accounts list and create work on the data dir of a running server', async () => {
    const created = await gatehouse(['accounts', 'create', 'staging=333344445555', '--data-dir', dataDir]);
    assert.equal(created.code, 0, created.stderr);
    const list = await gatehouse(['accounts', 'list', '--data-dir', dataDir]);
    assert.deepEqual(list.stdout.trim().split('\n').map((l) => l.split('\t').slice(0, 2)).map(([n, id]) => (n === 'utils' ? [n, 'any'] : [n, id])),
      [['utils', 'any'], ['prod', '210987654321'], ['staging', '333344445555']]);
    const clash = await gatehouse(['accounts', 'create', 'other=333344445555', '--data-dir', dataDir]);
    assert.notEqual(clash.code, 0);
    assert.match(clash.stderr, /already taken by staging/);
  });

  test('clock advance expires a session the AWS CLI holds', { skip: !hasAws && 'aws CLI not installed' }, async () => {
    const creds = parseIni(readFileSync(join(dataDir, 'aws', 'credentials'), 'utf8'));
    const prod = new IAMClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: creds.prod.aws_access_key_id, secretAccessKey: creds.prod.aws_secret_access_key } });
    // Same account: a trust policy naming the user is enough on its own.
    const user = await prod.send(new CreateUserCommand({ UserName: 'ops' }));
    const key = (await prod.send(new CreateAccessKeyCommand({ UserName: 'ops' }))).AccessKey!;
    const role = await prod.send(new CreateRoleCommand({
      RoleName: 'ops-role',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: user.User!.Arn } }] }),
    }));
    const env = cleanEnv({ AWS_CONFIG_FILE: join(dataDir, 'aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dataDir, 'aws', 'credentials'), AWS_PROFILE: 'prod' });
    const asUser = { ...env, AWS_ACCESS_KEY_ID: key.AccessKeyId!, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey! };
    const assumed = await run('aws', ['sts', 'assume-role', '--role-arn', role.Role!.Arn!, '--role-session-name', 'ops', '--duration-seconds', '900', '--output', 'json'], asUser);
    assert.equal(assumed.code, 0, assumed.stderr);
    const c = JSON.parse(assumed.stdout).Credentials;
    const asSession = { ...env, AWS_ACCESS_KEY_ID: c.AccessKeyId, AWS_SECRET_ACCESS_KEY: c.SecretAccessKey, AWS_SESSION_TOKEN: c.SessionToken };
    assert.equal((await run('aws', ['sts', 'get-caller-identity'], asSession)).code, 0);

    const moved = await gatehouse(['clock', 'advance', '901', '--data-dir', dataDir]);
    assert.equal(moved.code, 0, moved.stderr);
    assert.match(moved.stdout, /offset 901 s/);
    const expired = await run('aws', ['sts', 'get-caller-identity'], asSession);
    assert.match(expired.stderr, /\(ExpiredToken\) when calling the GetCallerIdentity operation: The security token included in the request is expired/);
    // The user's own key still works: its fresh signature is not judged against the moved clock.
    assert.equal((await run('aws', ['sts', 'get-caller-identity'], asUser)).code, 0);
  });

  test('clock finds the server the same way from any folder: the exported profile files, or one line saying where it looked', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'gatehouse-cli-elsewhere-'));
    try {
      const exported = cleanEnv({ AWS_CONFIG_FILE: join(dataDir, 'aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dataDir, 'aws', 'credentials') });
      const shown = await gatehouse(['clock', 'show'], exported, elsewhere);
      assert.equal(shown.code, 0, shown.stderr);
      assert.match(shown.stdout, /^server time \S+ \(offset -?\d+ s\)$/m);
      const lost = await gatehouse(['clock', 'show'], cleanEnv(), elsewhere);
      assert.equal(lost.code, 2);
      assert.ok(oneLine(lost.stderr), lost.stderr);
      assert.match(lost.stderr, /^gatehouse clock: no Gatehouse profiles found: looked in \.\/\.gatehouse\/aws\/credentials; start the server here, or pass --data-dir DIR, or export AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE as `npm start` prints\n$/);
      const listed = await gatehouse(['accounts', 'list'], exported, elsewhere);
      assert.equal(listed.code, 0, listed.stderr);
      assert.match(listed.stdout, /^prod\t210987654321\t/m);
      const wrongProfile = await gatehouse(['clock', 'show', '--data-dir', dataDir, '--profile', 'nobody']);
      assert.equal(wrongProfile.code, 2);
      assert.ok(oneLine(wrongProfile.stderr), wrongProfile.stderr);
      assert.match(wrongProfile.stderr, /--profile nobody: no such profile in .*\(profiles with keys there: utils, prod.*\); pass --profile NAME/);
      // --data-dir decides over the files the shell exports (those of another server, here none at all)
      const elsewhereExports = cleanEnv({ AWS_CONFIG_FILE: join(elsewhere, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(elsewhere, 'credentials'), AWS_PROFILE: 'nobody' });
      const explained = await gatehouse(['explain', 'arn:aws:iam::210987654321:user/nobody', 's3:ListAllMyBuckets', '--endpoint', url, '--profile', 'prod', '--data-dir', dataDir], elsewhereExports, elsewhere);
      assert.match(explained.stderr, /NoSuchEntity(Exception)?: The user with name nobody cannot be found/, 'the server answered the data dir\'s prod root');
      const lostExplain = await gatehouse(['explain', 'arn:aws:iam::210987654321:user/nobody', 's3:ListAllMyBuckets', '--endpoint', url], cleanEnv(), elsewhere);
      assert.equal(lostExplain.code, 2);
      assert.match(lostExplain.stderr, /^gatehouse explain: no Gatehouse profiles found: looked in \.\/\.gatehouse\/aws\/credentials; /);
      const closed = await closedPort();
      const noServer = await gatehouse(['clock', 'show', '--data-dir', dataDir, '--endpoint', `http://127.0.0.1:${closed}`]);
      assert.ok(oneLine(noServer.stderr), noServer.stderr);
      assert.match(noServer.stderr, new RegExp(`^gatehouse clock: no server answers at http://127\\.0\\.0\\.1:${closed} \\(ECONNREFUSED\\); start it with \`npm start\``));
    } finally {
      cleanup(elsewhere);
    }
  });

  test('a port in use: one line saying how to choose another, exit non-zero', async () => {
    const other = mkdtempSync(join(tmpdir(), 'gatehouse-cli-port-'));
    try {
      const r = await gatehouse(['serve', '--port', new URL(url).port, '--data-dir', other, '--processes', '1']);
      assert.notEqual(r.code, 0);
      assert.ok(oneLine(r.stderr), r.stderr);
      assert.equal(r.stderr, `gatehouse serve: port ${new URL(url).port} on 127.0.0.1 is in use (another Gatehouse?); choose another with \`npm start -- --port N\` (or \`gatehouse serve --port N\`)\n`);
    } finally {
      cleanup(other);
    }
  });

  test('the admin endpoint answers only account roots', async () => {
    const r = await fetch(`${url}/_gatehouse/clock`);
    assert.equal(r.status, 403);
  });

  test('help and unknown commands', async () => {
    const help = await gatehouse(['--help']);
    assert.equal(help.code, 0);
    for (const verb of ['serve', 'accounts list', 'accounts create', 'clock', 'demo']) assert.ok(help.stdout.includes(`gatehouse ${verb}`), verb);
    const bad = await gatehouse(['frobnicate']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown command 'frobnicate'/);
  });

  test('every command answers --help and -h with its usage from the help, exit 0; an unknown option is one line and the usage, exit 2', async () => {
    const help = (await gatehouse(['help'])).stdout;
    for (const verb of ['serve', 'accounts', 'clock', 'demo', 'operations', 'explain', 'assume']) {
      for (const flag of ['--help', '-h']) {
        const r = await gatehouse([verb, flag]);
        assert.equal(r.code, 0, `${verb} ${flag}: ${r.stderr}`);
        assert.match(r.stdout, new RegExp(`^usage:\n {2}gatehouse ${verb}[ \n]`));
        assert.ok(help.includes(r.stdout.replace(/^usage:\n/, '')), `${verb}'s usage is the help's`);
      }
      const bad = await gatehouse([verb, '--frobnicate']);
      assert.equal(bad.code, 2, verb);
      assert.match(bad.stderr, new RegExp(`^gatehouse ${verb}: Unknown option '--frobnicate'\nusage:\n {2}gatehouse ${verb}[ \n]`), verb);
    }
    // after `--`, --help belongs to the command assume runs
    assert.notEqual((await gatehouse(['assume', 'arn:aws:iam::123456789012:role/r', '--data-dir', dataDir, '--', 'true', '--help'])).stdout.startsWith('usage:'), true);
  });
});

test('gatehouse demo runs the scenario and every step answers as AWS would', async () => {
  const r = await gatehouse(['demo']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /✔ s3api list-buckets with the session\n\s+→ prod-data-\d{12}/);
  assert.match(r.stdout, /✔ the session creates a bucket\n\s+→ AccessDenied: /);
  assert.match(r.stdout, /✔ the session lists them in eu-central-1\n\s+→ AccessDenied: .* with an explicit deny in a service control policy/);
  assert.match(r.stdout, /✔ so does prod's root user: .*\n\s+→ AccessDenied: .* with an explicit deny in a service control policy/);
  assert.match(r.stdout, /✔ utils's root lists its buckets in eu-central-1: SCPs never bind the management account\n\s+→ allowed/);
  // explain names the SCP that decided
  assert.match(r.stdout, /DENIED \(explicit deny\): arn:aws:iam::\d{12}:role\/s3-list-role → s3:ListAllMyBuckets/);
  assert.match(r.stdout, /scp {2}\(decided the denial\): statement Statement\[0\] of region-deny \(p-\w+\) attached to account \d{12} denies/);
  assert.match(r.stdout, /✔ the session, an hour later\n\s+→ ExpiredToken: /);
  assert.match(r.stdout, /Every step answered as AWS would\./);
});

/**
 * A Node of another line than the one running the suite (whose better-sqlite3 build is in node_modules): the
 * image's, or one `.ci/run` installed into its cache dir. Undefined when the machine has no other.
 */
function otherNode(): string | undefined {
  const ciCache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'gatehouse-ci');
  for (const node of ['/usr/bin/node', '/usr/local/bin/node', ...['20', '22', '24'].map((v) => join(ciCache, `node-${v}`, 'bin/node'))]) {
    if (existsSync(node) && execFileSync(node, ['-p', 'process.versions.modules'], { encoding: 'utf8' }).trim() !== process.versions.modules) return node;
  }
  return undefined;
}

test('on a Node whose ABI the better-sqlite3 build does not match, one line says to rebuild it', { skip: (!existsSync(BUNDLE) && 'not built') || (!otherNode() && 'no Node of another line on this machine') }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-abi-'));
  try {
    const r = await run(otherNode()!, [BUNDLE, 'serve', '--port', '0', '--data-dir', dataDir], cleanEnv({ XDG_CACHE_HOME: dataDir }));
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^gatehouse serve: better-sqlite3 was compiled for another Node\.js \(NODE_MODULE_VERSION \d+; Node v[\d.]+ needs \d+\): run `npm rebuild better-sqlite3( --nodedir=\S+)?` with this Node\n$/);
    assert.equal(r.stdout, '');
  } finally {
    cleanup(dataDir);
  }
});

// The launcher's choice (src/cli/launch.cts): Node's own compile cache where Node has one (>= 22.1), else
// V8's code cache through vm.Script (Node 20). `.ci/run` runs this file on both kinds of Node.
const nodeCompileCache = typeof (Module as unknown as { enableCompileCache?: unknown }).enableCompileCache === 'function';

test(`the built command writes ${nodeCompileCache ? 'Node\'s compile cache' : 'V8\'s code cache'} once, to a dir of its user alone, and starts from it after`, { skip: !existsSync(BUNDLE) && 'not built' }, async () => {
  const cacheHome = mkdtempSync(join(tmpdir(), 'gatehouse-cache-'));
  /** Every file under the cache dir, with its mode and mtime. */
  const cacheFiles = (dir: string) => (readdirSync(dir, { recursive: true }) as string[])
    .map((f) => ({ f, st: statSync(join(dir, f)) })).filter(({ st }) => st.isFile())
    .map(({ f, st }) => ({ f, mode: st.mode & 0o777, mtime: st.mtimeMs }));
  try {
    const env = cleanEnv({ XDG_CACHE_HOME: cacheHome });
    const first = await gatehouse(['operations'], env);
    assert.equal(first.code, 0, first.stderr);
    const dir = join(cacheHome, 'gatehouse');
    const files = cacheFiles(dir);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    if (nodeCompileCache) {
      assert.deepEqual(readdirSync(dir), ['compile-cache']);
      // One entry per module compiled: the program and the packages it requires.
      assert.ok(files.length > 1, JSON.stringify(files));
      for (const { f } of files) assert.match(f, /^compile-cache\/v\d+\.\d+\.\d+-/);
    } else {
      assert.equal(files.length, 1);
      assert.match(files[0].f, /^[0-9a-f]{24}\.v8$/);
    }
    for (const { f, mode } of files) assert.equal(mode, 0o600, f);
    const second = await gatehouse(['operations'], env);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, first.stdout);
    // Accepted, so not written again.
    assert.deepEqual(cacheFiles(dir), files);
    // A cache dir others may write to is not trusted: nothing is read from it or written to it.
    chmodSync(dir, 0o777);
    for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true });
    const third = await gatehouse(['operations'], env);
    assert.equal(third.stdout, first.stdout);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    cleanup(cacheHome);
  }
});
