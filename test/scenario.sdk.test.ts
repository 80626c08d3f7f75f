/**
 * The bastion scenario (README: "The scenario, by hand") through the JS SDK v3 against a running server: the bastion
 * user assumes the prod role and lists prod's buckets; each denial in the
 * scenario's list comes back as AWS's error.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSServiceException } from '@aws-sdk/client-sts';
import { CreateBucketCommand, DeleteBucketCommand, GetBucketLocationCommand, HeadBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateAccessKeyCommand, CreateUserCommand, DetachUserPolicyCommand, AttachUserPolicyCommand, ListUsersCommand, UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { TestGatehouse, type Credentials } from './support/gatehouse.js';
import { rejects } from './support/errors.js';
import { setUpScenario, trustAccount, type ScenarioSetup } from './support/scenario.js';


describe('bastion scenario through the JS SDK', () => {
  let gh: TestGatehouse;
  let s: ScenarioSetup;
  let session: Credentials;

  before(async () => {
    gh = await TestGatehouse.start();
    s = await setUpScenario(gh);
  });
  after(() => gh.dispose());

  test('random_user assumes s3-list-role in prod', async () => {
    const me = await gh.sts(s.randomUser).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:iam::${s.utilsId}:user/random_user`);
    assert.equal(me.Account, s.utilsId);
    assert.match(me.UserId!, /^AIDA[A-Z2-7]{17}$/);

    const out = await gh.sts(s.randomUser).send(new AssumeRoleCommand({ RoleArn: s.roleArn, RoleSessionName: 'laptop' }));
    const c = out.Credentials!;
    assert.match(c.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.ok(c.SessionToken && c.SecretAccessKey);
    const lifetime = c.Expiration!.getTime() - Date.now();
    assert.ok(lifetime > 3500_000 && lifetime <= 3600_000, `default session lasts an hour, got ${lifetime} ms`);
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${s.prodId}:assumed-role/s3-list-role/laptop`);
    assert.match(out.AssumedRoleUser!.AssumedRoleId!, /^AROA[A-Z2-7]{17}:laptop$/);
    session = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };

    const who = await gh.sts(session).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, out.AssumedRoleUser!.Arn);
    assert.equal(who.Account, s.prodId);
  });

  test('the session lists prod buckets, and only those', async () => {
    const out = await gh.s3(session).send(new ListBucketsCommand({}));
    assert.deepEqual(out.Buckets!.map((b) => b.Name), [`prod-data-${s.prodId}`]);
    assert.match(out.Owner!.ID!, /^[0-9a-f]{64}$/);
  });

  test('the session may do nothing else', async () => {
    await rejects(gh.s3(session).send(new CreateBucketCommand({ Bucket: `new-${s.prodId}` })), 'AccessDenied', 403,
      `User: arn:aws:sts::${s.prodId}:assumed-role/s3-list-role/laptop is not authorized to perform: s3:CreateBucket on resource: "arn:aws:s3:::new-${s.prodId}" because no identity-based policy allows the s3:CreateBucket action`);
    await rejects(gh.iam(session).send(new ListUsersCommand({})), 'AccessDenied', 403,
      `User: arn:aws:sts::${s.prodId}:assumed-role/s3-list-role/laptop is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${s.prodId}:user/ because no identity-based policy allows the iam:ListUsers action`);
    await rejects(gh.sts(session).send(new AssumeRoleCommand({ RoleArn: s.roleArn, RoleSessionName: 'again' })), 'AccessDenied', 403);
  });

  test('another utils user without the policy is denied', async () => {
    const utils = gh.iam(gh.root('utils'));
    await utils.send(new CreateUserCommand({ UserName: 'other_user' }));
    const k = (await utils.send(new CreateAccessKeyCommand({ UserName: 'other_user' }))).AccessKey!;
    await rejects(gh.sts({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! }).send(new AssumeRoleCommand({ RoleArn: s.roleArn, RoleSessionName: 'denied' })),
      'AccessDenied', 403, `User: arn:aws:iam::${s.utilsId}:user/other_user is not authorized to perform: sts:AssumeRole on resource: ${s.roleArn}`);
  });

  test("without the user's identity policy, the trust policy alone is not enough", async () => {
    const utils = gh.iam(gh.root('utils'));
    await utils.send(new DetachUserPolicyCommand({ UserName: 'random_user', PolicyArn: s.userPolicyArn }));
    try {
      await rejects(gh.sts(s.randomUser).send(new AssumeRoleCommand({ RoleArn: s.roleArn, RoleSessionName: 'denied' })), 'AccessDenied', 403,
        `User: arn:aws:iam::${s.utilsId}:user/random_user is not authorized to perform: sts:AssumeRole on resource: ${s.roleArn}`);
    } finally {
      await utils.send(new AttachUserPolicyCommand({ UserName: 'random_user', PolicyArn: s.userPolicyArn }));
    }
  });

  test("without the role's trust, the user's policy alone is not enough", async () => {
    const prod = gh.iam(gh.root('prod'));
    await prod.send(new UpdateAssumeRolePolicyCommand({ RoleName: 's3-list-role', PolicyDocument: trustAccount('123456789012') }));
    try {
      await rejects(gh.sts(s.randomUser).send(new AssumeRoleCommand({ RoleArn: s.roleArn, RoleSessionName: 'denied' })), 'AccessDenied', 403);
    } finally {
      await prod.send(new UpdateAssumeRolePolicyCommand({ RoleName: 's3-list-role', PolicyDocument: trustAccount(s.utilsId) }));
    }
    await gh.sts(s.randomUser).send(new AssumeRoleCommand({ RoleArn: s.roleArn, RoleSessionName: 'back' }));
  });

  test('the root user may not assume roles', async () => {
    await rejects(gh.sts(gh.root('utils')).send(new AssumeRoleCommand({ RoleArn: s.roleArn, RoleSessionName: 'denied' })), 'AccessDenied', 403,
      'Roles may not be assumed by root accounts.');
  });

  test('a wrong secret, an altered request and an unknown key are refused', async () => {
    const wrong = { ...s.randomUser, secretAccessKey: s.randomUser.secretAccessKey.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) };
    await rejects(gh.sts(wrong).send(new GetCallerIdentityCommand({})), 'SignatureDoesNotMatch', 403);
    await rejects(gh.s3(wrong).send(new ListBucketsCommand({})), 'SignatureDoesNotMatch', 403);
    const unknown = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    await rejects(gh.sts(unknown).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
    await rejects(gh.s3(unknown).send(new ListBucketsCommand({})), 'InvalidAccessKeyId', 403);
    const forged = { ...session, sessionToken: session.sessionToken!.slice(0, -4) + 'AAAA' };
    await rejects(gh.sts(forged).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
  });

  test('DurationSeconds is bounded by the role and by chaining', async () => {
    await rejects(gh.sts(s.randomUser).send(new AssumeRoleCommand({ RoleArn: s.roleArn, RoleSessionName: 'denied', DurationSeconds: 7200 })), 'ValidationError', 400,
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    await rejects(gh.sts(s.randomUser).send(new AssumeRoleCommand({ RoleArn: s.roleArn, RoleSessionName: 'denied', DurationSeconds: 899 })), 'ValidationError', 400,
      /Member must have value greater than or equal to 900/);
    const short = await gh.sts(s.randomUser).send(new AssumeRoleCommand({ RoleArn: s.roleArn, RoleSessionName: 'short', DurationSeconds: 900 }));
    assert.ok(short.Credentials!.Expiration!.getTime() - Date.now() <= 900_000);
  });

  test('temporary credentials expire: ExpiredToken after the clock moves past them', async () => {
    await gh.s3(session).send(new ListBucketsCommand({}));
    gh.server.runtime.clock.advance(3601);
    try {
      await rejects(gh.sts(session).send(new GetCallerIdentityCommand({})), 'ExpiredToken', 403, 'The security token included in the request is expired');
      await rejects(gh.s3(session).send(new ListBucketsCommand({})), 'ExpiredToken', 400);
      // Long-term keys are unaffected by the moved clock: their fresh signatures are not "skewed".
      await gh.sts(s.randomUser).send(new GetCallerIdentityCommand({}));
    } finally {
      gh.server.runtime.clock.advance(-3601);
    }
  });
});

describe('S3 buckets across accounts', () => {
  let gh: TestGatehouse;
  before(async () => { gh = await TestGatehouse.start(); });
  after(() => gh.dispose());

  test('bucket names are global: another account gets BucketAlreadyExists, the owner BucketAlreadyOwnedByYou outside us-east-1', async () => {
    const prod = gh.s3(gh.root('prod'));
    await prod.send(new CreateBucketCommand({ Bucket: 'shared-name' }));
    await rejects(gh.s3(gh.root('utils')).send(new CreateBucketCommand({ Bucket: 'shared-name' })), 'BucketAlreadyExists', 409);
    // us-east-1 lets the owner create its own bucket again.
    await prod.send(new CreateBucketCommand({ Bucket: 'shared-name' }));
    const west = new S3Client({ endpoint: gh.server.url, region: 'eu-west-1', credentials: gh.root('prod'), forcePathStyle: true, maxAttempts: 1 });
    await west.send(new CreateBucketCommand({ Bucket: 'west-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    await rejects(west.send(new CreateBucketCommand({ Bucket: 'west-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })), 'BucketAlreadyOwnedByYou', 409);
    assert.equal((await prod.send(new GetBucketLocationCommand({ Bucket: 'west-bucket' }))).LocationConstraint, 'eu-west-1');
    assert.equal((await prod.send(new GetBucketLocationCommand({ Bucket: 'shared-name' }))).LocationConstraint, undefined);
  });

  test('invalid names are refused; listing pages with a continuation token', async () => {
    const prod = gh.s3(gh.root('prod'));
    await rejects(prod.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })), 'InvalidBucketName', 400);
    await rejects(prod.send(new CreateBucketCommand({ Bucket: 'ab' })), 'InvalidBucketName', 400);
    for (const n of ['page-a', 'page-b', 'page-c']) await prod.send(new CreateBucketCommand({ Bucket: n }));
    const first = await prod.send(new ListBucketsCommand({ Prefix: 'page-', MaxBuckets: 2 }));
    assert.deepEqual(first.Buckets!.map((b) => b.Name), ['page-a', 'page-b']);
    const second = await prod.send(new ListBucketsCommand({ Prefix: 'page-', MaxBuckets: 2, ContinuationToken: first.ContinuationToken }));
    assert.deepEqual(second.Buckets!.map((b) => b.Name), ['page-c']);
    assert.equal(second.ContinuationToken, undefined);
  });

  test("another account's bucket cannot be deleted or headed; the owner deletes it", async () => {
    await gh.s3(gh.root('prod')).send(new CreateBucketCommand({ Bucket: 'prod-only' }));
    await rejects(gh.s3(gh.root('utils')).send(new DeleteBucketCommand({ Bucket: 'prod-only' })), 'AccessDenied', 403, 'Access Denied');
    // A HEAD answer has no body, so the SDK knows only the status.
    await assert.rejects(gh.s3(gh.root('utils')).send(new HeadBucketCommand({ Bucket: 'prod-only' })), (e: STSServiceException) => e.$metadata.httpStatusCode === 403);
    await gh.s3(gh.root('prod')).send(new DeleteBucketCommand({ Bucket: 'prod-only' }));
    await rejects(gh.s3(gh.root('prod')).send(new DeleteBucketCommand({ Bucket: 'prod-only' })), 'NoSuchBucket', 404, 'The specified bucket does not exist');
    await rejects(gh.s3(gh.root('prod')).send(new HeadBucketCommand({ Bucket: 'prod-only' })), 'NotFound', 404);
  });
});
