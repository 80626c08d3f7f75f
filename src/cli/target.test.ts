/** target.ts: which files, profile, credentials, endpoint and region a command uses, and what it says when it finds none. */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findDataDir, findProfileFiles, readProfiles, resolveTarget, TargetError, unreachable, type Surroundings } from './target.js';

const root = mkdtempSync(join(tmpdir(), 'gatehouse-target-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A data dir as `gatehouse serve` leaves it: the database and the two profile files, account profiles first. */
function dataDir(name: string, endpoint: string, extraConfig = '', extraCredentials = ''): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'aws'), { recursive: true });
  writeFileSync(join(dir, 'gatehouse.db'), '');
  writeFileSync(join(dir, 'aws', 'config'), [
    `[profile utils]\nregion = us-east-1\nendpoint_url = ${endpoint}\noutput = json\ns3 =\n    addressing_style = path\n`,
    `[profile prod]\nregion = eu-west-1\nendpoint_url = ${endpoint}\n`,
    extraConfig,
  ].join('\n'));
  writeFileSync(join(dir, 'aws', 'credentials'), `[utils]\naws_access_key_id = AKIAUTILS\naws_secret_access_key = s1\n\n[prod]\naws_access_key_id = AKIAPROD\naws_secret_access_key = s2\n${extraCredentials}`);
  return dir;
}

const served = dataDir('served', 'http://127.0.0.1:5001',
  '[profile random_user]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:5001\n\n[profile ops]\nrole_arn = arn:aws:iam::222222222222:role/ops\nsource_profile = random_user\n',
  '\n[random_user]\naws_access_key_id = AKIARANDOM\naws_secret_access_key = s3\n');
const project = join(root, 'project');
dataDir(join('project', '.gatehouse'), 'http://127.0.0.1:5002');
const elsewhere = join(root, 'elsewhere');
mkdirSync(elsewhere);
const home = join(root, 'home');
mkdirSync(join(home, '.aws'), { recursive: true });
writeFileSync(join(home, '.aws', 'credentials'), '[default]\naws_access_key_id = AKIAHOME\naws_secret_access_key = s4\n');

