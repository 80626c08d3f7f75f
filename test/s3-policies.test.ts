/**
 * Bucket policies and cross-account access as AWS decides them ("Policy
 * evaluation for S3 requests"; "Bucket policy examples"; "Blocking public access").
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, PutObjectCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, GetBucketPolicyCommand,
  DeleteBucketPolicyCommand, GetBucketPolicyStatusCommand, PutPublicAccessBlockCommand, GetPublicAccessBlockCommand, DeletePublicAccessBlockCommand,
  GetBucketOwnershipControlsCommand, PutBucketVersioningCommand, GetBucketVersioningCommand, PutBucketTaggingCommand, GetBucketTaggingCommand,
  DeleteBucketTaggingCommand, PutBucketAclCommand, DeleteObjectsCommand, CopyObjectCommand,
} from '@aws-sdk/client-s3';
import { CreateRoleCommand, PutRolePolicyCommand, PutUserPolicyCommand, CreateUserCommand, CreateAccessKeyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { TestGatehouse, type Credentials } from './support/gatehouse.js';

async function rejects(p: Promise<unknown>, code: string, status: number) {
  await assert.rejects(p, (e: any) => {
    assert.equal(e.$metadata?.httpStatusCode, status, String(e));
    if (code) assert.equal(e.Code ?? e.name, code);
    return true;
  });
}

describe('S3 bucket policies across accounts', () => {
  let gh: TestGatehouse;
  let prodId: string, utilsId: string;
  let reader: Credentials;
  before(async () => {
    gh = await TestGatehouse.start();
    prodId = gh.account('prod').id; utilsId = gh.account('utils').id;
    const prod = gh.s3(gh.root('prod'));
    await prod.send(new CreateBucketCommand({ Bucket: 'prod-data' }));
    await prod.send(new PutObjectCommand({ Bucket: 'prod-data', Key: 'report.csv', Body: 'a,b' }));
    // utils has a role, trusted by its own account, that prod's bucket policy names.
    const iam = gh.iam(gh.root('utils'));
    await iam.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${utilsId}:root` }, Action: 'sts:AssumeRole' }] }) }));
    // Roles cannot be assumed by root: a utils user with sts:AssumeRole does it.
    await iam.send(new CreateUserCommand({ UserName: 'ops' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'ops', PolicyName: 'assume', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }) }));
    const opsKey = (await iam.send(new CreateAccessKeyCommand({ UserName: 'ops' }))).AccessKey!;
    const session = await gh.sts({ accessKeyId: opsKey.AccessKeyId!, secretAccessKey: opsKey.SecretAccessKey! }).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${utilsId}:role/reader`, RoleSessionName: 'reader-session' }));
    reader = { accessKeyId: session.Credentials!.AccessKeyId!, secretAccessKey: session.Credentials!.SecretAccessKey!, sessionToken: session.Credentials!.SessionToken! };
  });
  after(() => gh.dispose());

  const grant = (bucket: string, principal: unknown, actions: string[], extra: object = {}) => JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'grant', Effect: 'Allow', Principal: principal, Action: actions, Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], ...extra }],
  });

  test("cross-account: the bucket policy alone is not enough, the role's identity policy alone is not enough; both are", async () => {
    const s3 = gh.s3(reader);
    await rejects(s3.send(new GetObjectCommand({ Bucket: 'prod-data', Key: 'report.csv' })), 'AccessDenied', 403);
    await gh.s3(gh.root('prod')).send(new PutBucketPolicyCommand({ Bucket: 'prod-data', Policy: grant('prod-data', { AWS: `arn:aws:iam::${utilsId}:role/reader` }, ['s3:GetObject', 's3:ListBucket']) }));
    // Bucket policy only: the role's own account has not allowed it.
    await rejects(s3.send(new GetObjectCommand({ Bucket: 'prod-data', Key: 'report.csv' })), 'AccessDenied', 403);
    await gh.iam(gh.root('utils')).send(new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'read-prod', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::prod-data', 'arn:aws:s3:::prod-data/*'] }] }) }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'prod-data', Key: 'report.csv' }));
    assert.equal(await got.Body!.transformToString(), 'a,b');
    // The bucket policy grants no write: the identity policy cannot make up for it across accounts.
    await rejects(s3.send(new PutObjectCommand({ Bucket: 'prod-data', Key: 'x', Body: 'y' })), 'AccessDenied', 403);
    // Without the bucket policy, the identity policy alone is not enough.
    await gh.s3(gh.root('prod')).send(new DeleteBucketPolicyCommand({ Bucket: 'prod-data' }));
    await rejects(s3.send(new GetObjectCommand({ Bucket: 'prod-data', Key: 'report.csv' })), 'AccessDenied', 403);
    await rejects(gh.s3(gh.root('prod')).send(new GetBucketPolicyCommand({ Bucket: 'prod-data' })), 'NoSuchBucketPolicy', 404);
  });

  test('same account: a user with no identity policy is let in by the bucket policy alone', async () => {
    const iam = gh.iam(gh.root('prod'));
    await iam.send(new CreateUserCommand({ UserName: 'analyst' }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'analyst' }))).AccessKey!;
    const s3 = gh.s3({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! });
    await rejects(s3.send(new GetObjectCommand({ Bucket: 'prod-data', Key: 'report.csv' })), 'AccessDenied', 403);
    // A missing key is 403 to a caller without s3:ListBucket, 404 to one with it.
    await gh.s3(gh.root('prod')).send(new PutBucketPolicyCommand({ Bucket: 'prod-data', Policy: grant('prod-data', { AWS: `arn:aws:iam::${prodId}:user/analyst` }, ['s3:GetObject']) }));
    assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: 'prod-data', Key: 'report.csv' }))).Body!.transformToString(), 'a,b');
    await rejects(s3.send(new GetObjectCommand({ Bucket: 'prod-data', Key: 'missing' })), 'AccessDenied', 403);
    await gh.s3(gh.root('prod')).send(new PutBucketPolicyCommand({ Bucket: 'prod-data', Policy: grant('prod-data', { AWS: `arn:aws:iam::${prodId}:user/analyst` }, ['s3:GetObject', 's3:ListBucket']) }));
    await rejects(s3.send(new GetObjectCommand({ Bucket: 'prod-data', Key: 'missing' })), 'NoSuchKey', 404);
  });

  test('s3:prefix conditions limit listings', async () => {
    const prod = gh.s3(gh.root('prod'));
    await prod.send(new PutBucketPolicyCommand({ Bucket: 'prod-data', Policy: grant('prod-data', { AWS: `arn:aws:iam::${utilsId}:role/reader` }, ['s3:ListBucket'], { Condition: { StringLike: { 's3:prefix': ['public/*'] } } }) }));
    const s3 = gh.s3(reader);
    await s3.send(new ListObjectsV2Command({ Bucket: 'prod-data', Prefix: 'public/' }));
    await rejects(s3.send(new ListObjectsV2Command({ Bucket: 'prod-data' })), 'AccessDenied', 403);
  });

  test('anonymous access needs a public policy and Block Public Access turned off', async () => {
    const prod = gh.s3(gh.root('prod'));
    await prod.send(new CreateBucketCommand({ Bucket: 'public-site' }));
    await prod.send(new PutObjectCommand({ Bucket: 'public-site', Key: 'index.html', Body: '<h1>hi</h1>' }));
    const url = `${gh.server.url}/public-site/index.html`;
    assert.equal((await fetch(url)).status, 403);
    assert.deepEqual((await prod.send(new GetPublicAccessBlockCommand({ Bucket: 'public-site' }))).PublicAccessBlockConfiguration,
      { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    const pub = grant('public-site', '*', ['s3:GetObject']);
    // BlockPublicPolicy refuses the public policy itself.
    await rejects(prod.send(new PutBucketPolicyCommand({ Bucket: 'public-site', Policy: pub })), 'AccessDenied', 403);
    await prod.send(new PutPublicAccessBlockCommand({ Bucket: 'public-site', PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true } }));
    await prod.send(new PutBucketPolicyCommand({ Bucket: 'public-site', Policy: pub }));
    assert.equal((await prod.send(new GetBucketPolicyStatusCommand({ Bucket: 'public-site' }))).PolicyStatus!.IsPublic, true);
    // RestrictPublicBuckets still ignores the public policy for anonymous callers.
    assert.equal((await fetch(url)).status, 403);
    await prod.send(new DeletePublicAccessBlockCommand({ Bucket: 'public-site' }));
    const r = await fetch(url);
    assert.equal(r.status, 200);
    assert.equal(await r.text(), '<h1>hi</h1>');
    // Only GetObject is public: anonymous listing and writes stay denied.
    assert.equal((await fetch(`${gh.server.url}/public-site?list-type=2`)).status, 403);
    assert.equal((await fetch(`${gh.server.url}/public-site/x`, { method: 'PUT', body: 'x' })).status, 403);
    // A policy pinned to a source IP is not public (Blocking public access: "The meaning of public").
    await prod.send(new PutBucketPolicyCommand({ Bucket: 'public-site', Policy: grant('public-site', '*', ['s3:GetObject'], { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }) }));
    assert.equal((await prod.send(new GetBucketPolicyStatusCommand({ Bucket: 'public-site' }))).PolicyStatus!.IsPublic, false);
    assert.equal((await fetch(url)).status, 403);
  });

  test('condition keys: s3:ExistingObjectTag, s3:RequestObjectTag, aws:SourceIp, aws:SecureTransport', async () => {
    const prod = gh.s3(gh.root('prod'));
    const iam = gh.iam(gh.root('prod'));
    await iam.send(new CreateUserCommand({ UserName: 'tagged-reader' }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'tagged-reader' }))).AccessKey!;
    const s3 = gh.s3({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! });
    await prod.send(new CreateBucketCommand({ Bucket: 'cond-data' }));
    await prod.send(new PutObjectCommand({ Bucket: 'cond-data', Key: 'open.txt', Body: 'open', Tagging: 'classification=public' }));
    await prod.send(new PutObjectCommand({ Bucket: 'cond-data', Key: 'secret.txt', Body: 'secret', Tagging: 'classification=secret' }));
    const user = { AWS: `arn:aws:iam::${prodId}:user/tagged-reader` };
    const policy = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
    // "Amazon S3 condition key examples": reads only of objects tagged public; writes only with that tag.
    await prod.send(new PutBucketPolicyCommand({ Bucket: 'cond-data', Policy: policy([
      { Effect: 'Allow', Principal: user, Action: 's3:GetObject', Resource: 'arn:aws:s3:::cond-data/*', Condition: { StringEquals: { 's3:ExistingObjectTag/classification': 'public' } } },
      { Effect: 'Allow', Principal: user, Action: 's3:PutObject', Resource: 'arn:aws:s3:::cond-data/*', Condition: { StringEquals: { 's3:RequestObjectTag/classification': 'public' } } },
    ]) }));
    assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: 'cond-data', Key: 'open.txt' }))).Body!.transformToString(), 'open');
    await rejects(s3.send(new GetObjectCommand({ Bucket: 'cond-data', Key: 'secret.txt' })), 'AccessDenied', 403);
    await s3.send(new PutObjectCommand({ Bucket: 'cond-data', Key: 'new.txt', Body: 'n', Tagging: 'classification=public' }));
    await rejects(s3.send(new PutObjectCommand({ Bucket: 'cond-data', Key: 'new2.txt', Body: 'n' })), 'AccessDenied', 403);
    // "Bucket policy examples": deny requests from outside an address range, and requests without TLS.
    const read = { Effect: 'Allow', Principal: user, Action: 's3:GetObject', Resource: 'arn:aws:s3:::cond-data/*' };
    const ipDeny = (cidr: string) => ({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::cond-data', 'arn:aws:s3:::cond-data/*'], Condition: { NotIpAddress: { 'aws:SourceIp': cidr } } });
    await prod.send(new PutBucketPolicyCommand({ Bucket: 'cond-data', Policy: policy([read, ipDeny('127.0.0.0/8')]) }));
    await (await s3.send(new GetObjectCommand({ Bucket: 'cond-data', Key: 'secret.txt' }))).Body!.transformToString();
    await prod.send(new PutBucketPolicyCommand({ Bucket: 'cond-data', Policy: policy([read, ipDeny('10.0.0.0/8')]) }));
    await rejects(s3.send(new GetObjectCommand({ Bucket: 'cond-data', Key: 'secret.txt' })), 'AccessDenied', 403);
    await rejects(prod.send(new ListObjectsV2Command({ Bucket: 'cond-data' })), 'AccessDenied', 403);
    // PutBucketPolicy: the owner's root may always change the policy, so a lock-out can be undone.
    assert.ok((await prod.send(new GetBucketPolicyCommand({ Bucket: 'cond-data' }))).Policy);
    await prod.send(new PutBucketPolicyCommand({ Bucket: 'cond-data', Policy: policy([read, { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::cond-data/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }]) }));
    // Gatehouse serves plain HTTP: the "enforce TLS" policy denies everything, the bucket owner's root included.
    await rejects(s3.send(new GetObjectCommand({ Bucket: 'cond-data', Key: 'secret.txt' })), 'AccessDenied', 403);
    await rejects(prod.send(new GetObjectCommand({ Bucket: 'cond-data', Key: 'secret.txt' })), 'AccessDenied', 403);
    await prod.send(new DeleteBucketPolicyCommand({ Bucket: 'cond-data' }));
  });

  test('DeleteObjects answers per key: deleted where allowed, AccessDenied in Errors elsewhere', async () => {
    const prod = gh.s3(gh.root('prod'));
    const iam = gh.iam(gh.root('prod'));
    await iam.send(new CreateUserCommand({ UserName: 'cleaner' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'cleaner', PolicyName: 'tmp-only', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::prod-data/tmp/*' }] }) }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'cleaner' }))).AccessKey!;
    await prod.send(new PutObjectCommand({ Bucket: 'prod-data', Key: 'tmp/scratch', Body: 's' }));
    const r = await gh.s3({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! }).send(new DeleteObjectsCommand({ Bucket: 'prod-data', Delete: { Objects: [{ Key: 'tmp/scratch' }, { Key: 'report.csv' }] } }));
    assert.deepEqual(r.Deleted?.map((d) => d.Key), ['tmp/scratch']);
    assert.deepEqual(r.Errors?.map((e) => [e.Key, e.Code]), [['report.csv', 'AccessDenied']]);
    assert.equal(await (await prod.send(new GetObjectCommand({ Bucket: 'prod-data', Key: 'report.csv' }))).Body!.transformToString(), 'a,b');
  });

  test('an anonymous upload goes through only where a bucket policy grants s3:PutObject to "*" and Block Public Access is off', async () => {
    const prod = gh.s3(gh.root('prod'));
    await prod.send(new CreateBucketCommand({ Bucket: 'dropbox-anon' }));
    const url = `${gh.server.url}/dropbox-anon/in/note.txt`;
    assert.equal((await fetch(url, { method: 'PUT', body: 'hello' })).status, 403);
    await prod.send(new DeletePublicAccessBlockCommand({ Bucket: 'dropbox-anon' }));
    await prod.send(new PutBucketPolicyCommand({ Bucket: 'dropbox-anon', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::dropbox-anon/in/*' }] }) }));
    assert.equal((await fetch(url, { method: 'PUT', body: 'hello' })).status, 200);
    assert.equal((await fetch(`${gh.server.url}/dropbox-anon/elsewhere.txt`, { method: 'PUT', body: 'x' })).status, 403);
    assert.equal(await (await prod.send(new GetObjectCommand({ Bucket: 'dropbox-anon', Key: 'in/note.txt' }))).Body!.transformToString(), 'hello');
    // Anonymous reads were not granted.
    assert.equal((await fetch(url)).status, 403);
  });

  test('policies are validated: Principal required, resources of this bucket, valid JSON', async () => {
    const prod = gh.s3(gh.root('prod'));
    await rejects(prod.send(new PutBucketPolicyCommand({ Bucket: 'prod-data', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::prod-data/*' }] }) })), 'MalformedPolicy', 400);
    await rejects(prod.send(new PutBucketPolicyCommand({ Bucket: 'prod-data', Policy: grant('other-bucket', '*', ['s3:GetObject']).replace(/other-bucket/g, 'someone-else') })), 'MalformedPolicy', 400);
    await rejects(prod.send(new PutBucketPolicyCommand({ Bucket: 'prod-data', Policy: '{not json' })), 'MalformedPolicy', 400);
    await rejects(gh.s3(reader).send(new PutBucketPolicyCommand({ Bucket: 'prod-data', Policy: grant('prod-data', '*', ['s3:GetObject']) })), 'AccessDenied', 403);
    // Another account's root, even allowed by the bucket policy, gets 405 (PutBucketPolicy: Permissions).
    await prod.send(new PutBucketPolicyCommand({ Bucket: 'prod-data', Policy: grant('prod-data', { AWS: `arn:aws:iam::${utilsId}:root` }, ['s3:GetBucketPolicy']) }));
    await rejects(gh.s3(gh.root('utils')).send(new GetBucketPolicyCommand({ Bucket: 'prod-data' })), 'MethodNotAllowed', 405);
    await prod.send(new DeleteBucketPolicyCommand({ Bucket: 'prod-data' }));
  });

  test('x-amz-expected-bucket-owner and x-amz-source-expected-bucket-owner: another account is 403, the owner passes', async () => {
    const prod = gh.s3(gh.root('prod'));
    await prod.send(new PutObjectCommand({ Bucket: 'prod-data', Key: 'owned', Body: 'x', ExpectedBucketOwner: prodId }));
    await rejects(prod.send(new PutObjectCommand({ Bucket: 'prod-data', Key: 'owned', Body: 'y', ExpectedBucketOwner: utilsId })), 'AccessDenied', 403);
    await rejects(prod.send(new GetBucketTaggingCommand({ Bucket: 'prod-data', ExpectedBucketOwner: utilsId })), 'AccessDenied', 403);
    assert.equal(await (await prod.send(new GetObjectCommand({ Bucket: 'prod-data', Key: 'owned', ExpectedBucketOwner: prodId }))).Body!.transformToString(), 'x');
    await rejects(prod.send(new CopyObjectCommand({ Bucket: 'prod-data', Key: 'copied', CopySource: 'prod-data/owned', ExpectedSourceBucketOwner: utilsId })), 'AccessDenied', 403);
    await prod.send(new CopyObjectCommand({ Bucket: 'prod-data', Key: 'copied', CopySource: 'prod-data/owned', ExpectedSourceBucketOwner: prodId, ExpectedBucketOwner: prodId }));
  });

  test('ownership is BucketOwnerEnforced: ACLs refused; versioning states; MFA delete refused; bucket tagging', async () => {
    const prod = gh.s3(gh.root('prod'));
    assert.equal((await prod.send(new GetBucketOwnershipControlsCommand({ Bucket: 'prod-data' }))).OwnershipControls!.Rules![0].ObjectOwnership, 'BucketOwnerEnforced');
    await rejects(prod.send(new PutObjectCommand({ Bucket: 'prod-data', Key: 'acl', Body: 'x', ACL: 'public-read' })), 'AccessControlListNotSupported', 400);
    await prod.send(new PutObjectCommand({ Bucket: 'prod-data', Key: 'acl', Body: 'x', ACL: 'bucket-owner-full-control' }));
    await rejects(prod.send(new PutBucketAclCommand({ Bucket: 'prod-data', ACL: 'public-read' })), 'AccessControlListNotSupported', 400);
    assert.equal((await prod.send(new GetBucketVersioningCommand({ Bucket: 'prod-data' }))).Status, undefined);
    await rejects(prod.send(new PutBucketVersioningCommand({ Bucket: 'prod-data', VersioningConfiguration: { Status: 'Enabled', MFADelete: 'Enabled' } })), 'NotImplemented', 501);
    await prod.send(new PutBucketVersioningCommand({ Bucket: 'prod-data', VersioningConfiguration: { Status: 'Enabled' } }));
    assert.equal((await prod.send(new GetBucketVersioningCommand({ Bucket: 'prod-data' }))).Status, 'Enabled');
    await prod.send(new PutBucketVersioningCommand({ Bucket: 'prod-data', VersioningConfiguration: { Status: 'Suspended' } }));
    assert.equal((await prod.send(new GetBucketVersioningCommand({ Bucket: 'prod-data' }))).Status, 'Suspended');
    await rejects(prod.send(new GetBucketTaggingCommand({ Bucket: 'prod-data' })), 'NoSuchTagSet', 404);
    await prod.send(new PutBucketTaggingCommand({ Bucket: 'prod-data', Tagging: { TagSet: [{ Key: 'env', Value: 'prod' }] } }));
    assert.deepEqual((await prod.send(new GetBucketTaggingCommand({ Bucket: 'prod-data' }))).TagSet, [{ Key: 'env', Value: 'prod' }]);
    await prod.send(new DeleteBucketTaggingCommand({ Bucket: 'prod-data' }));
    await rejects(prod.send(new GetBucketTaggingCommand({ Bucket: 'prod-data' })), 'NoSuchTagSet', 404);
  });
});
