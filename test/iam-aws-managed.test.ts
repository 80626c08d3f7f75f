/**
 * AWS managed policies: present in every account with AWS's names, ids,
 * versions and documents, listed by scope, attachable and enforced, and
 * never changed by an account.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  IAMClient, AttachRolePolicyCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreatePolicyVersionCommand,
  CreateRoleCommand, CreateUserCommand, DeletePolicyCommand, DeletePolicyVersionCommand, DetachUserPolicyCommand, GetPolicyCommand,
  GetPolicyVersionCommand, ListAttachedUserPoliciesCommand, ListEntitiesForPolicyCommand, ListPoliciesCommand, ListPolicyVersionsCommand,
  ListUsersCommand, PutUserPermissionsBoundaryCommand, SetDefaultPolicyVersionCommand, TagPolicyCommand, type Policy,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { TestGatehouse, type Credentials } from './support/gatehouse.js';
import { rejects } from './support/errors.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const IAM_READ_ONLY = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess';
const S3_READ_ONLY = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
const LAMBDA_S3 = 'arn:aws:iam::aws:policy/service-role/AmazonS3ObjectLambdaExecutionRolePolicy';
const trustEc2 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

describe('AWS managed policies', () => {
  let gh: TestGatehouse;
  let iam: IAMClient;
  let other: IAMClient;
  let account: string;

  before(async () => {
    gh = await TestGatehouse.start({ accounts: ['main', 'other'] });
    iam = gh.iam(gh.root('main'));
    other = gh.iam(gh.root('other'));
    account = gh.account('main').id;
  });
  after(() => gh.dispose());

  async function userWith(name: string, ...arns: string[]): Promise<Credentials> {
    await iam.send(new CreateUserCommand({ UserName: name }));
    for (const arn of arns) await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: arn }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
  }

  test('GetPolicy and its versions show AWS\'s policy in every account', async () => {
    for (const client of [iam, other]) {
      const p = (await client.send(new GetPolicyCommand({ PolicyArn: ADMIN }))).Policy!;
      assert.equal(p.PolicyName, 'AdministratorAccess');
      assert.equal(p.PolicyId, 'ANPAIWMBCKSKIEE64ZLYK');
      assert.equal(p.Path, '/');
      assert.equal(p.DefaultVersionId, 'v1');
      assert.equal(p.IsAttachable, true);
      assert.equal(p.AttachmentCount, 0);
      assert.equal(p.Description, 'Provides full access to AWS services and resources.');
      assert.equal(p.CreateDate!.toISOString(), '2015-02-06T18:39:46.000Z');
    }
    const v = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: ADMIN, VersionId: 'v1' }))).PolicyVersion!;
    assert.deepEqual(JSON.parse(decodeURIComponent(v.Document!)), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    assert.equal(v.IsDefaultVersion, true);
    await rejects(iam.send(new GetPolicyVersionCommand({ PolicyArn: ADMIN, VersionId: 'v2' })), 'NoSuchEntityException', 404,
      `Policy ${ADMIN} version v2 does not exist or is not attachable.`);
    const power = (await iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' }))).Policy!;
    assert.equal(power.DefaultVersionId, 'v12');
    const versions = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' }))).Versions!;
    assert.deepEqual(versions.map((x) => [x.VersionId, x.IsDefaultVersion]), [['v12', true]]);
    const lambda = (await iam.send(new GetPolicyCommand({ PolicyArn: LAMBDA_S3 }))).Policy!;
    assert.equal(lambda.Path, '/service-role/');
    await rejects(iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/NoSuchManagedPolicy' })), 'NoSuchEntityException', 404);
  });

  test('ListPolicies: Scope, PathPrefix, OnlyAttached and PolicyUsageFilter', async () => {
    await iam.send(new CreatePolicyCommand({ PolicyName: 'AdministratorAccess', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }) }));
    const names = async (input: ConstructorParameters<typeof ListPoliciesCommand>[0]) =>
      (await iam.send(new ListPoliciesCommand(input))).Policies!.map((p: Policy) => p.Arn!);
    const aws = await names({ Scope: 'AWS' });
    assert.ok(aws.includes(ADMIN) && aws.includes(READ_ONLY) && aws.includes(S3_READ_ONLY) && aws.includes(LAMBDA_S3), aws.join());
    assert.ok(aws.every((arn) => arn.startsWith('arn:aws:iam::aws:policy/')));
    assert.deepEqual(await names({ Scope: 'Local' }), [`arn:aws:iam::${account}:policy/AdministratorAccess`]);
    const all = await names({});
    assert.ok(all.includes(ADMIN) && all.includes(`arn:aws:iam::${account}:policy/AdministratorAccess`));
    assert.deepEqual(await names({ Scope: 'AWS', PathPrefix: '/service-role/' }), [LAMBDA_S3]);
    await rejects(iam.send(new ListPoliciesCommand({ Scope: 'Everything' as 'All' })), 'ValidationError', 400, /at 'scope'/);

    await iam.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: trustEc2 }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'reader', PolicyArn: S3_READ_ONLY }));
    await iam.send(new CreateUserCommand({ UserName: 'bounded' }));
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: IAM_READ_ONLY }));
    assert.deepEqual(await names({ Scope: 'AWS', OnlyAttached: true, PolicyUsageFilter: 'PermissionsPolicy' }), [S3_READ_ONLY]);
    assert.deepEqual(await names({ Scope: 'AWS', OnlyAttached: true, PolicyUsageFilter: 'PermissionsBoundary' }), [IAM_READ_ONLY]);
    assert.deepEqual((await names({ Scope: 'AWS', OnlyAttached: true })).sort(), [IAM_READ_ONLY, S3_READ_ONLY].sort());
    // Use in one account is not use in another.
    assert.deepEqual((await other.send(new ListPoliciesCommand({ Scope: 'AWS', OnlyAttached: true }))).Policies, []);
    const boundary = (await iam.send(new GetPolicyCommand({ PolicyArn: IAM_READ_ONLY }))).Policy!;
    assert.equal(boundary.PermissionsBoundaryUsageCount, 1);
  });

  test('attachments count per account; ListEntitiesForPolicy and detach work on AWS policies', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'attached' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'attached', PolicyArn: READ_ONLY }));
    await other.send(new CreateUserCommand({ UserName: 'elsewhere' }));
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: READ_ONLY }))).Policy!.AttachmentCount, 1);
    assert.equal((await other.send(new GetPolicyCommand({ PolicyArn: READ_ONLY }))).Policy!.AttachmentCount, 0);
    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: READ_ONLY }));
    assert.deepEqual(entities.PolicyUsers!.map((u) => u.UserName), ['attached']);
    assert.deepEqual((await other.send(new ListEntitiesForPolicyCommand({ PolicyArn: READ_ONLY }))).PolicyUsers, []);
    assert.deepEqual((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'attached' }))).AttachedPolicies,
      [{ PolicyName: 'ReadOnlyAccess', PolicyArn: READ_ONLY }]);
    await iam.send(new DetachUserPolicyCommand({ UserName: 'attached', PolicyArn: READ_ONLY }));
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: READ_ONLY }))).Policy!.AttachmentCount, 0);
  });

  test('they are enforced: ReadOnlyAccess may list but not create, AdministratorAccess may do both, a boundary limits', async () => {
    const reader = gh.iam(await userWith('ro-user', READ_ONLY));
    assert.ok((await reader.send(new ListUsersCommand({}))).Users!.some((u) => u.UserName === 'ro-user'));
    await rejects(reader.send(new CreateUserCommand({ UserName: 'by-reader' })), 'AccessDenied', 403,
      new RegExp(`User: arn:aws:iam::${account}:user/ro-user is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${account}:user/by-reader`));

    const admin = gh.iam(await userWith('admin-user', ADMIN));
    await admin.send(new ListUsersCommand({}));
    await admin.send(new CreateUserCommand({ UserName: 'by-admin' }));

    // AdministratorAccess inside an IAMReadOnlyAccess boundary: reads only.
    const boundedCreds = await userWith('admin-bounded', ADMIN);
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'admin-bounded', PermissionsBoundary: IAM_READ_ONLY }));
    const bounded = gh.iam(boundedCreds);
    await bounded.send(new ListUsersCommand({}));
    await rejects(bounded.send(new CreateUserCommand({ UserName: 'by-bounded' })), 'AccessDenied', 403, /permissions boundary/);

    const s3reader = gh.s3(await userWith('s3-reader', S3_READ_ONLY));
    await s3reader.send(new ListBucketsCommand({}));
    await rejects(s3reader.send(new CreateBucketCommand({ Bucket: `denied-${account}` })), 'AccessDenied', 403);
  });

  test('an account cannot change them', async () => {
    const changeDoc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
    const denied = (action: string) => `User: arn:aws:iam::${account}:root is not authorized to perform: ${action} on resource: ${ADMIN}`;
    await rejects(iam.send(new CreatePolicyVersionCommand({ PolicyArn: ADMIN, PolicyDocument: changeDoc, SetAsDefault: true })), 'AccessDenied', 403,
      denied('iam:CreatePolicyVersion'));
    await rejects(iam.send(new DeletePolicyCommand({ PolicyArn: ADMIN })), 'AccessDenied', 403, denied('iam:DeletePolicy'));
    await rejects(iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: ADMIN, VersionId: 'v1' })), 'AccessDenied', 403);
    await rejects(iam.send(new DeletePolicyVersionCommand({ PolicyArn: ADMIN, VersionId: 'v1' })), 'AccessDenied', 403);
    await rejects(iam.send(new TagPolicyCommand({ PolicyArn: ADMIN, Tags: [{ Key: 'a', Value: 'b' }] })), 'AccessDenied', 403);
    // Not even a user whose AdministratorAccess allows iam:* on every resource.
    const admin = gh.iam(await userWith('admin-changer', ADMIN));
    await rejects(admin.send(new DeletePolicyCommand({ PolicyArn: ADMIN })), 'AccessDenied', 403);
    const v = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: ADMIN, VersionId: 'v1' }))).PolicyVersion!;
    assert.equal(JSON.parse(decodeURIComponent(v.Document!)).Statement[0].Action, '*');
    assert.equal((await iam.send(new ListPolicyVersionsCommand({ PolicyArn: ADMIN }))).Versions!.length, 1);
  });
});
