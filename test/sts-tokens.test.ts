/**
 * GetSessionToken and GetFederationToken (STS API Reference; IAM User Guide
 * "Compare AWS STS credentials", "Permissions for GetSessionToken",
 * "Permissions for GetFederationToken") through the JS SDK v3.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Secret, TOTP } from 'otpauth';
import {
  AssumeRoleCommand, GetCallerIdentityCommand, GetFederationTokenCommand, GetSessionTokenCommand, GetAccessKeyInfoCommand,
} from '@aws-sdk/client-sts';
import {
  CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, ListRolesCommand, ListUsersCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { TestGatehouse, type Credentials } from './support/gatehouse.js';
import { rejects } from './support/errors.js';


const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const creds = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Credentials =>
  ({ accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken });

describe('GetSessionToken and GetFederationToken', () => {
  let gh: TestGatehouse;
  let account: string;
  let bob: Credentials;
  let bobArn: string;
  let serial: string;
  let seed: string;

  before(async () => {
    gh = await TestGatehouse.start({ accounts: ['utils'] });
    account = gh.account('utils').id;
    const iam = gh.iam(gh.root('utils'));
    bobArn = (await iam.send(new CreateUserCommand({ UserName: 'bob' }))).User!.Arn!;
    await iam.send(new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'p', PolicyDocument: doc(
      { Effect: 'Allow', Action: ['iam:ListUsers', 'sts:GetFederationToken', 'sts:AssumeRole', 's3:ListAllMyBuckets'], Resource: '*' },
      { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
    ) }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }))).AccessKey!;
    bob = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
    const device = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'bob' }))).VirtualMFADevice!;
    serial = device.SerialNumber!;
    seed = Buffer.from(device.Base32StringSeed!).toString();
    const now = gh.server.runtime.clock.nowMs();
    await iam.send(new EnableMFADeviceCommand({ UserName: 'bob', SerialNumber: serial, AuthenticationCode1: code(now - 30_000), AuthenticationCode2: code(now) }));
    await iam.send(new CreateRoleCommand({ RoleName: 'target', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: bobArn }, Action: 'sts:AssumeRole' }) }));
  });
  after(() => gh.dispose());
  /** seconds the credentials have left by Gatehouse's clock (the MFA steps move it) */
  const lifetime = (c: { Expiration?: Date } | undefined) => Math.round((c!.Expiration!.getTime() - gh.server.runtime.clock.nowMs()) / 1000);
  const code = (ms: number) => new TOTP({ secret: Secret.fromBase32(seed) }).generate({ timestamp: ms });
  const fresh = () => { gh.server.runtime.clock.advance(30); return code(gh.server.runtime.clock.nowMs()); };

  test('GetSessionToken: 12 hours by default, 900 to 129,600 s; root is capped at one hour', async () => {
    const sts = gh.sts(bob);
    const d = await sts.send(new GetSessionTokenCommand({}));
    assert.ok(Math.abs(lifetime(d.Credentials) - 43_200) < 5);
    assert.ok(Math.abs(lifetime((await sts.send(new GetSessionTokenCommand({ DurationSeconds: 129_600 }))).Credentials) - 129_600) < 5);
    await rejects(sts.send(new GetSessionTokenCommand({ DurationSeconds: 129_601 })), 'ValidationError', 400, /less than or equal to 129600/);
    await rejects(sts.send(new GetSessionTokenCommand({ DurationSeconds: 899 })), 'ValidationError', 400, /greater than or equal to 900/);
    const root = await gh.sts(gh.root('utils')).send(new GetSessionTokenCommand({ DurationSeconds: 7200 }));
    assert.ok(Math.abs(lifetime(root.Credentials) - 3600) < 5);
    const who = await gh.sts(creds(d.Credentials)).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, bobArn, 'a GetSessionToken session is the user itself');
  });

  test('GetSessionToken without MFA: no IAM, no STS but AssumeRole and GetCallerIdentity; other services as the user', async () => {
    const s = creds((await gh.sts(bob).send(new GetSessionTokenCommand({}))).Credentials);
    await rejects(gh.iam(s).send(new ListUsersCommand({})), 'AccessDenied', 403, 'Cannot call ListUsers with session credentials');
    await rejects(gh.sts(s).send(new GetSessionTokenCommand({})), 'AccessDenied', 403, 'Cannot call GetSessionToken with session credentials');
    await rejects(gh.sts(s).send(new GetFederationTokenCommand({ Name: 'fed' })), 'AccessDenied', 403, 'Cannot call GetFederationToken with session credentials');
    await rejects(gh.sts(s).send(new GetAccessKeyInfoCommand({ AccessKeyId: bob.accessKeyId })), 'AccessDenied', 403, 'Cannot call GetAccessKeyInfo with session credentials');
    await gh.s3(s).send(new ListBucketsCommand({}));
    const role = await gh.sts(s).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/target`, RoleSessionName: 'xx' }));
    assert.equal(role.AssumedRoleUser!.Arn, `arn:aws:sts::${account}:assumed-role/target/xx`);
  });

  test('GetSessionToken with MFA: IAM allowed, aws:MultiFactorAuthPresent true; a wrong code is AccessDenied', async () => {
    await rejects(gh.sts(bob).send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: '000000' === fresh() ? '111111' : '000000' })), 'AccessDenied', 403,
      'MultiFactorAuthentication failed with invalid MFA one time pass code.');
    await rejects(gh.iam(bob).send(new ListRolesCommand({})), 'AccessDenied', 403, /iam:ListRoles/);
    const s = creds((await gh.sts(bob).send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: code(gh.server.runtime.clock.nowMs()) }))).Credentials);
    await gh.iam(s).send(new ListUsersCommand({}));
    await gh.iam(s).send(new ListRolesCommand({}));
  });

  test('GetFederationToken: a federated-user ARN, permissions only where the user\'s and the session policy overlap', async () => {
    const sts = gh.sts(bob);
    const none = await sts.send(new GetFederationTokenCommand({ Name: 'carol' }));
    assert.equal(none.FederatedUser!.Arn, `arn:aws:sts::${account}:federated-user/carol`);
    assert.equal(none.FederatedUser!.FederatedUserId, `${account}:carol`);
    assert.ok(Math.abs(lifetime(none.Credentials) - 43_200) < 5);
    const who = await gh.sts(creds(none.Credentials)).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, `arn:aws:sts::${account}:federated-user/carol`);
    assert.equal(who.UserId, `${account}:carol`);
    await rejects(gh.s3(creds(none.Credentials)).send(new ListBucketsCommand({})), 'AccessDenied', 403, /s3:ListAllMyBuckets/);

    const withPolicy = await sts.send(new GetFederationTokenCommand({ Name: 'carol', Policy: doc({ Effect: 'Allow', Action: ['s3:*', 'ec2:*'], Resource: '*' }) }));
    assert.ok(withPolicy.PackedPolicySize! > 0);
    await gh.s3(creds(withPolicy.Credentials)).send(new ListBucketsCommand({}));
    await rejects(gh.iam(creds(withPolicy.Credentials)).send(new ListUsersCommand({})), 'AccessDenied', 403, 'Cannot call ListUsers with session credentials');
    await rejects(gh.sts(creds(withPolicy.Credentials)).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/target`, RoleSessionName: 'xx' })),
      'AccessDenied', 403, 'Cannot call AssumeRole with session credentials');
    await rejects(sts.send(new GetFederationTokenCommand({ Name: 'c' })), 'ValidationError', 400, /at 'name' failed to satisfy constraint/);

    const root = await gh.sts(gh.root('utils')).send(new GetFederationTokenCommand({ Name: 'ops', DurationSeconds: 129_600 }));
    assert.ok(Math.abs(lifetime(root.Credentials) - 3600) < 5, 'root is capped at one hour');
    // Root's federated user has root's permissions cut by the session policy ("Permissions for GetFederationToken").
    await rejects(gh.s3(creds(root.Credentials)).send(new ListBucketsCommand({})), 'AccessDenied', 403, /s3:ListAllMyBuckets/);
    const rootScoped = await gh.sts(gh.root('utils')).send(new GetFederationTokenCommand({ Name: 'ops', Policy: doc({ Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 'iam:*'], Resource: '*' }) }));
    await gh.s3(creds(rootScoped.Credentials)).send(new ListBucketsCommand({}));
    await rejects(gh.s3(creds(rootScoped.Credentials)).send(new CreateBucketCommand({ Bucket: 'root-fed-bucket' })), 'AccessDenied', 403);
    await rejects(gh.iam(creds(rootScoped.Credentials)).send(new ListUsersCommand({})), 'AccessDenied', 403, 'Cannot call ListUsers with session credentials');
    const rootManaged = await gh.sts(gh.root('utils')).send(new GetFederationTokenCommand({ Name: 'ops2', PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }] }));
    await gh.s3(creds(rootManaged.Credentials)).send(new CreateBucketCommand({ Bucket: 'root-fed-bucket' }));
    // A user without sts:GetFederationToken is refused.
    const iam = gh.iam(gh.root('utils'));
    await iam.send(new CreateUserCommand({ UserName: 'nobody' }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'nobody' }))).AccessKey!;
    await rejects(gh.sts({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! }).send(new GetFederationTokenCommand({ Name: 'x1' })), 'AccessDenied', 403,
      `User: arn:aws:iam::${account}:user/nobody is not authorized to perform: sts:GetFederationToken on resource: arn:aws:sts::${account}:federated-user/x1 because no identity-based policy allows the sts:GetFederationToken action`);
  });
});
