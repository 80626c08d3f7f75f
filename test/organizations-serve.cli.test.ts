/**
 * `gatehouse serve --organization`, as a user runs it: the first account of --accounts manages a new
 * organization, the others are its members with OrganizationAccountAccessRole, and the written profiles
 * reach each member through that role (`aws --profile prod-admin …`). A restart with the same options
 * keeps the organization; an account of another organization is refused.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseIni } from 'ini';
import { cleanup, profilesEnv, run, which } from './support/gatehouse.js';
import { GATEHOUSE_COMMAND, spawnServer, type ChildServer } from './support/child-server.js';

const ACCOUNTS = 'management,prod,staging';

describe('serve --organization', async () => {
  const skip = !(await which('aws')) && 'the aws CLI is not installed';
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-org-serve-'));
  const files = { configFile: join(dataDir, 'aws', 'config'), credentialsFile: join(dataDir, 'aws', 'credentials') };
  let server: ChildServer;
  let banner: string;
  const aws = async (...args: string[]) => {
    const r = await run('aws', args, profilesEnv(files));
    assert.equal(r.code, 0, `aws ${args.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout) as Record<string, any>;
  };
  const accountId = (name: string) => new RegExp(`account ${name}\\s+(\\d{12})`).exec(banner)![1];

  before(async () => {
    server = await spawnServer(dataDir, ['--organization', '--accounts', ACCOUNTS, '--processes', '1']);
    banner = server.banner;
  });
  after(async () => {
    await server.crash();
    cleanup(dataDir);
  });

  test('the banner names the organization and each member\'s role profile', () => {
    assert.match(banner, /^ {2}organization o-[a-z0-9]{10,32}, managed by management$/m);
    assert.match(banner, /^\s+account prod\s+\d{12}\s+profile: prod, prod-admin \(OrganizationAccountAccessRole\)$/m);
    assert.match(banner, /^\s+account management\s+\d{12}\s+profile: management, management-admin \(user organization-admin\)$/m);
  });

  test('each member gets a role_arn profile through the management account\'s administrator user', () => {
    const config = parseIni(readFileSync(files.configFile, 'utf8')) as Record<string, Record<string, string>>;
    for (const member of ['prod', 'staging']) {
      const p = config[`profile ${member}-admin`];
      assert.equal(p.role_arn, `arn:aws:iam::${accountId(member)}:role/OrganizationAccountAccessRole`);
      assert.equal(p.source_profile, 'management-admin');
      assert.equal(p.endpoint_url, server.url);
    }
    assert.equal(config['profile management-admin'].role_arn, undefined);
    // Keys: the accounts' roots and the administrator user; a role profile has none.
    const credentials = parseIni(readFileSync(files.credentialsFile, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(credentials).sort(), ['management', 'management-admin', 'prod', 'staging']);
  });

  test('aws --profile management-admin is the management account\'s administrator user', { skip }, async () => {
    const me = await aws('--profile', 'management-admin', 'sts', 'get-caller-identity');
    assert.equal(me.Arn, `arn:aws:iam::${accountId('management')}:user/organization-admin`);
  });

  test('aws --profile prod-admin answers as the assumed OrganizationAccountAccessRole', { skip }, async () => {
    const me = await aws('--profile', 'prod-admin', 'sts', 'get-caller-identity');
    assert.equal(me.Account, accountId('prod'));
    assert.match(me.Arn, new RegExp(`^arn:aws:sts::${accountId('prod')}:assumed-role/OrganizationAccountAccessRole/`));
  });

  test('the organization is the first account\'s, the others its members, under the root', { skip }, async () => {
    const org = (await aws('--profile', 'management', 'organizations', 'describe-organization')).Organization;
    assert.equal(org.MasterAccountId, accountId('management'));
    assert.equal(org.FeatureSet, 'ALL');
    const accounts = (await aws('--profile', 'management', 'organizations', 'list-accounts')).Accounts as { Id: string; Status: string }[];
    assert.deepEqual(accounts.map((a) => a.Id).sort(), ['management', 'prod', 'staging'].map(accountId).sort());
    // A member sees its organization too.
    assert.equal((await aws('--profile', 'staging', 'organizations', 'describe-organization')).Organization.Id, org.Id);
  });

  test('an account CreateAccount makes later gets its role profile too', { skip }, async () => {
    const status = (await aws('--profile', 'management-admin', 'organizations', 'create-account', '--email', 'dev@example.com', '--account-name', 'dev')).CreateAccountStatus;
    const id = (await aws('--profile', 'management-admin', 'organizations', 'describe-create-account-status', '--create-account-request-id', status.Id)).CreateAccountStatus.AccountId;
    const config = parseIni(readFileSync(files.configFile, 'utf8')) as Record<string, Record<string, string>>;
    assert.equal(config['profile dev-admin'].role_arn, `arn:aws:iam::${id}:role/OrganizationAccountAccessRole`);
    assert.equal(config['profile dev-admin'].source_profile, 'management-admin');
    const me = await aws('--profile', 'dev-admin', 'sts', 'get-caller-identity');
    assert.match(me.Arn, new RegExp(`^arn:aws:sts::${id}:assumed-role/OrganizationAccountAccessRole/`));
  });

  test('a restart with the same options keeps the organization; an account of another organization is refused', async () => {
    const before = /organization (o-\S+),/.exec(banner)![1];
    await server.crash();
    server = await spawnServer(dataDir, ['--organization', '--accounts', ACCOUNTS, '--processes', '1']);
    banner = server.banner;
    assert.equal(/organization (o-\S+),/.exec(banner)![1], before);

    // prod is a member, so it cannot manage an organization of its own.
    await server.crash();
    const refused = await run('node', [...GATEHOUSE_COMMAND, 'serve', '--port', '0', '--data-dir', dataDir, '--organization', '--accounts', 'prod,other'], process.env);
    assert.equal(refused.code, 1, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /--organization: account prod is a member of organization o-\S+, managed by management: it cannot manage another/);
    assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
    server = await spawnServer(dataDir, ['--accounts', ACCOUNTS, '--processes', '1']);
    banner = server.banner;
  });
});
