/**
 * IAM's identity and policy surface through the JS SDK: AWS's errors on bad
 * input with nothing changed, versions, inline policies, tags, paging, and
 * the policies enforced on the callers they belong to.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  IAMClient, AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreatePolicyVersionCommand, CreateRoleCommand,
  CreateUserCommand, DeletePolicyCommand, DeletePolicyVersionCommand, DeleteUserCommand, DeleteUserPolicyCommand, DetachUserPolicyCommand,
  GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, GetUserCommand, GetUserPolicyCommand, ListEntitiesForPolicyCommand,
  ListPolicyVersionsCommand, ListUserPoliciesCommand, ListUserTagsCommand, ListUsersCommand, PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand, TagRoleCommand, TagUserCommand, UntagUserCommand, UpdateRoleCommand, ListRoleTagsCommand,
  DeleteAccessKeyCommand, ListAccessKeysCommand, PutUserPermissionsBoundaryCommand, TagPolicyCommand, ListPolicyTagsCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetAccessKeyInfoCommand } from '@aws-sdk/client-sts';
import { TestGatehouse } from './support/gatehouse.js';
import { allow } from './support/scenario.js';
import { rejects } from './support/errors.js';


const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe('IAM through the JS SDK', () => {
  let gh: TestGatehouse;
  let iam: IAMClient;
  let account: string;

  before(async () => {
    gh = await TestGatehouse.start({ accounts: ['main'] });
    iam = gh.iam(gh.root('main'));
    account = gh.account('main').id;
  });
  after(() => gh.dispose());

  const userWithKey = (name: string) => gh.userWithKey('main', name);

  test('user names: unique regardless of case, AWS constraint messages, NoSuchEntity', async () => {
    const out = await iam.send(new CreateUserCommand({ UserName: 'Alice', Path: '/team/' }));
    assert.equal(out.User!.Arn, `arn:aws:iam::${account}:user/team/Alice`);
    assert.match(out.User!.UserId!, /^AIDA/);
    await rejects(iam.send(new CreateUserCommand({ UserName: 'alice' })), 'EntityAlreadyExistsException', 409, 'User with name alice already exists.');
    await rejects(iam.send(new CreateUserCommand({ UserName: 'bad name!' })), 'ValidationError', 400,
      "1 validation error detected: Value 'bad name!' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
    await rejects(iam.send(new CreateUserCommand({ UserName: 'x'.repeat(65) })), 'ValidationError', 400, /Member must have length less than or equal to 64/);
    await rejects(iam.send(new CreateUserCommand({ UserName: 'p', Path: 'no-slashes' })), 'ValidationError', 400, /at 'path' failed to satisfy constraint/);
    await rejects(iam.send(new GetUserCommand({ UserName: 'nobody' })), 'NoSuchEntityException', 404, 'The user with name nobody cannot be found.');
    assert.equal((await iam.send(new GetUserCommand({ UserName: 'ALICE' }))).User!.UserName, 'Alice');
  });

  test('ListUsers pages with Marker and MaxItems', async () => {
    for (const n of ['page1', 'page2', 'page3', 'page4']) await iam.send(new CreateUserCommand({ UserName: n, Path: '/paged/' }));
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const out = await iam.send(new ListUsersCommand({ PathPrefix: '/paged/', MaxItems: 3, Marker: marker }));
      seen.push(...out.Users!.map((u) => u.UserName!));
      marker = out.IsTruncated ? out.Marker : undefined;
      pages++;
    } while (marker);
    assert.deepEqual(seen, ['page1', 'page2', 'page3', 'page4']);
    assert.equal(pages, 2);
    await rejects(iam.send(new ListUsersCommand({ MaxItems: 0 })), 'ValidationError', 400, /Member must have value greater than or equal to 1/);
  });

  test('a malformed policy is refused with MalformedPolicyDocument and creates nothing', async () => {
    await rejects(iam.send(new CreatePolicyCommand({ PolicyName: 'broken', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"' })),
      'MalformedPolicyDocumentException', 400, 'Syntax errors in policy.');
    await rejects(iam.send(new CreatePolicyCommand({ PolicyName: 'broken', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*', Principal: '*' }) })),
      'MalformedPolicyDocumentException', 400, 'Policy document should not specify a principal.');
    await rejects(iam.send(new CreatePolicyCommand({ PolicyName: 'broken', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*' }) })),
      'MalformedPolicyDocumentException', 400);
    await rejects(iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${account}:policy/broken` })), 'NoSuchEntityException', 404);
    await rejects(iam.send(new CreateRoleCommand({ RoleName: 'no-principal', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }) })),
      'MalformedPolicyDocumentException', 400, /Missing required field Principal/);
    await rejects(iam.send(new CreateRoleCommand({ RoleName: 'ghost-trust', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: `arn:aws:iam::${account}:user/ghost` } }) })),
      'MalformedPolicyDocumentException', 400, `Invalid principal in policy: "AWS":"arn:aws:iam::${account}:user/ghost"`);
    await rejects(iam.send(new GetRoleCommand({ RoleName: 'ghost-trust' })), 'NoSuchEntityException', 404);
  });

  test('managed policy versions: at most five, one default, documents returned as written', async () => {
    const v1 = allow('s3:ListAllMyBuckets', '*');
    const p = (await iam.send(new CreatePolicyCommand({ PolicyName: 'versions', PolicyDocument: v1, Description: 'five at most' }))).Policy!;
    assert.equal(p.DefaultVersionId, 'v1');
    assert.match(p.PolicyId!, /^ANPA/);
    for (let i = 2; i <= 5; i++) {
      const v = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: p.Arn, PolicyDocument: allow(`s3:Get${i}`, '*'), SetAsDefault: i === 3 }));
      assert.equal(v.PolicyVersion!.VersionId, `v${i}`);
    }
    await rejects(iam.send(new CreatePolicyVersionCommand({ PolicyArn: p.Arn, PolicyDocument: v1 })), 'LimitExceededException', 409);
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: p.Arn }))).Policy!.DefaultVersionId, 'v3');
    const got = await iam.send(new GetPolicyVersionCommand({ PolicyArn: p.Arn, VersionId: 'v1' }));
    assert.equal(decodeURIComponent(got.PolicyVersion!.Document!), v1);
    await rejects(iam.send(new DeletePolicyVersionCommand({ PolicyArn: p.Arn, VersionId: 'v3' })), 'DeleteConflictException', 409, 'Cannot delete the default version of a policy.');
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: p.Arn, VersionId: 'v5' }));
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: p.Arn, VersionId: 'v1' }));
    const list = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: p.Arn }));
    assert.deepEqual(list.Versions!.map((v) => [v.VersionId, v.IsDefaultVersion]), [['v4', false], ['v3', false], ['v2', false], ['v1', true]]);
    await rejects(iam.send(new DeletePolicyCommand({ PolicyArn: p.Arn })), 'DeleteConflictException', 409);
  });

  test('attachments: ListEntitiesForPolicy, DeleteConflict while attached, detach then delete', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'attached' }));
    const p = (await iam.send(new CreatePolicyCommand({ PolicyName: 'attachable', PolicyDocument: allow('iam:GetUser', '*') }))).Policy!;
    await iam.send(new AttachUserPolicyCommand({ UserName: 'attached', PolicyArn: p.Arn }));
    const ents = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: p.Arn }));
    assert.deepEqual(ents.PolicyUsers!.map((u) => u.UserName), ['attached']);
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: p.Arn }))).Policy!.AttachmentCount, 1);
    await rejects(iam.send(new DeleteUserCommand({ UserName: 'attached' })), 'DeleteConflictException', 409, 'Cannot delete entity, must detach all policies first.');
    await rejects(iam.send(new DeletePolicyCommand({ PolicyArn: p.Arn })), 'DeleteConflictException', 409, 'Cannot delete a policy attached to entities.');
    await iam.send(new DetachUserPolicyCommand({ UserName: 'attached', PolicyArn: p.Arn }));
    await rejects(iam.send(new DetachUserPolicyCommand({ UserName: 'attached', PolicyArn: p.Arn })), 'NoSuchEntityException', 404);
    await iam.send(new DeleteUserCommand({ UserName: 'attached' }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: p.Arn }));
  });

  test('inline policies of users and roles', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'inline' }));
    const d = allow('iam:ListUsers', '*');
    await iam.send(new PutUserPolicyCommand({ UserName: 'inline', PolicyName: 'lister', PolicyDocument: d }));
    assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'inline' }))).PolicyNames, ['lister']);
    assert.equal(decodeURIComponent((await iam.send(new GetUserPolicyCommand({ UserName: 'inline', PolicyName: 'lister' }))).PolicyDocument!), d);
    await rejects(iam.send(new DeleteUserCommand({ UserName: 'inline' })), 'DeleteConflictException', 409, 'Cannot delete entity, must delete policies first.');
    await rejects(iam.send(new PutUserPolicyCommand({ UserName: 'inline', PolicyName: 'huge', PolicyDocument: allow('iam:ListUsers', `arn:aws:iam::${account}:user/${'x'.repeat(2100)}`) })),
      'LimitExceededException', 409, 'Maximum policy size of 2048 bytes exceeded for user inline');
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'inline', PolicyName: 'lister' }));
    await rejects(iam.send(new GetUserPolicyCommand({ UserName: 'inline', PolicyName: 'lister' })), 'NoSuchEntityException', 404);
    await iam.send(new DeleteUserCommand({ UserName: 'inline' }));
  });

  test('tags on users and roles', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'tagged', Tags: [{ Key: 'team', Value: 'a' }] }));
    await iam.send(new TagUserCommand({ UserName: 'tagged', Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'b' }] }));
    assert.deepEqual((await iam.send(new ListUserTagsCommand({ UserName: 'tagged' }))).Tags, [{ Key: 'team', Value: 'b' }, { Key: 'env', Value: 'prod' }]);
    await iam.send(new UntagUserCommand({ UserName: 'tagged', TagKeys: ['team'] }));
    assert.deepEqual((await iam.send(new GetUserCommand({ UserName: 'tagged' }))).User!.Tags, [{ Key: 'env', Value: 'prod' }]);
    await rejects(iam.send(new TagUserCommand({ UserName: 'tagged', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })), 'InvalidInputException', 400);
    await rejects(iam.send(new TagUserCommand({ UserName: 'tagged', Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) })), 'LimitExceededException', 409);
    await iam.send(new CreateRoleCommand({ RoleName: 'tagged-role', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: account } }) }));
    await iam.send(new TagRoleCommand({ RoleName: 'tagged-role', Tags: [{ Key: 'owner', Value: 'ops' }] }));
    assert.deepEqual((await iam.send(new ListRoleTagsCommand({ RoleName: 'tagged-role' }))).Tags, [{ Key: 'owner', Value: 'ops' }]);
  });

  test('aws: tag keys are AWS\'s own: InvalidInput on Tag* and on tags at creation, in any case, and nothing is stored', async () => {
    // "Tagging IAM resources": the aws: prefix is reserved for AWS; the message is Gatehouse's (unconfirmed).
    const reserved = /^Tag key '(aws|AWS|Aws):owner' is invalid: the prefix 'aws:' is reserved for AWS use\.$/;
    await iam.send(new CreateUserCommand({ UserName: 'sys-tags', Tags: [{ Key: 'team', Value: 'a' }] }));
    for (const Key of ['aws:owner', 'AWS:owner', 'Aws:owner'])
      await rejects(iam.send(new TagUserCommand({ UserName: 'sys-tags', Tags: [{ Key: 'env', Value: 'x' }, { Key, Value: 'me' }] })), 'InvalidInputException', 400, reserved);
    assert.deepEqual((await iam.send(new ListUserTagsCommand({ UserName: 'sys-tags' }))).Tags, [{ Key: 'team', Value: 'a' }]);
    const trust = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: account } });
    await rejects(iam.send(new CreateRoleCommand({ RoleName: 'sys-role', AssumeRolePolicyDocument: trust, Tags: [{ Key: 'aws:owner', Value: 'me' }] })), 'InvalidInputException', 400, reserved);
    await rejects(iam.send(new GetRoleCommand({ RoleName: 'sys-role' })), 'NoSuchEntityException', 404);
    await rejects(iam.send(new CreatePolicyCommand({ PolicyName: 'sys-policy', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }), Tags: [{ Key: 'aws:owner', Value: 'me' }] })), 'InvalidInputException', 400, reserved);
    const policy = await iam.send(new CreatePolicyCommand({ PolicyName: 'sys-policy', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }) }));
    await rejects(iam.send(new TagPolicyCommand({ PolicyArn: policy.Policy!.Arn, Tags: [{ Key: 'aws:owner', Value: 'me' }] })), 'InvalidInputException', 400, reserved);
    assert.deepEqual((await iam.send(new ListPolicyTagsCommand({ PolicyArn: policy.Policy!.Arn }))).Tags, []);
    // aws: within a key, not before it, is the caller's own.
    await iam.send(new TagUserCommand({ UserName: 'sys-tags', Tags: [{ Key: 'team:aws:cost', Value: 'v' }] }));
  });

  test("a user's policies are enforced: variables, explicit deny, boundaries", async () => {
    const creds = await userWithKey('self-service');
    const me = gh.iam(creds);
    await rejects(me.send(new GetUserCommand({ UserName: 'self-service' })), 'AccessDenied', 403,
      `User: arn:aws:iam::${account}:user/self-service is not authorized to perform: iam:GetUser on resource: arn:aws:iam::${account}:user/self-service because no identity-based policy allows the iam:GetUser action`);
    await iam.send(new PutUserPolicyCommand({ UserName: 'self-service', PolicyName: 'own', PolicyDocument: doc(
      { Effect: 'Allow', Action: ['iam:GetUser', 'iam:*AccessKey*'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
      { Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' },
    ) }));
    assert.equal((await me.send(new GetUserCommand({}))).User!.UserName, 'self-service');
    assert.equal((await me.send(new ListAccessKeysCommand({}))).AccessKeyMetadata!.length, 1);
    await rejects(me.send(new GetUserCommand({ UserName: 'Alice' })), 'AccessDenied', 403);
    await me.send(new ListUsersCommand({}));
    await iam.send(new PutUserPolicyCommand({ UserName: 'self-service', PolicyName: 'no-list', PolicyDocument: doc({ Effect: 'Deny', Action: 'iam:List*', Resource: '*' }) }));
    await rejects(me.send(new ListUsersCommand({})), 'AccessDenied', 403,
      `User: arn:aws:iam::${account}:user/self-service is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${account}:user/ with an explicit deny in an identity-based policy`);
    const boundary = (await iam.send(new CreatePolicyCommand({ PolicyName: 'only-getuser', PolicyDocument: allow('iam:GetUser', '*') }))).Policy!;
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'self-service', PermissionsBoundary: boundary.Arn }));
    await me.send(new GetUserCommand({}));
    await rejects(me.send(new CreateAccessKeyCommand({})), 'AccessDenied', 403, /because no permissions boundary allows the iam:CreateAccessKey action/);
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'self-service', PolicyName: 'no-list' }));
  });

  test('same account: a trust policy naming the user is enough; naming the account needs the user\'s policy too', async () => {
    const creds = await userWithKey('assumer');
    const userArn = `arn:aws:iam::${account}:user/assumer`;
    const direct = (await iam.send(new CreateRoleCommand({ RoleName: 'direct', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: userArn } }) }))).Role!;
    const viaAccount = (await iam.send(new CreateRoleCommand({ RoleName: 'via-account', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: `arn:aws:iam::${account}:root` } }) }))).Role!;
    await gh.sts(creds).send(new AssumeRoleCommand({ RoleArn: direct.Arn, RoleSessionName: 'direct' }));
    await rejects(gh.sts(creds).send(new AssumeRoleCommand({ RoleArn: viaAccount.Arn, RoleSessionName: 'acct' })), 'AccessDenied', 403,
      `User: ${userArn} is not authorized to perform: sts:AssumeRole on resource: ${viaAccount.Arn}`);
    await iam.send(new PutUserPolicyCommand({ UserName: 'assumer', PolicyName: 'assume', PolicyDocument: allow('sts:AssumeRole', viaAccount.Arn!) }));
    await gh.sts(creds).send(new AssumeRoleCommand({ RoleArn: viaAccount.Arn, RoleSessionName: 'acct' }));
    await rejects(gh.sts(creds).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/missing`, RoleSessionName: 'nope' })), 'AccessDenied', 403);
    // Session tags need sts:TagSession in the trust policy too ("Passing session tags in AWS STS").
    await rejects(gh.sts(creds).send(new AssumeRoleCommand({ RoleArn: direct.Arn, RoleSessionName: 'tags', Tags: [{ Key: 'a', Value: 'b' }] })), 'AccessDenied', 403,
      `User: ${userArn} is not authorized to perform: sts:TagSession on resource: ${direct.Arn}`);
  });

  test('role chaining is capped at one hour; MaxSessionDuration is honoured', async () => {
    const creds = await userWithKey('chainer');
    const first = (await iam.send(new CreateRoleCommand({ RoleName: 'first', MaxSessionDuration: 7200,
      AssumeRolePolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: `arn:aws:iam::${account}:user/chainer` } }) }))).Role!;
    const second = (await iam.send(new CreateRoleCommand({ RoleName: 'second', MaxSessionDuration: 7200,
      AssumeRolePolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: first.Arn } }) }))).Role!;
    const s1 = (await gh.sts(creds).send(new AssumeRoleCommand({ RoleArn: first.Arn, RoleSessionName: 'one', DurationSeconds: 7200 }))).Credentials!;
    const hop = { accessKeyId: s1.AccessKeyId!, secretAccessKey: s1.SecretAccessKey!, sessionToken: s1.SessionToken! };
    await rejects(gh.sts(hop).send(new AssumeRoleCommand({ RoleArn: second.Arn, RoleSessionName: 'two', DurationSeconds: 7200 })), 'ValidationError', 400,
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    const s2 = await gh.sts(hop).send(new AssumeRoleCommand({ RoleArn: second.Arn, RoleSessionName: 'two' }));
    assert.equal(s2.AssumedRoleUser!.Arn, `arn:aws:sts::${account}:assumed-role/second/two`);
    await iam.send(new UpdateRoleCommand({ RoleName: 'first', MaxSessionDuration: 3600 }));
    await rejects(gh.sts(creds).send(new AssumeRoleCommand({ RoleArn: first.Arn, RoleSessionName: 'one', DurationSeconds: 7200 })), 'ValidationError', 400);
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'first' }))).Role!;
    assert.ok(role.RoleLastUsed?.LastUsedDate instanceof Date);
  });

  test('access keys: two at most; GetAccessKeyInfo names the account of any key', async () => {
    const creds = await userWithKey('keys');
    await iam.send(new CreateAccessKeyCommand({ UserName: 'keys' }));
    await rejects(iam.send(new CreateAccessKeyCommand({ UserName: 'keys' })), 'LimitExceededException', 409, 'Cannot exceed quota for AccessKeysPerUser: 2');
    const info = await gh.sts(gh.root('main')).send(new GetAccessKeyInfoCommand({ AccessKeyId: creds.accessKeyId }));
    assert.equal(info.Account, account);
    await rejects(iam.send(new DeleteUserCommand({ UserName: 'keys' })), 'DeleteConflictException', 409, 'Cannot delete entity, must delete access keys first.');
    await rejects(iam.send(new DeleteAccessKeyCommand({ UserName: 'keys', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' })), 'NoSuchEntityException', 404);
  });
});