const at = (cwd: string, env: NodeJS.ProcessEnv = {}): Surroundings => ({ cwd, env, home });
const exported = { AWS_CONFIG_FILE: join(served, 'aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: join(served, 'aws', 'credentials') };

describe('where a command finds its server and credentials', () => {
  test('--data-dir first: its files, its first profile, its endpoint; the environment does not count', () => {
    const t = resolveTarget({ dataDir: served }, at(project, { ...exported, AWS_PROFILE: 'random_user', AWS_ENDPOINT_URL: 'http://elsewhere:1' }));
    assert.deepEqual([t.chosenBy, t.dataDir, t.credentialsFile, t.profile, t.credentials.accessKeyId, t.endpoint, t.region],
      ['--data-dir', served, join(served, 'aws', 'credentials'), 'utils', 'AKIAUTILS', 'http://127.0.0.1:5001', 'us-east-1']);
  });

  test('--profile and --endpoint over what the files say', () => {
    const t = resolveTarget({ dataDir: served, profile: 'prod', endpoint: 'http://127.0.0.1:6000' }, at(project));
    assert.deepEqual([t.profile, t.credentials.accessKeyId, t.endpoint, t.region], ['prod', 'AKIAPROD', 'http://127.0.0.1:6000', 'eu-west-1']);
  });

  test('then the exported AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, from any folder (the README\'s scenario folder)', () => {
    const t = resolveTarget({}, at(elsewhere, exported));
    assert.deepEqual([t.chosenBy, t.dataDir, t.profile, t.endpoint], ['environment', served, 'utils', 'http://127.0.0.1:5001']);
    // ./.gatehouse of the folder does not win over the environment
    assert.equal(resolveTarget({}, at(project, exported)).endpoint, 'http://127.0.0.1:5001');
  });

  test('AWS_PROFILE names the default profile, with its own keys and endpoint', () => {
    const t = resolveTarget({}, at(elsewhere, { ...exported, AWS_PROFILE: 'random_user' }));
    assert.deepEqual([t.profile, t.credentials, t.endpoint], ['random_user', { accessKeyId: 'AKIARANDOM', secretAccessKey: 's3' }, 'http://127.0.0.1:5001']);
  });

  test('then ./.gatehouse of the current folder', () => {
    const t = resolveTarget({}, at(project));
    assert.deepEqual([t.chosenBy, t.dataDir, t.profile, t.endpoint], ['./.gatehouse', join(project, '.gatehouse'), 'utils', 'http://127.0.0.1:5002']);
  });

  test('then ~/.aws, only where asked (assume, as the AWS CLI); its `default` profile first', () => {
    const t = resolveTarget({ homeFallback: true }, at(elsewhere));
    assert.deepEqual([t.chosenBy, t.dataDir, t.profile, t.endpoint, t.region], ['~/.aws', undefined, 'default', 'http://127.0.0.1:4566', 'us-east-1']);
  });

  test('nothing found: one line saying where it looked and how to point at it', () => {
    const missing = (fn: () => unknown, message: RegExp) => assert.throws(fn, (e: Error) => e instanceof TargetError && !e.message.includes('\n') && message.test(e.message));
    missing(() => findProfileFiles({}, at(elsewhere)),
      /^no Gatehouse profiles found: looked in \.\/\.gatehouse\/aws\/credentials; start the server here, or pass --data-dir DIR, or export AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE as `npm start` prints$/);
    missing(() => findProfileFiles({ dataDir: 'nowhere' }, at(elsewhere)), /^no Gatehouse profiles in .*nowhere\/aws\/credentials: is nowhere the server's data dir\?/);
    missing(() => findProfileFiles({}, at(elsewhere, { AWS_SHARED_CREDENTIALS_FILE: '/gone/credentials', AWS_CONFIG_FILE: '/gone/config' })),
      /^no profiles found: AWS_CONFIG_FILE=\/gone\/config and AWS_SHARED_CREDENTIALS_FILE=\/gone\/credentials name files that do not exist/);
    missing(() => resolveTarget({ profile: 'nope' }, at(project)), /^--profile nope: no such profile in .* \(profiles with keys there: utils, prod\); pass --profile NAME$/);
    missing(() => resolveTarget({ profile: 'ops' }, at(elsewhere, exported)), /^--profile ops: no aws_access_key_id and aws_secret_access_key in /);
    missing(() => resolveTarget({}, at(elsewhere, { ...exported, AWS_PROFILE: 'gone' })), /^AWS_PROFILE=gone: no such profile/);
  });

  test('readProfiles: every profile of both files, the credentials file\'s first, role profiles too', () => {
    const profiles = readProfiles({ configFile: join(served, 'aws', 'config'), credentialsFile: join(served, 'aws', 'credentials') });
    assert.deepEqual(profiles.map((p) => p.name), ['utils', 'prod', 'random_user', 'ops']);
    const ops = profiles.find((p) => p.name === 'ops')!;
    assert.deepEqual([ops.credentials, ops.settings.role_arn, ops.settings.source_profile], [undefined, 'arn:aws:iam::222222222222:role/ops', 'random_user']);
  });

  test('findDataDir: --data-dir, else where the exported profile files lie, else ./.gatehouse; one line when there is none', () => {
    assert.equal(findDataDir('served', true, at(root, exported)), served);
    assert.equal(findDataDir(undefined, true, at(elsewhere, exported)), served);
    assert.equal(findDataDir(undefined, true, at(project)), join(project, '.gatehouse'));
    assert.equal(findDataDir(undefined, false, at(elsewhere)), join(elsewhere, '.gatehouse'));
    assert.throws(() => findDataDir(undefined, true, at(elsewhere)), (e: Error) => e instanceof TargetError
      && e.message === 'no Gatehouse data dir found: looked in ./.gatehouse; pass --data-dir DIR (the server\'s), or export the lines `npm start` prints');
  });

  test('unreachable: a server that does not answer is one line with the way to start or name one', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    assert.match(unreachable(refused, 'http://127.0.0.1:4566')!.message, /^no server answers at http:\/\/127\.0\.0\.1:4566 \(ECONNREFUSED\); start it with `npm start`/);
    assert.equal(unreachable(new Error('AccessDenied'), 'http://x'), undefined);
  });
});
