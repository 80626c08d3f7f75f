/**
 * Condition keys every request carries ("AWS global condition context keys")
 * and the IAM keys of implemented operations, seen through real requests:
 * each policy below allows or denies only if the server filled the key in.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  IAMClient, AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, DeleteUserCommand,
  ListUsersCommand, ListRolesCommand, PutRolePolicyCommand, PutUserPolicyCommand, TagUserCommand, UntagUserCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { TestGatehouse, type Credentials } from './support/gatehouse.js';

const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const denied = (e: Error) => e.name === 'AccessDenied';

describe('condition keys filled from every request', () => {
  let gh: TestGatehouse;
  let iam: IAMClient;
  let account: string;

  before(async () => {
    gh = await TestGatehouse.start({ accounts: ['main'] });
    iam = gh.iam(gh.root('main'));
    account = gh.account('main').id;
  });
  after(() => gh.dispose());

  async function user(name: string, ...statements: object[]): Promise<IAMClient> {
    await iam.send(new CreateUserCommand({ UserName: name, Tags: [{ Key: 'team', Value: 'blue' }] }));
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: doc(...statements) }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return gh.iam({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! });
  }

  test('principal, network and time keys: PrincipalTag, SourceIp, SecureTransport, CurrentTime, RequestedRegion', async () => {
    const c = await user('keys', {
      Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*',
      Condition: {
        StringEquals: { 'aws:PrincipalTag/team': 'blue', 'aws:RequestedRegion': 'us-east-1', 'aws:PrincipalType': 'User', 'aws:username': 'keys' },
        IpAddress: { 'aws:SourceIp': ['127.0.0.0/8', '::1/128'] },
        Bool: { 'aws:SecureTransport': 'false' },
        DateLessThan: { 'aws:CurrentTime': '2100-01-01T00:00:00Z' },
        NumericGreaterThan: { 'aws:EpochTime': '1700000000' },
        Null: { 'aws:TokenIssueTime': 'true', 'aws:CalledVia': 'true' },
      },
    });
    await c.send(new ListUsersCommand({}));
    await iam.send(new UntagUserCommand({ UserName: 'keys', TagKeys: ['team'] }));
    await assert.rejects(c.send(new ListUsersCommand({})), denied, 'without the tag the condition no longer holds');
  });

  test('MFA keys are absent for long-term keys: Bool fails, BoolIfExists false-deny applies', async () => {
    const c = await user('nomfa', { Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } });
    await assert.rejects(c.send(new ListUsersCommand({})), denied);
    const d = await user('mfadeny', { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
      { Effect: 'Deny', Action: 'iam:ListRoles', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } });
    await d.send(new ListUsersCommand({}));
    await assert.rejects(d.send(new ListRolesCommand({})), denied);
  });

  test('aws:RequestTag/* and aws:TagKeys on CreateUser and TagUser; aws:ResourceTag/* of the user acted on', async () => {
    const c = await user('tagger',
      { Effect: 'Allow', Action: ['iam:CreateUser', 'iam:TagUser'], Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/project': 'x' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['project'] } } },
      { Effect: 'Allow', Action: 'iam:DeleteUser', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/project': 'x' } } });
    await assert.rejects(c.send(new CreateUserCommand({ UserName: 'untagged' })), denied);
    await assert.rejects(c.send(new CreateUserCommand({ UserName: 'wrong', Tags: [{ Key: 'project', Value: 'x' }, { Key: 'extra', Value: 'y' }] })), denied);
    await c.send(new CreateUserCommand({ UserName: 'tagged', Tags: [{ Key: 'project', Value: 'x' }] }));
    await iam.send(new CreateUserCommand({ UserName: 'other' }));
    await assert.rejects(c.send(new DeleteUserCommand({ UserName: 'other' })), denied);
    await c.send(new TagUserCommand({ UserName: 'other', Tags: [{ Key: 'project', Value: 'x' }] }));
    await c.send(new DeleteUserCommand({ UserName: 'other' }));
  });

  test('iam:PermissionsBoundary on CreateUser, iam:PolicyARN on AttachUserPolicy', async () => {
    const boundary = (await iam.send(new CreatePolicyCommand({ PolicyName: 'b', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }))).Policy!.Arn!;
    const other = (await iam.send(new CreatePolicyCommand({ PolicyName: 'o', PolicyDocument: doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }) }))).Policy!.Arn!;
    const c = await user('delegate',
      { Effect: 'Allow', Action: 'iam:CreateUser', Resource: '*', Condition: { StringEquals: { 'iam:PermissionsBoundary': boundary } } },
      { Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: '*', Condition: { ArnEquals: { 'iam:PolicyARN': boundary } } });
    await assert.rejects(c.send(new CreateUserCommand({ UserName: 'free' })), denied);
    await c.send(new CreateUserCommand({ UserName: 'bounded', PermissionsBoundary: boundary }));
    await assert.rejects(c.send(new AttachUserPolicyCommand({ UserName: 'bounded', PolicyArn: other })), denied);
    await c.send(new AttachUserPolicyCommand({ UserName: 'bounded', PolicyArn: boundary }));
  });

  test('role sessions: the role\'s tags are aws:PrincipalTag/*, aws:TokenIssueTime is set, sts:RoleSessionName reaches the trust policy', async () => {
    await user('assumer', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' });
    const keys = (await iam.send(new CreateAccessKeyCommand({ UserName: 'assumer' }))).AccessKey!;
    await iam.send(new CreateRoleCommand({
      RoleName: 'tagged-role', Tags: [{ Key: 'team', Value: 'red' }],
      AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:user/assumer` }, Action: 'sts:AssumeRole', Condition: { StringLike: { 'sts:RoleSessionName': 'ok-*' } } }),
    }));
    await iam.send(new PutRolePolicyCommand({
      RoleName: 'tagged-role', PolicyName: 'p',
      PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' }, Null: { 'aws:TokenIssueTime': 'false' } } }),
    }));
    const sts = gh.sts({ accessKeyId: keys.AccessKeyId!, secretAccessKey: keys.SecretAccessKey! });
    const roleArn = `arn:aws:iam::${account}:role/tagged-role`;
    await assert.rejects(sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'nope' })), denied);
    const s = (await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ok-1' }))).Credentials!;
    const session: Credentials = { accessKeyId: s.AccessKeyId!, secretAccessKey: s.SecretAccessKey!, sessionToken: s.SessionToken! };
    await gh.iam(session).send(new ListUsersCommand({}));
  });
});
