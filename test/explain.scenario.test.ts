/**
 * `gatehouse explain` agrees with the server on the README's scenario: for
 * random_user → sts:AssumeRole on prod's s3-list-role, the real request (SDK
 * AssumeRole with the user's key), explain on the data dir and explain
 * --endpoint with a profile give the same decision, and the tree names the
 * side that denies; likewise for a bucket of prod with a bucket policy. A
 * profile that is no root gets IAM's simulator and says what it could not
 * see. Spawned CLIs get an explicit environment.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttachUserPolicyCommand, DeleteUserPolicyCommand, DetachUserPolicyCommand, PutUserPolicyCommand, UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { TestGatehouse, cleanEnv, cleanup, profilesEnv, run, type Credentials } from './support/gatehouse.js';
import { setUpScenario, trustAccount, allow, type ScenarioSetup } from './support/scenario.js';

describe('gatehouse explain agrees with the server on the scenario', () => {
  let gh: TestGatehouse;
  let s: ScenarioSetup;
  let randomUser: string;
  let otherUser: { arn: string; key: Credentials };

  before(async () => {
    gh = await TestGatehouse.start();
    s = await setUpScenario(gh);
    randomUser = `arn:aws:iam::${s.utilsId}:user/random_user`;
    otherUser = { arn: `arn:aws:iam::${s.utilsId}:user/other_user`, key: await gh.userWithKey('utils', 'other_user') };
  });
  after(() => gh.dispose());

  const explain = (args: string[]) => run('node', ['dist/gatehouse.cjs', 'explain', ...args], cleanEnv());
  const realDecision = async (key: Credentials) => {
    try {
      await gh.sts(key).send(new AssumeRoleCommand({ RoleArn: s.roleArn, RoleSessionName: 'explain-check' }));
      return 'Allow';
    } catch (e) {
      assert.equal((e as Error).name, 'AccessDenied');
      return 'ImplicitDeny';
    }
  };

  /** The real request and both modes of explain; returns the trees, after checking all three agree. */
  async function agree(principal: string, key: Credentials, expected: 'Allow' | 'ImplicitDeny') {
    assert.equal(await realDecision(key), expected, 'the real AssumeRole');
    const trees: string[] = [];
    for (const mode of [['--data-dir', gh.dataDir], ['--endpoint', gh.server.url, '--profile', 'utils', '--data-dir', gh.dataDir]]) {
      const json = await explain([principal, 'sts:AssumeRole', s.roleArn, ...mode, '--json']);
      assert.equal(JSON.parse(json.stdout).decision, expected, `${mode[0]}: ${json.stdout}${json.stderr}`);
      const tree = await explain([principal, 'sts:AssumeRole', s.roleArn, ...mode]);
      assert.equal(tree.code, expected === 'Allow' ? 0 : 1, tree.stderr);
      trees.push(tree.stdout);
    }
    assert.equal(trees[0], trees[1], 'both modes print the same tree');
    return trees[0];
  }

  test('allowed: both sides allow, and the tree says so', async () => {
    const tree = await agree(randomUser, s.randomUser, 'Allow');
    assert.match(tree, /^ALLOWED: /);
    assert.match(tree, /\nresource\n {2}arn:aws:iam::\d+:role\/s3-list-role \(trust policy\)\n {4}✔ Allow Statement\[0\] — applies/);
    assert.match(tree, /why: both sides allow: user random_user's own policies and the role's trust policy/);
  });

  test('the trust policy does not name utils: the tree says the trust policy denied', async () => {
    const prod = gh.iam(gh.root('prod'));
    await prod.send(new UpdateAssumeRolePolicyCommand({ RoleName: 's3-list-role', PolicyDocument: trustAccount(s.prodId) }));
    try {
      const tree = await agree(randomUser, s.randomUser, 'ImplicitDeny');
      assert.match(tree, /\nresource {2}\(decided the denial\): user random_user's own policy allows it, but the trust policy of arn:aws:iam::\d+:role\/s3-list-role does not allow user random_user; for a role in another account both the role's trust policy and the caller's own policy must allow it\n/);
    } finally {
      await prod.send(new UpdateAssumeRolePolicyCommand({ RoleName: 's3-list-role', PolicyDocument: trustAccount(s.utilsId) }));
    }
  });

  test('random_user\'s own policy is missing: the tree says the identity side denied', async () => {
    const utils = gh.iam(gh.root('utils'));
    await utils.send(new DetachUserPolicyCommand({ UserName: 'random_user', PolicyArn: s.userPolicyArn }));
    try {
      const tree = await agree(randomUser, s.randomUser, 'ImplicitDeny');
      assert.match(tree, /\nidentity {2}\(decided the denial\): no identity-based policy of user random_user allows sts:AssumeRole on arn:aws:iam::\d+:role\/s3-list-role; for a role in another account both the role's trust policy and the caller's own policy must allow it\n {2}\(no policy of this type\)\n/);
      assert.match(tree, /\nresource\n {2}arn:aws:iam::\d+:role\/s3-list-role \(trust policy\)\n {4}✔ Allow/);
    } finally {
      await utils.send(new AttachUserPolicyCommand({ UserName: 'random_user', PolicyArn: s.userPolicyArn }));
    }
  });

  test('another utils user without the policy: denied on the identity side', async () => {
    const tree = await agree(otherUser.arn, otherUser.key, 'ImplicitDeny');
    assert.match(tree, /\nidentity {2}\(decided the denial\): no identity-based policy of user other_user allows sts:AssumeRole/);
  });

  test('a bucket of prod: its policy and owner count as the server counts them', async () => {
    const bucket = `prod-data-${s.prodId}`;
    const object = `arn:aws:s3:::${bucket}/report.csv`;
    await gh.s3(gh.root('prod')).send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${s.utilsId}:root` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
    }) }));
    await gh.s3(gh.root('prod')).send(new PutObjectCommand({ Bucket: bucket, Key: 'report.csv', Body: 'a,b\n' }));
    const real = () => gh.s3(s.randomUser).send(new GetObjectCommand({ Bucket: bucket, Key: 'report.csv' })).then(() => 'Allow', (e: Error) => e.name);
    const both = async () => {
      const out = [];
      for (const mode of [['--data-dir', gh.dataDir], ['--endpoint', gh.server.url, '--profile', 'prod', '--data-dir', gh.dataDir]]) {
        out.push((await explain([randomUser, 's3:GetObject', object, ...mode])).stdout);
      }
      assert.equal(out[0], out[1]);
      return out[0];
    };
    assert.equal(await real(), 'AccessDenied');
    assert.match(await both(), /^DENIED \(implicit deny\)[^]*\nidentity {2}\(decided the denial\): no identity-based policy of user random_user allows s3:GetObject on arn:aws:s3:::prod-data-\d+\/report\.csv; across accounts both the resource's own policy and the caller's own policy must allow it\n[^]*\nresource\n {2}arn:aws:s3:::prod-data-\d+ \(bucket policy\)\n {4}✔ Allow/);
    await gh.iam(gh.root('utils')).send(new PutUserPolicyCommand({ UserName: 'random_user', PolicyName: 'read-prod', PolicyDocument: allow('s3:GetObject', `arn:aws:s3:::${bucket}/*`) }));
    assert.equal(await real(), 'Allow');
    assert.match(await both(), /^ALLOWED: [^]*\nwhy: both sides allow: user random_user's own policies and the resource's own policy\n/);
    await gh.iam(gh.root('utils')).send(new DeleteUserPolicyCommand({ UserName: 'random_user', PolicyName: 'read-prod' }));
  });

  test('an action the server never judges gets the nearest one as a hint, and is still answered', async () => {
    for (const mode of [['--data-dir', gh.dataDir], ['--endpoint', gh.server.url, '--profile', 'utils', '--data-dir', gh.dataDir]]) {
      const r = await explain([randomUser, 's3:ListBuckets', ...mode]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /^DENIED \(implicit deny\): /);
      assert.match(r.stdout, /\nhint: s3:ListBuckets is not an action this server judges requests as: did you mean s3:ListAllMyBuckets\?\n/);
      const typo = await explain([randomUser, 'sts:AssumeRoel', s.roleArn, ...mode]);
      assert.match(typo.stdout, /did you mean sts:AssumeRole\?/);
    }
  });

  test('a profile that is no root: IAM\'s simulator, saying what it could not see', async () => {
    // The user's own profile files, outside the data dir: an auditor of utils may simulate; later one of prod may read roles.
    const dir = mkdtempSync(join(tmpdir(), 'explain-profiles-'));
    const files = { configFile: join(dir, 'config'), credentialsFile: join(dir, 'credentials') };
    const profile = async (account: 'utils' | 'prod', name: string, actions: string[]) => {
      const key = await gh.userWithKey(account, name);
      const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
      await gh.iam(gh.root(account)).send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'audit', PolicyDocument: policy }));
      appendFileSync(files.credentialsFile, `[${name}]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`);
      appendFileSync(files.configFile, `[profile ${name}]\nregion = us-east-1\nendpoint_url = ${gh.server.url}\n`);
    };
    await profile('utils', 'utils_auditor', ['iam:SimulatePrincipalPolicy', 'iam:GetRole']);
    const asAuditor = (principal: string, more: string[] = []) =>
      run('node', ['dist/gatehouse.cjs', 'explain', principal, 'sts:AssumeRole', s.roleArn, '--profile', 'utils_auditor', ...more], profilesEnv(files));

    const blind = await asAuditor(randomUser);
    assert.equal(blind.code, 3, blind.stderr);
    assert.match(blind.stdout, /^UNDETERMINED: /);
    assert.match(blind.stdout, /\nidentity\n {2}prod_s3\n {4}✔ Allow/);
    assert.doesNotMatch(blind.stdout, /\nresource/, 'no trust policy was seen, so none is shown');
    assert.match(blind.stdout, /\nso far: user random_user's own policies allow it; the answer covers the identity side only\n/);
    assert.match(blind.stdout, new RegExp(`\\nnot seen: the trust policy of ${s.roleArn} could not be read \\(no profile of \\S+ is of account ${s.prodId}\\)\\n`));
    assert.match(blind.stdout, /\nanswered by IAM's SimulatePrincipalPolicy as profile utils_auditor \(the server's own explanation needs an account root: /);

    // Still sure of a denial on the caller's own side: across accounts both sides must allow.
    const other = await asAuditor(otherUser.arn, ['--json']);
    assert.equal(other.code, 1, other.stdout + other.stderr);
    assert.deepEqual([JSON.parse(other.stdout).decision, JSON.parse(other.stdout).deniedBy], ['ImplicitDeny', 'identity']);

    await profile('prod', 'prod_auditor', ['iam:GetRole']);
    const seeing = await asAuditor(randomUser);
    assert.equal(seeing.code, 0, seeing.stdout + seeing.stderr);
    assert.match(seeing.stdout, /^ALLOWED: /);
    assert.match(seeing.stdout, /\nresource\n {2}arn:aws:iam::\d+:role\/s3-list-role \(trust policy\)\n {4}✔ Allow/);
    assert.doesNotMatch(seeing.stdout, /not seen/);
    cleanup(dir);
  });
});
