/**
 * The AWS CLI's and SDKs' own credential flows against Gatehouse, with
 * unmodified clients: a profile with role_arn + source_profile (+ external_id,
 * + mfa_serial), credential_process, and `gatehouse assume` printing export
 * lines, answering as a credential_process, and running a command (like
 * aws-vault exec), asking for the MFA code on stdin.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Secret, TOTP } from 'otpauth';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { fromIni } from '@aws-sdk/credential-providers';
import { TestGatehouse } from './support/gatehouse.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe('profiles: role_arn + source_profile, external_id, mfa_serial, credential_process, gatehouse assume', () => {
  let gh: TestGatehouse;
  let prod: string;
  let serial: string;
  let seed: string;
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-profiles-'));
  const config = join(dir, 'config');
  const credentials = join(dir, 'credentials');
  const env = () => gh.env({ AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_ENDPOINT_URL: gh.server.url });
  const fresh = () => {
    gh.server.runtime.clock.advance(30);
    return new TOTP({ secret: Secret.fromBase32(seed) }).generate({ timestamp: gh.server.runtime.clock.nowMs() });
  };
  const arnOf = (role: string, session: RegExp | string) => new RegExp(`^arn:aws:sts::${prod}:assumed-role/${role}/${typeof session === 'string' ? session : session.source}$`);

  before(async () => {
    gh = await TestGatehouse.start();
    prod = gh.account('prod').id;
    const utils = gh.iam(gh.root('utils'));
    const devArn = (await utils.send(new CreateUserCommand({ UserName: 'dev' }))).User!.Arn!;
    await utils.send(new PutUserPolicyCommand({ UserName: 'dev', PolicyName: 'assume', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) }));
    const key = (await utils.send(new CreateAccessKeyCommand({ UserName: 'dev' }))).AccessKey!;
    const device = (await utils.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'dev' }))).VirtualMFADevice!;
    serial = device.SerialNumber!;
    seed = Buffer.from(device.Base32StringSeed!).toString();
    const now = gh.server.runtime.clock.nowMs();
    const codeAt = (ms: number) => new TOTP({ secret: Secret.fromBase32(seed) }).generate({ timestamp: ms });
    await utils.send(new EnableMFADeviceCommand({ UserName: 'dev', SerialNumber: serial, AuthenticationCode1: codeAt(now - 30_000), AuthenticationCode2: codeAt(now) }));
    const p = gh.iam(gh.root('prod'));
    const trust = (condition?: object) => doc({ Effect: 'Allow', Principal: { AWS: devArn }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) });
    await p.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: trust() }));
    await p.send(new CreateRoleCommand({ RoleName: 'partner', AssumeRolePolicyDocument: trust({ StringEquals: { 'sts:ExternalId': 'ext-4711' } }) }));
    await p.send(new CreateRoleCommand({ RoleName: 'admin', AssumeRolePolicyDocument: trust({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) }));
    const role = (name: string, extra = '') => `[profile ${name}]\nrole_arn = arn:aws:iam::${prod}:role/${name.replace(/-.*/, '')}\nsource_profile = dev\nregion = us-east-1\nendpoint_url = ${gh.server.url}\n${extra}`;
    writeFileSync(config, [
      `[profile dev]\nregion = us-east-1\nendpoint_url = ${gh.server.url}\n`,
      role('reader', 'role_session_name = cli-reader\n'),
      role('partner', 'external_id = ext-4711\n'),
      role('partner-wrong', 'external_id = ext-0000\n'),
      role('admin', `mfa_serial = ${serial}\nrole_session_name = admin-session\n`),
      `[profile proc]\nregion = us-east-1\nendpoint_url = ${gh.server.url}\ncredential_process = ${process.execPath} --import tsx ${MAIN} assume reader --credential-process\n`,
    ].join('\n'));
    writeFileSync(credentials, `[dev]\naws_access_key_id = ${key.AccessKeyId}\naws_secret_access_key = ${key.SecretAccessKey}\n`);
  });
  after(() => gh.dispose());

  const cliIdentity = async (profile: string) => {
    const { stdout } = await run('aws', ['sts', 'get-caller-identity', '--profile', profile, '--output', 'json'], { env: env(), cwd: ROOT });
    return JSON.parse(stdout).Arn as string;
  };

  test('AWS CLI v1: role_arn + source_profile, with external_id; a wrong external id is AccessDenied', async () => {
    assert.match(await cliIdentity('reader'), arnOf('reader', 'cli-reader'));
    assert.match(await cliIdentity('partner'), arnOf('partner', /[\w-]+/));
    await assert.rejects(cliIdentity('partner-wrong'), (e: Error & { stderr?: string }) => /AccessDenied/.test(e.stderr ?? '') && /sts:AssumeRole/.test(e.stderr ?? ''));
  });

  test('AWS CLI v1: credential_process answered by gatehouse assume --credential-process', async () => {
    // The reader profile's role_session_name applies to gatehouse assume as to the CLI.
    assert.match(await cliIdentity('proc'), arnOf('reader', 'cli-reader'));
  });

  test('JS SDK v3 fromIni: source_profile, and mfa_serial with an mfaCodeProvider', async () => {
    const who = async (profile: string, mfa?: () => Promise<string>) => {
      const provider = fromIni({ profile, filepath: credentials, configFilepath: config, mfaCodeProvider: mfa, clientConfig: { endpoint: gh.server.url, region: 'us-east-1' } });
      const sts = new STSClient({ endpoint: gh.server.url, region: 'us-east-1', credentials: provider, maxAttempts: 1 });
      return (await sts.send(new GetCallerIdentityCommand({}))).Arn!;
    };
    assert.match(await who('reader'), arnOf('reader', 'cli-reader'));
    assert.match(await who('admin', async () => fresh()), arnOf('admin', 'admin-session'));
    await assert.rejects(who('admin', async () => '000000' === fresh() ? '111111' : '000000'), /MultiFactorAuthentication failed with invalid MFA one time pass code\./);
  });

  test('gatehouse assume: export lines with --mfa-code, the code asked on stdin, and a command run with the session', async () => {
    const gatehouse = (args: string[], input?: string) => new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'assume', ...args], { env: env(), cwd: ROOT });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => { stdout += d; });
      child.stderr.on('data', (d) => { stderr += d; });
      child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
      child.stdin.end(input ?? '');
    });
    const exported = await gatehouse(['admin', '--mfa-code', fresh()]);
    assert.equal(exported.code, 0, exported.stderr);
    // The lines are for eval "$(gatehouse assume …)": a shell reads them back to exactly the session's values.
    const { stdout: evaluated } = await run('sh', ['-c', 'eval "$1" && env', 'sh', exported.stdout], { env: {} });
    const vars = Object.fromEntries(evaluated.split('\n').map((l) => l.split(/=(.*)/s)));
    assert.deepEqual(Object.keys(vars).filter((k) => k.startsWith('AWS_')).sort(),
      ['AWS_ACCESS_KEY_ID', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']);
    assert.match(vars.AWS_ACCESS_KEY_ID, /^ASIA/);
    const session = new STSClient({ endpoint: gh.server.url, region: 'us-east-1', maxAttempts: 1,
      credentials: { accessKeyId: vars.AWS_ACCESS_KEY_ID, secretAccessKey: vars.AWS_SECRET_ACCESS_KEY, sessionToken: vars.AWS_SESSION_TOKEN } });
    assert.match((await session.send(new GetCallerIdentityCommand({}))).Arn!, arnOf('admin', 'admin-session'));

    const prompted = await gatehouse(['admin'], `${fresh()}\n`);
    assert.equal(prompted.code, 0, prompted.stderr);
    assert.match(prompted.stderr, new RegExp(`Enter MFA code for ${serial}: `));
    const wrong = await gatehouse(['admin'], '000000\n');
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /MultiFactorAuthentication failed/);

    const ran = await gatehouse([`arn:aws:iam::${prod}:role/reader`, '--profile', 'dev', '--', 'aws', 'sts', 'get-caller-identity', '--output', 'json']);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(JSON.parse(ran.stdout).Arn, arnOf('reader', /gatehouse-\d+/));
    const failed = await gatehouse(['reader', '--', process.execPath, '-e', 'process.exit(7)']);
    assert.equal(failed.code, 7, 'the command\'s exit status is passed on');
    assert.equal((await gatehouse([])).code, 2);
  });
});
