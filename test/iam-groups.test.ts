/**
 * IAM groups through the JS SDK: the group's life, membership and its quota,
 * inline and managed group policies with their limits, AWS's errors with
 * nothing changed, and a group's policies enforced on its members.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  IAMClient, AddUserToGroupCommand, AttachGroupPolicyCommand, CreateGroupCommand, CreatePolicyCommand,
  CreateUserCommand, DeleteGroupCommand, DeleteGroupPolicyCommand, DeleteUserCommand, DetachGroupPolicyCommand, GetGroupCommand,
  GetGroupPolicyCommand, ListAttachedGroupPoliciesCommand, ListEntitiesForPolicyCommand, ListGroupPoliciesCommand, ListGroupsCommand,
  ListGroupsForUserCommand, ListUsersCommand, PutGroupPolicyCommand, RemoveUserFromGroupCommand, UpdateGroupCommand, GetUserCommand,
} from '@aws-sdk/client-iam';
import { TestGatehouse } from './support/gatehouse.js';
import { allow } from './support/scenario.js';
import { rejects } from './support/errors.js';

describe('IAM groups through the JS SDK', () => {
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

  test('create, get, list by path, rename and move, delete; names unique regardless of case', async () => {
    const g = (await iam.send(new CreateGroupCommand({ GroupName: 'Admins', Path: '/ops/' }))).Group!;
    assert.equal(g.Arn, `arn:aws:iam::${account}:group/ops/Admins`);
    assert.match(g.GroupId!, /^AGPA[A-Z2-7]{17}$/);
    assert.ok(g.CreateDate instanceof Date);
    await rejects(iam.send(new CreateGroupCommand({ GroupName: 'admins' })), 'EntityAlreadyExistsException', 409, 'Group with name admins already exists.');
    await rejects(iam.send(new CreateGroupCommand({ GroupName: 'bad name' })), 'ValidationError', 400,
      "1 validation error detected: Value 'bad name' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
    await rejects(iam.send(new CreateGroupCommand({ GroupName: 'g'.repeat(129) })), 'ValidationError', 400, /Member must have length less than or equal to 128/);
    await iam.send(new CreateGroupCommand({ GroupName: 'readers' }));
    assert.deepEqual((await iam.send(new ListGroupsCommand({ PathPrefix: '/ops/' }))).Groups!.map((x) => x.GroupName), ['Admins']);
    assert.deepEqual((await iam.send(new ListGroupsCommand({}))).Groups!.map((x) => x.GroupName), ['Admins', 'readers']);
    const got = await iam.send(new GetGroupCommand({ GroupName: 'ADMINS' }));
    assert.equal(got.Group!.GroupName, 'Admins');
    assert.deepEqual(got.Users, []);
    await rejects(iam.send(new GetGroupCommand({ GroupName: 'nobody' })), 'NoSuchEntityException', 404, 'The group with name nobody cannot be found.');

    await rejects(iam.send(new UpdateGroupCommand({ GroupName: 'Admins', NewGroupName: 'READERS' })), 'EntityAlreadyExistsException', 409);
    await iam.send(new UpdateGroupCommand({ GroupName: 'Admins', NewGroupName: 'operators', NewPath: '/team/' }));
    await rejects(iam.send(new GetGroupCommand({ GroupName: 'Admins' })), 'NoSuchEntityException', 404);
    const moved = (await iam.send(new GetGroupCommand({ GroupName: 'operators' }))).Group!;
    assert.equal(moved.Arn, `arn:aws:iam::${account}:group/team/operators`);
    assert.equal(moved.GroupId, g.GroupId);
    await iam.send(new DeleteGroupCommand({ GroupName: 'operators' }));
    await iam.send(new DeleteGroupCommand({ GroupName: 'readers' }));
    await rejects(iam.send(new DeleteGroupCommand({ GroupName: 'readers' })), 'NoSuchEntityException', 404);
    assert.deepEqual((await iam.send(new ListGroupsCommand({}))).Groups, []);
  });

  test('membership: GetGroup pages its users, ListGroupsForUser, adding twice is harmless, removing a non-member fails', async () => {
    await iam.send(new CreateGroupCommand({ GroupName: 'crew' }));
    for (const n of ['m1', 'm2', 'm3']) {
      await iam.send(new CreateUserCommand({ UserName: n }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'crew', UserName: n }));
    }
    await iam.send(new AddUserToGroupCommand({ GroupName: 'CREW', UserName: 'M1' }));
    const first = await iam.send(new GetGroupCommand({ GroupName: 'crew', MaxItems: 2 }));
    assert.deepEqual(first.Users!.map((u) => u.UserName), ['m1', 'm2']);
    assert.equal(first.IsTruncated, true);
    const rest = await iam.send(new GetGroupCommand({ GroupName: 'crew', Marker: first.Marker }));
    assert.deepEqual(rest.Users!.map((u) => u.UserName), ['m3']);
    assert.equal(rest.Users![0].Arn, `arn:aws:iam::${account}:user/m3`);
    assert.deepEqual((await iam.send(new ListGroupsForUserCommand({ UserName: 'm2' }))).Groups!.map((g) => g.GroupName), ['crew']);

    await rejects(iam.send(new AddUserToGroupCommand({ GroupName: 'crew', UserName: 'ghost' })), 'NoSuchEntityException', 404, 'The user with name ghost cannot be found.');
    await rejects(iam.send(new AddUserToGroupCommand({ GroupName: 'ghosts', UserName: 'm1' })), 'NoSuchEntityException', 404, 'The group with name ghosts cannot be found.');
    await iam.send(new CreateUserCommand({ UserName: 'outsider' }));
    await rejects(iam.send(new RemoveUserFromGroupCommand({ GroupName: 'crew', UserName: 'outsider' })), 'NoSuchEntityException', 404);

    await rejects(iam.send(new DeleteUserCommand({ UserName: 'm1' })), 'DeleteConflictException', 409);
    await rejects(iam.send(new DeleteGroupCommand({ GroupName: 'crew' })), 'DeleteConflictException', 409, 'Cannot delete entity, must remove users from group first.');
    for (const n of ['m1', 'm2', 'm3']) await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'crew', UserName: n }));
    assert.deepEqual((await iam.send(new ListGroupsForUserCommand({ UserName: 'm2' }))).Groups, []);
    await iam.send(new DeleteUserCommand({ UserName: 'm1' }));
    await iam.send(new DeleteGroupCommand({ GroupName: 'crew' }));
  });

  test('a user belongs to at most 10 groups', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'joiner' }));
    for (let n = 1; n <= 11; n++) await iam.send(new CreateGroupCommand({ GroupName: `club${n}` }));
    for (let n = 1; n <= 10; n++) await iam.send(new AddUserToGroupCommand({ GroupName: `club${n}`, UserName: 'joiner' }));
    await rejects(iam.send(new AddUserToGroupCommand({ GroupName: 'club11', UserName: 'joiner' })), 'LimitExceededException', 409,
      'Cannot exceed quota for GroupsPerUser: 10');
    assert.deepEqual((await iam.send(new GetGroupCommand({ GroupName: 'club11' }))).Users, []);
    // Already a member: not a new membership, so no quota error.
    await iam.send(new AddUserToGroupCommand({ GroupName: 'club3', UserName: 'joiner' }));
    assert.equal((await iam.send(new ListGroupsForUserCommand({ UserName: 'joiner' }))).Groups!.length, 10);
  });

  test('inline group policies: put, get, list, the 5,120-character total, DeleteConflict, delete', async () => {
    await iam.send(new CreateGroupCommand({ GroupName: 'inliners' }));
    const d = allow('iam:ListUsers', '*');
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'inliners', PolicyName: 'lister', PolicyDocument: d }));
    assert.deepEqual((await iam.send(new ListGroupPoliciesCommand({ GroupName: 'inliners' }))).PolicyNames, ['lister']);
    const got = await iam.send(new GetGroupPolicyCommand({ GroupName: 'INLINERS', PolicyName: 'lister' }));
    assert.equal(got.GroupName, 'inliners');
    assert.equal(decodeURIComponent(got.PolicyDocument!), d);
    await rejects(iam.send(new PutGroupPolicyCommand({ GroupName: 'inliners', PolicyName: 'bad', PolicyDocument: '{"Statement":[' })),
      'MalformedPolicyDocumentException', 400);
    // 2,400 + 2,400 fits in 5,120 (a user's 2,048 would not); a third does not.
    const big = (n: number) => allow('iam:GetUser', `arn:aws:iam::${account}:user/${String(n).repeat(2300)}`);
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'inliners', PolicyName: 'big1', PolicyDocument: big(1) }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'inliners', PolicyName: 'big2', PolicyDocument: big(2) }));
    await rejects(iam.send(new PutGroupPolicyCommand({ GroupName: 'inliners', PolicyName: 'big3', PolicyDocument: big(3) })),
      'LimitExceededException', 409, 'Maximum policy size of 5120 bytes exceeded for group inliners');
    assert.deepEqual((await iam.send(new ListGroupPoliciesCommand({ GroupName: 'inliners' }))).PolicyNames, ['big1', 'big2', 'lister']);
    await rejects(iam.send(new DeleteGroupCommand({ GroupName: 'inliners' })), 'DeleteConflictException', 409, 'Cannot delete entity, must delete policies first.');
    for (const p of ['big1', 'big2', 'lister']) await iam.send(new DeleteGroupPolicyCommand({ GroupName: 'inliners', PolicyName: p }));
    await rejects(iam.send(new GetGroupPolicyCommand({ GroupName: 'inliners', PolicyName: 'lister' })), 'NoSuchEntityException', 404,
      'The group policy with name lister cannot be found.');
    await iam.send(new DeleteGroupCommand({ GroupName: 'inliners' }));
  });

  test('managed group policies: attach, list, ListEntitiesForPolicy, quota of 10, DeleteConflict, detach', async () => {
    await iam.send(new CreateGroupCommand({ GroupName: 'attached', Path: '/a/' }));
    const policies: string[] = [];
    for (let n = 1; n <= 11; n++) {
      policies.push((await iam.send(new CreatePolicyCommand({ PolicyName: `gp${n}`, PolicyDocument: allow(`s3:Get${n}`, '*') }))).Policy!.Arn!);
    }
    for (const arn of policies.slice(0, 10)) await iam.send(new AttachGroupPolicyCommand({ GroupName: 'attached', PolicyArn: arn }));
    await rejects(iam.send(new AttachGroupPolicyCommand({ GroupName: 'attached', PolicyArn: policies[10] })), 'LimitExceededException', 409,
      'Cannot exceed quota for PoliciesPerGroup: 10');
    const listed = await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'attached', MaxItems: 4 }));
    assert.deepEqual(listed.AttachedPolicies!.map((p) => p.PolicyName), ['gp1', 'gp2', 'gp3', 'gp4']);
    assert.equal(listed.IsTruncated, true);
    const ents = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: policies[0], EntityFilter: 'Group' }));
    assert.deepEqual(ents.PolicyGroups!.map((g) => g.GroupName), ['attached']);
    await rejects(iam.send(new AttachGroupPolicyCommand({ GroupName: 'attached', PolicyArn: `arn:aws:iam::${account}:policy/missing` })), 'NoSuchEntityException', 404);
    await rejects(iam.send(new DeleteGroupCommand({ GroupName: 'attached' })), 'DeleteConflictException', 409, 'Cannot delete entity, must detach all policies first.');
    for (const arn of policies.slice(0, 10)) await iam.send(new DetachGroupPolicyCommand({ GroupName: 'attached', PolicyArn: arn }));
    await rejects(iam.send(new DetachGroupPolicyCommand({ GroupName: 'attached', PolicyArn: policies[0] })), 'NoSuchEntityException', 404);
    await iam.send(new DeleteGroupCommand({ GroupName: 'attached' }));
  });

  test("a group's policies are its members' permissions, and stop being so when they leave", async () => {
    const creds = await userWithKey('member');
    const me = gh.iam(creds);
    const denied = `User: arn:aws:iam::${account}:user/member is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${account}:user/ because no identity-based policy allows the iam:ListUsers action`;
    await rejects(me.send(new ListUsersCommand({})), 'AccessDenied', 403, denied);

    await iam.send(new CreateGroupCommand({ GroupName: 'listers' }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'listers', PolicyName: 'list', PolicyDocument: allow('iam:ListUsers', '*') }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'listers', UserName: 'member' }));
    assert.ok((await me.send(new ListUsersCommand({}))).Users!.some((u) => u.UserName === 'member'));

    // A managed policy attached to the group counts too, and follows a renamed group.
    const getUser = (await iam.send(new CreatePolicyCommand({ PolicyName: 'get-user', PolicyDocument: allow('iam:GetUser', '*') }))).Policy!;
    await rejects(me.send(new GetUserCommand({})), 'AccessDenied', 403);
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'listers', PolicyArn: getUser.Arn }));
    await iam.send(new UpdateGroupCommand({ GroupName: 'listers', NewGroupName: 'readers2' }));
    assert.equal((await me.send(new GetUserCommand({}))).User!.UserName, 'member');
    assert.deepEqual((await iam.send(new ListGroupPoliciesCommand({ GroupName: 'readers2' }))).PolicyNames, ['list']);

    // A deny in another group wins over the allow.
    await iam.send(new CreateGroupCommand({ GroupName: 'no-list' }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'no-list', PolicyName: 'deny', PolicyDocument: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:ListUsers', Resource: '*' }] }) }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'no-list', UserName: 'member' }));
    await rejects(me.send(new ListUsersCommand({})), 'AccessDenied', 403, /with an explicit deny in an identity-based policy/);
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'no-list', UserName: 'member' }));
    await me.send(new ListUsersCommand({}));

    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'readers2', UserName: 'member' }));
    await rejects(me.send(new ListUsersCommand({})), 'AccessDenied', 403, denied);
    await rejects(me.send(new GetUserCommand({})), 'AccessDenied', 403);
  });

  test('group operations are authorized against the group ARN', async () => {
    const creds = await userWithKey('group-reader');
    await iam.send(new CreateGroupCommand({ GroupName: 'visible', Path: '/v/' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'hidden' }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'visible', PolicyName: 'self', PolicyDocument: allow('iam:GetGroup', `arn:aws:iam::${account}:group/v/*`) }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'visible', UserName: 'group-reader' }));
    const me = gh.iam(creds);
    assert.equal((await me.send(new GetGroupCommand({ GroupName: 'visible' }))).Users![0].UserName, 'group-reader');
    await rejects(me.send(new GetGroupCommand({ GroupName: 'hidden' })), 'AccessDenied', 403,
      `User: arn:aws:iam::${account}:user/group-reader is not authorized to perform: iam:GetGroup on resource: arn:aws:iam::${account}:group/hidden because no identity-based policy allows the iam:GetGroup action`);
    await rejects(me.send(new CreateGroupCommand({ GroupName: 'mine', Path: '/v/' })), 'AccessDenied', 403, /iam:CreateGroup on resource: arn:aws:iam::\d{12}:group\/v\/mine/);
    await rejects(me.send(new AddUserToGroupCommand({ GroupName: 'hidden', UserName: 'group-reader' })), 'AccessDenied', 403);
    assert.deepEqual((await iam.send(new GetGroupCommand({ GroupName: 'hidden' }))).Users, []);
  });
});
