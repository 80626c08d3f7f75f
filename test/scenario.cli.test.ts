/**
 * The bastion scenario's CLI steps (README: "The scenario, by hand") with the real AWS CLI (and boto3), reaching
 * Gatehouse through nothing but the profile files the server wrote.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TestGatehouse, run, which } from './support/gatehouse.js';
import { setUpScenario, type ScenarioSetup } from './support/scenario.js';

describe('bastion scenario through the AWS CLI', async () => {
  const hasAws = await which('aws');
  let gh: TestGatehouse;
  let s: ScenarioSetup;

  before(async () => {
    gh = await TestGatehouse.start();
    s = await setUpScenario(gh);
  });
  after(() => gh.dispose());

  const aws = (args: string[], extraEnv: Record<string, string> = {}) => run('aws', [...args, '--output', 'json'], gh.env(extraEnv));

  test('list-roles --query, create-access-key, assume-role, s3api list-buckets', { skip: !hasAws && 'aws CLI not installed' }, async () => {
    const roles = await aws(['iam', 'list-roles', '--profile', 'prod', '--query', "Roles[?RoleName == 's3-list-role'].[RoleName, Arn]"]);
    assert.equal(roles.code, 0, roles.stderr);
    assert.deepEqual(JSON.parse(roles.stdout), [['s3-list-role', s.roleArn]]);

    const keyOut = await aws(['iam', 'create-access-key', '--user-name', 'random_user', '--profile', 'utils']);
    assert.equal(keyOut.code, 0, keyOut.stderr);
    const key = JSON.parse(keyOut.stdout).AccessKey;
    assert.match(key.AccessKeyId, /^AKIA/);

    // As random_user: its own key, the utils profile's endpoint and region.
    const asUser = { AWS_ACCESS_KEY_ID: key.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey, AWS_PROFILE: 'utils' };
    const assumed = await aws(['sts', 'assume-role', '--role-arn', s.roleArn, '--role-session-name', 'cli-session'], asUser);
    assert.equal(assumed.code, 0, assumed.stderr);
    const creds = JSON.parse(assumed.stdout).Credentials;
    assert.match(creds.AccessKeyId, /^ASIA/);

    const asSession = { AWS_ACCESS_KEY_ID: creds.AccessKeyId, AWS_SECRET_ACCESS_KEY: creds.SecretAccessKey, AWS_SESSION_TOKEN: creds.SessionToken, AWS_PROFILE: 'prod' };
    const buckets = await aws(['s3api', 'list-buckets'], asSession);
    assert.equal(buckets.code, 0, buckets.stderr);
    assert.deepEqual(JSON.parse(buckets.stdout).Buckets.map((b: { Name: string }) => b.Name), [`prod-data-${s.prodId}`]);

    const who = await aws(['sts', 'get-caller-identity'], asSession);
    assert.equal(JSON.parse(who.stdout).Arn, `arn:aws:sts::${s.prodId}:assumed-role/s3-list-role/cli-session`);

    const denied = await aws(['s3api', 'create-bucket', '--bucket', `cli-denied-${s.prodId}`], asSession);
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /An error occurred \(AccessDenied\) when calling the CreateBucket operation: User: arn:aws:sts::\d{12}:assumed-role\/s3-list-role\/cli-session is not authorized to perform: s3:CreateBucket/);
  });

  test('the CLI sees AWS error codes for bad credentials', { skip: !hasAws && 'aws CLI not installed' }, async () => {
    const wrong = await aws(['sts', 'get-caller-identity'], { AWS_ACCESS_KEY_ID: s.randomUser.accessKeyId, AWS_SECRET_ACCESS_KEY: 'x'.repeat(40), AWS_PROFILE: 'utils' });
    assert.match(wrong.stderr, /\(SignatureDoesNotMatch\)/);
    const unknown = await aws(['s3api', 'list-buckets'], { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'x'.repeat(40), AWS_PROFILE: 'utils' });
    assert.match(unknown.stderr, /\(InvalidAccessKeyId\)/);
    const denied = await aws(['sts', 'assume-role', '--role-arn', s.roleArn, '--role-session-name', 'denied', '--profile', 'utils']);
    assert.match(denied.stderr, /\(AccessDenied\) when calling the AssumeRole operation: Roles may not be assumed by root accounts/);
  });

  test('boto3 reaches Gatehouse through the same profiles', { skip: !(await which('python3')) && 'python3 not installed' }, async () => {
    const script = [
      'import boto3, json',
      `sts = boto3.Session(profile_name="utils").client("sts")`,
      'print(json.dumps(sts.get_caller_identity()["Account"]))',
    ].join('\n');
    const r = await run('python3', ['-c', script], gh.env());
    if (/No module named 'boto3'/.test(r.stderr)) return;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout), s.utilsId);
  });
});
