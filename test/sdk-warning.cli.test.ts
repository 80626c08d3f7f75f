/**
 * A command's output carries what the user asked for and Gatehouse's own messages: on Node 20 the AWS
 * SDK's "will require node >=22" warning (printed once per process that makes a client) must appear
 * neither in `demo`, `explain --endpoint` and `assume`, nor in the server's log — and the switch that
 * silences it must not leak into the command `assume` runs. (On Node 22 and later the SDK never warns,
 * so there this test checks only the leak.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { spawnServer, type ChildServer } from './support/child-server.js';
import { cleanEnv, cleanup, run } from './support/gatehouse.js';

const SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
const WARNING = /NodeVersionSupportWarning|will require node/;
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-sdk-warning-'));
/** The user's shell: no AWS_* variable at all, the SDK's switch included. */
const userEnv = (extra: Record<string, string> = {}) => {
  const { [SWITCH]: _, ...env } = cleanEnv();
  return { ...env, ...extra };
};
const gatehouse = (args: string[], env = userEnv()) => run('node', ['dist/gatehouse.cjs', ...args], env);

let server: ChildServer;
let role: string;
let devProfiles: Record<string, string>;

before(async () => {
  server = await spawnServer(join(dir, 'data'), ['--processes', '2'], userEnv());
  const iam = (account: string) => new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials: server.root(account), maxAttempts: 1 });
  const dev = (await iam('utils').send(new CreateUserCommand({ UserName: 'dev' }))).User!.Arn!;
  await iam('utils').send(new PutUserPolicyCommand({ UserName: 'dev', PolicyName: 'assume', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }) }));
  const key = (await iam('utils').send(new CreateAccessKeyCommand({ UserName: 'dev' }))).AccessKey!;
  role = (await iam('prod').send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: dev }, Action: 'sts:AssumeRole' }] }) }))).Role!.Arn!;
  writeFileSync(join(dir, 'credentials'), `[dev]\naws_access_key_id = ${key.AccessKeyId}\naws_secret_access_key = ${key.SecretAccessKey}\n`);
  writeFileSync(join(dir, 'config'), '[profile dev]\nregion = us-east-1\n');
  devProfiles = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
});
after(async () => {
  await server?.crash();
  cleanup(dir);
});

test('explain --endpoint prints its answer and no SDK warning', async () => {
  const r = await gatehouse(['explain', role, 'sts:AssumeRole', '--endpoint', server.url, '--data-dir', join(dir, 'data'), '--profile', 'prod']);
  assert.equal(r.code, 1, r.stdout + r.stderr); // denied: no one's policy lets the role assume itself
  assert.doesNotMatch(r.stderr, WARNING);
  assert.match(r.stdout, /^DENIED/);
  // Another profile than a root's is answered by IAM's simulator, through the SDK's IAM client.
  const simulated = await gatehouse(['explain', role, 'sts:AssumeRole', '--endpoint', server.url, '--profile', 'dev'], userEnv(devProfiles));
  assert.doesNotMatch(simulated.stderr, WARNING);
  assert.match(simulated.stdout + simulated.stderr, /SimulatePrincipalPolicy|AccessDenied|DENIED/);
});

test('assume prints export lines and no SDK warning; the command it runs sees the user\'s environment, not our switch', async () => {
  const exported = await gatehouse(['assume', role, '--profile', 'dev', '--endpoint', server.url], userEnv(devProfiles));
  assert.equal(exported.code, 0, exported.stderr);
  assert.equal(exported.stderr, '');
  assert.match(exported.stdout, /^export AWS_ACCESS_KEY_ID='ASIA/m);

  const probe = `process.stdout.write(String(process.env.${SWITCH}))`;
  const ran = await gatehouse(['assume', role, '--profile', 'dev', '--endpoint', server.url, '--', 'node', '-e', probe], userEnv(devProfiles));
  assert.equal(ran.code, 0, ran.stderr);
  assert.equal(ran.stdout, 'undefined');
  assert.doesNotMatch(ran.stderr, WARNING);
  // A user who set the switch keeps it in the command's environment.
  const kept = await gatehouse(['assume', role, '--profile', 'dev', '--endpoint', server.url, '--', 'node', '-e', probe], userEnv({ ...devProfiles, [SWITCH]: 'false' }));
  assert.equal(kept.stdout, 'false');
});

test('demo shows the scenario and no SDK warning', async () => {
  const r = await gatehouse(['demo']);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, WARNING);
  assert.match(r.stdout, /AccessDenied/);
});

test('the server\'s log (main process and helpers) has no SDK warning after serving SDK and CLI clients', () => {
  assert.doesNotMatch(server.stderr(), WARNING);
});
