/**
 * Account-level IAM: aliases (one per account, unique across accounts),
 * GetAccountSummary's counts and quotas, GetAccountAuthorizationDetails'
 * snapshot with its filters and paging, and the credential report.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  IAMClient, AddRoleToInstanceProfileCommand, AddUserToGroupCommand, AttachGroupPolicyCommand, AttachRolePolicyCommand, AttachUserPolicyCommand,
  CreateAccessKeyCommand, CreateAccountAliasCommand, CreateGroupCommand, CreateInstanceProfileCommand, CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand, CreatePolicyVersionCommand, CreateRoleCommand, CreateUserCommand, DeleteAccountAliasCommand,
  GenerateCredentialReportCommand, GetAccountAuthorizationDetailsCommand, GetAccountSummaryCommand, GetCredentialReportCommand,
  ListAccountAliasesCommand, PutGroupPolicyCommand, PutRolePermissionsBoundaryCommand, PutUserPolicyCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
} from '@aws-sdk/client-iam';
import { TestGatehouse, run, which } from './support/gatehouse.js';
import { rejects } from './support/errors.js';

const doc = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const trustEc2 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const IAM_READ_ONLY = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess';

describe('account-level IAM', async () => {
  const hasAws = await which('aws');
  let gh: TestGatehouse;
  let iam: IAMClient;
  let other: IAMClient;
  let account: string;

  before(async () => {
    gh = await TestGatehouse.start({ accounts: ['main', 'other', 'empty'] });
    iam = gh.iam(gh.root('main'));
    other = gh.iam(gh.root('other'));
    account = gh.account('main').id;
  });
  after(() => gh.dispose());

  const aliases = async (c: IAMClient) => (await c.send(new ListAccountAliasesCommand({}))).AccountAliases;

  test('account aliases: one per account, unique across accounts, AWS naming rules', async () => {
    assert.deepEqual(await aliases(iam), []);
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'acme-main' }));
    assert.deepEqual(await aliases(iam), ['acme-main']);
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'acme-main' }));
    await rejects(other.send(new CreateAccountAliasCommand({ AccountAlias: 'acme-main' })), 'EntityAlreadyExistsException', 409,
      'The account alias acme-main already exists.');
    for (const bad of ['Acme', 'acme--main', '-acme', 'acme-', 'ab', 'acme_main']) {
      await rejects(other.send(new CreateAccountAliasCommand({ AccountAlias: bad })), 'ValidationError', 400, /at 'accountAlias' failed to satisfy constraint/);
    }
    await rejects(other.send(new CreateAccountAliasCommand({ AccountAlias: '123456789012' })), 'ValidationError', 400);
    assert.deepEqual(await aliases(other), []);

    // A second alias replaces the first; the old name is free again.
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'acme-prime' }));
    assert.deepEqual(await aliases(iam), ['acme-prime']);
    await other.send(new CreateAccountAliasCommand({ AccountAlias: 'acme-main' }));
    assert.deepEqual(await aliases(other), ['acme-main']);

    await rejects(iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'acme-main' })), 'NoSuchEntityException', 404);
    assert.deepEqual(await aliases(other), ['acme-main']);
    await iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'acme-prime' }));
    assert.deepEqual(await aliases(iam), []);
  });

  test('GetAccountSummary counts what the account holds beside IAM\'s quotas', async () => {
    const empty = (await gh.iam(gh.root('empty')).send(new GetAccountSummaryCommand({}))).SummaryMap!;
    assert.equal(empty.Users, 0);
    assert.equal(empty.AccountAccessKeysPresent, 1);
    const expectedQuotas = {
      UsersQuota: 5000, GroupsQuota: 300, RolesQuota: 1000, PoliciesQuota: 1500, InstanceProfilesQuota: 1000, ServerCertificatesQuota: 20,
      GroupsPerUserQuota: 10, SigningCertificatesPerUserQuota: 2, AccessKeysPerUserQuota: 2, AttachedPoliciesPerUserQuota: 10,
      AttachedPoliciesPerGroupQuota: 10, AttachedPoliciesPerRoleQuota: 10, VersionsPerPolicyQuota: 5, PolicyVersionsInUseQuota: 10000,
      PolicySizeQuota: 6144, UserPolicySizeQuota: 2048, GroupPolicySizeQuota: 5120, RolePolicySizeQuota: 10240, AssumeRolePolicySizeQuota: 2048,
      GlobalEndpointTokenVersion: 1,
    };
    for (const [k, v] of Object.entries(expectedQuotas)) assert.equal(empty[k], v, k);

    const e = gh.iam(gh.root('empty'));
    await e.send(new CreateUserCommand({ UserName: 'u1' }));
    await e.send(new CreateUserCommand({ UserName: 'u2' }));
    await e.send(new CreateGroupCommand({ GroupName: 'g1' }));
    await e.send(new CreateRoleCommand({ RoleName: 'r1', AssumeRolePolicyDocument: trustEc2 }));
    await e.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'ip1' }));
    await e.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://summary.example.com', ClientIDList: ['a'] }));
    const p = (await e.send(new CreatePolicyCommand({ PolicyName: 'p1', PolicyDocument: doc('s3:ListAllMyBuckets') }))).Policy!;
    await e.send(new CreatePolicyVersionCommand({ PolicyArn: p.Arn, PolicyDocument: doc('s3:GetObject') }));
    await e.send(new AttachUserPolicyCommand({ UserName: 'u1', PolicyArn: READ_ONLY }));
    const s = (await e.send(new GetAccountSummaryCommand({}))).SummaryMap!;
    assert.deepEqual(
      { Users: s.Users, Groups: s.Groups, Roles: s.Roles, InstanceProfiles: s.InstanceProfiles, Providers: s.Providers, Policies: s.Policies, PolicyVersionsInUse: s.PolicyVersionsInUse },
      { Users: 2, Groups: 1, Roles: 1, InstanceProfiles: 1, Providers: 1, Policies: 1, PolicyVersionsInUse: 3 },
    );
  });

  test('GetAccountAuthorizationDetails: the whole account in AWS\'s shapes, filtered and paged', async () => {
    const c = other;
    const local = (await c.send(new CreatePolicyCommand({ PolicyName: 'deploy', PolicyDocument: doc('s3:*') }))).Policy!;
    await c.send(new CreatePolicyVersionCommand({ PolicyArn: local.Arn, PolicyDocument: doc('s3:GetObject'), SetAsDefault: true }));
    await c.send(new CreateGroupCommand({ GroupName: 'devs' }));
    await c.send(new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'inline-g', PolicyDocument: doc('iam:GetUser') }));
    await c.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: local.Arn }));
    await c.send(new CreateUserCommand({ UserName: 'alice', Tags: [{ Key: 'team', Value: 'a' }] }));
    await c.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'inline-u', PolicyDocument: doc('iam:ListUsers') }));
    await c.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: READ_ONLY }));
    await c.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'alice' }));
    await c.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: trustEc2 }));
    await c.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'app', PermissionsBoundary: IAM_READ_ONLY }));
    await c.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: local.Arn }));
    await c.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'app-profile' }));
    await c.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'app-profile', RoleName: 'app' }));

    const all = await c.send(new GetAccountAuthorizationDetailsCommand({}));
    assert.equal(all.IsTruncated, false);
    const alice = all.UserDetailList!.find((u) => u.UserName === 'alice')!;
    assert.deepEqual(alice.GroupList, ['devs']);
    assert.deepEqual(alice.UserPolicyList!.map((p) => [p.PolicyName, JSON.parse(decodeURIComponent(p.PolicyDocument!)).Statement[0].Action]), [['inline-u', 'iam:ListUsers']]);
    assert.deepEqual(alice.AttachedManagedPolicies, [{ PolicyName: 'ReadOnlyAccess', PolicyArn: READ_ONLY }]);
    assert.deepEqual(alice.Tags, [{ Key: 'team', Value: 'a' }]);
    const devs = all.GroupDetailList!.find((g) => g.GroupName === 'devs')!;
    assert.deepEqual(devs.GroupPolicyList!.map((p) => p.PolicyName), ['inline-g']);
    assert.deepEqual(devs.AttachedManagedPolicies!.map((p) => p.PolicyArn), [local.Arn]);
    const app = all.RoleDetailList!.find((r) => r.RoleName === 'app')!;
    assert.equal(JSON.parse(decodeURIComponent(app.AssumeRolePolicyDocument!)).Statement[0].Principal.Service, 'ec2.amazonaws.com');
    assert.deepEqual(app.InstanceProfileList!.map((p) => [p.InstanceProfileName, p.Roles!.map((r) => r.RoleName)]), [['app-profile', ['app']]]);
    assert.equal(app.PermissionsBoundary!.PermissionsBoundaryArn, IAM_READ_ONLY);
    const policies = new Map(all.Policies!.map((p) => [p.Arn!, p]));
    const deploy = policies.get(local.Arn!)!;
    assert.equal(deploy.DefaultVersionId, 'v2');
    assert.equal(deploy.AttachmentCount, 2);
    assert.deepEqual(deploy.PolicyVersionList!.map((v) => [v.VersionId, v.IsDefaultVersion]), [['v2', true], ['v1', false]]);
    assert.equal(JSON.parse(decodeURIComponent(deploy.PolicyVersionList![0].Document!)).Statement[0].Action, 's3:GetObject');
    // AWS managed policies appear when the account uses them, as permissions policy or boundary; unused ones do not.
    assert.ok(policies.has(READ_ONLY) && policies.has(IAM_READ_ONLY));
    assert.ok(!policies.has('arn:aws:iam::aws:policy/AdministratorAccess'));

    const usersOnly = await c.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'] }));
    assert.deepEqual([usersOnly.GroupDetailList, usersOnly.RoleDetailList, usersOnly.Policies], [[], [], []]);
    assert.ok(usersOnly.UserDetailList!.length > 0);
    const awsOnly = await c.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['AWSManagedPolicy'] }));
    assert.deepEqual(awsOnly.Policies!.map((p) => p.Arn).sort(), [IAM_READ_ONLY, READ_ONLY].sort());

    // Paging walks the same items, two at a time.
    const paged: GetAccountAuthorizationDetailsCommandOutput[] = [];
    let marker: string | undefined;
    do {
      const page = await c.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 2, Marker: marker }));
      paged.push(page);
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    const count = (o: GetAccountAuthorizationDetailsCommandOutput) =>
      o.UserDetailList!.length + o.GroupDetailList!.length + o.RoleDetailList!.length + o.Policies!.length;
    assert.equal(paged.reduce((n, p) => n + count(p), 0), count(all));
    assert.ok(paged.length >= 3 && paged.every((p) => count(p) <= 2));
  });

  test('credential report: not present, STARTED then COMPLETE, AWS\'s CSV, expired after four hours', async () => {
    const c = gh.iam(gh.root('main'));
    await rejects(c.send(new GetCredentialReportCommand({})), 'CredentialReportNotPresentException', 410);
    await c.send(new CreateUserCommand({ UserName: 'reported' }));
    await c.send(new CreateAccessKeyCommand({ UserName: 'reported' }));
    assert.equal((await c.send(new GenerateCredentialReportCommand({}))).State, 'STARTED');
    assert.equal((await c.send(new GenerateCredentialReportCommand({}))).State, 'COMPLETE');
    const report = await c.send(new GetCredentialReportCommand({}));
    assert.equal(report.ReportFormat, 'text/csv');
    assert.ok(report.GeneratedTime instanceof Date);
    const lines = Buffer.from(report.Content!).toString('utf8').split('\n');
    assert.equal(lines[0], 'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,'
      + 'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,'
      + 'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,'
      + 'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated');
    const root = lines[1].split(',');
    assert.deepEqual(root.slice(0, 2), ['<root_account>', `arn:aws:iam::${account}:root`]);
    assert.equal(root[3], 'not_supported');
    assert.equal(root[8], 'true', 'the root has an access key');
    const user = lines.find((l) => l.startsWith('reported,'))!.split(',');
    assert.equal(user[1], `arn:aws:iam::${account}:user/reported`);
    assert.match(user[2], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    assert.deepEqual(user.slice(3, 9), ['false', 'N/A', 'N/A', 'N/A', 'false', 'true']);
    assert.match(user[9], /\+00:00$/);
    assert.deepEqual(user.slice(13), ['false', 'N/A', 'N/A', 'N/A', 'N/A', 'false', 'N/A', 'false', 'N/A']);

    gh.server.runtime.clock.advance(4 * 3600 + 1);
    try {
      await rejects(c.send(new GetCredentialReportCommand({})), 'CredentialReportExpiredException', 410);
      assert.equal((await c.send(new GenerateCredentialReportCommand({}))).State, 'STARTED');
      await c.send(new GetCredentialReportCommand({}));
    } finally {
      gh.server.runtime.clock.advance(-(4 * 3600 + 1));
    }
  });

  test('the AWS CLI sets and lists an alias and reads the summary', { skip: !hasAws && 'aws CLI not installed' }, async () => {
    const aws = (...args: string[]) => run('aws', [...args, '--profile', 'empty', '--output', 'json'], gh.env());
    const created = await aws('iam', 'create-account-alias', '--account-alias', 'cli-alias');
    assert.equal(created.code, 0, created.stderr);
    assert.deepEqual(JSON.parse((await aws('iam', 'list-account-aliases')).stdout).AccountAliases, ['cli-alias']);
    const taken = await run('aws', ['iam', 'create-account-alias', '--account-alias', 'cli-alias', '--profile', 'other'], gh.env());
    assert.match(taken.stderr, /\(EntityAlreadyExists\) when calling the CreateAccountAlias operation: The account alias cli-alias already exists\./);
    const summary = JSON.parse((await aws('iam', 'get-account-summary')).stdout).SummaryMap;
    assert.equal(summary.UsersQuota, 5000);
    assert.equal(summary.Users, 2);
    const generated = await aws('iam', 'generate-credential-report');
    assert.equal(JSON.parse(generated.stdout).State, 'STARTED');
    const got = JSON.parse((await aws('iam', 'get-credential-report')).stdout);
    assert.match(Buffer.from(got.Content, 'base64').toString('utf8'), /^user,arn,user_creation_time,/);
  });
});
