/**
 * Organizations end to end, as the checks ask, through the AWS CLI and the JS SDK against a running
 * server: the management account creates prod with create-account, its admin reaches prod through
 * OrganizationAccountAccessRole, an SCP on prod's OU denies even prod's admin and root user while the
 * management account stays free, moving the account out lifts it, an RCP stops another organization's
 * principal despite a bucket policy that allows it while prod's own principals still read, and
 * aws:PrincipalOrgID in a bucket policy lets a member in and keeps an outsider out. Denials read as AWS's
 * ("Troubleshoot access denied error messages"); the Organizations errors carry AWS's codes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachPolicyCommand, CreateOrganizationalUnitCommand, CreateOrganizationCommand, CreatePolicyCommand, DeleteOrganizationCommand, DescribeOrganizationCommand,
  DetachPolicyCommand, EnablePolicyTypeCommand, ListRootsCommand, MoveAccountCommand, OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AttachUserPolicyCommand, CreateUserCommand, ListRolesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CreateBucketCommand, DeletePublicAccessBlockCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { TestGatehouse, run, which, type Credentials } from './support/gatehouse.js';
import { rejects } from './support/errors.js';

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

describe('Organizations scenario: create-account, OrganizationAccountAccessRole, SCPs, RCPs, aws:PrincipalOrgID', async () => {
  const hasAws = await which('aws');
  let gh: TestGatehouse;
  let orgId: string, rootId: string, prod: string, mgmt: string, outsider: string;
  let mgmtAdmin: Credentials, prodAdmin: Credentials, outsiderAdmin: Credentials;

  const aws = async (profile: string, args: string[]) => {
    const r = await run('aws', [...args, '--profile', profile, '--output', 'json'], gh.env());
    return { ...r, json: r.code === 0 && r.stdout.trim() ? JSON.parse(r.stdout) : undefined };
  };
  const orgs = (c: Credentials) => new OrganizationsClient({ endpoint: gh.server.url, region: 'us-east-1', credentials: c, maxAttempts: 1 });
  const getObject = async (c: Credentials, Bucket: string) => (await gh.s3(c).send(new GetObjectCommand({ Bucket, Key: 'k' }))).Body!.transformToString();
  const createUser = (c: Credentials, UserName: string) => gh.iam(c).send(new CreateUserCommand({ UserName }));

  before(async () => {
    gh = await TestGatehouse.start({ accounts: ['mgmt', 'outsider'] });
    [mgmt, outsider] = [gh.account('mgmt').id, gh.account('outsider').id];
    for (const name of ['mgmt', 'outsider']) {
      await gh.userWithKey(name, 'admin').then((c) => (name === 'mgmt' ? (mgmtAdmin = c) : (outsiderAdmin = c)));
      await gh.iam(gh.root(name)).send(new AttachUserPolicyCommand({ UserName: 'admin', PolicyArn: ADMIN }));
    }
  });
  after(() => gh?.dispose());

  test('the management account creates the organization and prod with the AWS CLI', { skip: !hasAws && 'aws CLI not installed' }, async () => {
    const created = await aws('mgmt', ['organizations', 'create-organization', '--feature-set', 'ALL']);
    assert.equal(created.code, 0, created.stderr);
    orgId = created.json.Organization.Id;
    assert.match(orgId, /^o-[a-z0-9]{10,32}$/);
    assert.equal(created.json.Organization.MasterAccountId, mgmt);
    rootId = (await orgs(mgmtAdmin).send(new ListRootsCommand({}))).Roots![0].Id!;
    // A new organization has no policy type enabled; enabling SCPs attaches FullAWSAccess everywhere.
    const enabled = await aws('mgmt', ['organizations', 'enable-policy-type', '--root-id', rootId, '--policy-type', 'SERVICE_CONTROL_POLICY']);
    assert.equal(enabled.code, 0, enabled.stderr);

    const started = await aws('mgmt', ['organizations', 'create-account', '--email', 'prod@example.com', '--account-name', 'prod']);
    assert.equal(started.code, 0, started.stderr);
    const requestId = started.json.CreateAccountStatus.Id;
    let status = started.json.CreateAccountStatus;
    for (let i = 0; status.State === 'IN_PROGRESS' && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await aws('mgmt', ['organizations', 'describe-create-account-status', '--create-account-request-id', requestId])).json.CreateAccountStatus;
    }
    assert.equal(status.State, 'SUCCEEDED');
    prod = status.AccountId;
    assert.match(prod, /^\d{12}$/);

    // The same e-mail again: the request fails with AWS's reason.
    const again = await aws('mgmt', ['organizations', 'create-account', '--email', 'prod@example.com', '--account-name', 'prod2']);
    assert.equal(again.code, 0, again.stderr);
    let dup = again.json.CreateAccountStatus;
    for (let i = 0; dup.State === 'IN_PROGRESS' && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      dup = (await aws('mgmt', ['organizations', 'describe-create-account-status', '--create-account-request-id', dup.Id])).json.CreateAccountStatus;
    }
    assert.deepEqual([dup.State, dup.FailureReason], ['FAILED', 'EMAIL_ALREADY_EXISTS']);

    // An account outside any organization is told so.
    const described = await aws('outsider', ['organizations', 'describe-organization']);
    assert.notEqual(described.code, 0);
    assert.match(described.stderr, /AWSOrganizationsNotInUseException/);
  });

  test("the management account's admin reaches prod through OrganizationAccountAccessRole", async () => {
    const assumed = await gh.sts(mgmtAdmin).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${prod}:role/OrganizationAccountAccessRole`, RoleSessionName: 'mgmt-admin' }));
    const c = assumed.Credentials!;
    prodAdmin = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken };
    assert.equal((await gh.sts(prodAdmin).send(new GetCallerIdentityCommand({}))).Account, prod);
    await createUser(prodAdmin, 'made-from-mgmt');
    const s3 = gh.s3(prodAdmin);
    await s3.send(new CreateBucketCommand({ Bucket: 'prod-data' }));
    await s3.send(new PutObjectCommand({ Bucket: 'prod-data', Key: 'k', Body: 'prod-data' }));
    // The organization's condition keys and DescribeOrganization work from the member.
    assert.equal((await orgs(prodAdmin).send(new DescribeOrganizationCommand({}))).Organization!.Id, orgId);
    await rejects(orgs(prodAdmin).send(new ListRootsCommand({})), 'AccessDeniedException', 403);
  });

  test("an SCP on prod's OU denies prod's admin and root user, not the management account; moving prod out lifts it", { skip: !hasAws && 'aws CLI not installed' }, async () => {
    const o = orgs(mgmtAdmin);
    const ou = (await o.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'workloads' }))).OrganizationalUnit!.Id!;
    await o.send(new MoveAccountCommand({ AccountId: prod, SourceParentId: rootId, DestinationParentId: ou }));
    const deny = (await o.send(new CreatePolicyCommand({
      Name: 'DenyNewUsers', Description: 'no IAM users', Type: 'SERVICE_CONTROL_POLICY',
      Content: doc({ Effect: 'Deny', Action: ['iam:CreateUser', 'iam:ListUsers'], Resource: '*' }),
    }))).Policy!.PolicySummary!.Id!;
    await o.send(new AttachPolicyCommand({ PolicyId: deny, TargetId: ou }));
    await o.send(new AttachPolicyCommand({ PolicyId: deny, TargetId: mgmt }));
    await rejects(o.send(new AttachPolicyCommand({ PolicyId: deny, TargetId: ou })), 'DuplicatePolicyAttachmentException', 409);

    await rejects(createUser(prodAdmin, 'denied'), 'AccessDenied', 403,
      `User: arn:aws:sts::${prod}:assumed-role/OrganizationAccountAccessRole/mgmt-admin is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${prod}:user/denied with an explicit deny in a service control policy`);
    // prod's root user, through the profile the server wrote for the new account.
    const asRoot = await aws('prod', ['iam', 'list-users']);
    assert.notEqual(asRoot.code, 0);
    assert.match(asRoot.stderr, new RegExp(`User: arn:aws:iam::${prod}:root is not authorized to perform: iam:ListUsers on resource: .* with an explicit deny in a service control policy`));
    // The management account stays free, the SCP attached to it or not.
    await createUser(mgmtAdmin, 'free');
    assert.equal((await aws('mgmt', ['iam', 'list-users'])).code, 0);

    // An allow-list SCP: what no level allows is denied implicitly.
    const s3Only = (await o.send(new CreatePolicyCommand({ Name: 'S3Only', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }))).Policy!.PolicySummary!.Id!;
    await o.send(new AttachPolicyCommand({ PolicyId: s3Only, TargetId: prod }));
    await o.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: prod }));
    await rejects(gh.iam(prodAdmin).send(new ListRolesCommand({})), 'AccessDenied', 403,
      `User: arn:aws:sts::${prod}:assumed-role/OrganizationAccountAccessRole/mgmt-admin is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::${prod}:role/ because no service control policy allows the iam:ListRoles action`);
    await o.send(new AttachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: prod }));
    await o.send(new DetachPolicyCommand({ PolicyId: s3Only, TargetId: prod }));

    await o.send(new MoveAccountCommand({ AccountId: prod, SourceParentId: ou, DestinationParentId: rootId }));
    await createUser(prodAdmin, 'allowed-again');
  });

  test("an RCP stops another organization's principal despite the bucket policy; prod's own principals still read", async () => {
    // outsider runs an organization of its own.
    await orgs(outsiderAdmin).send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    await gh.s3(prodAdmin).send(new PutBucketPolicyCommand({ Bucket: 'prod-data', Policy: doc({ Effect: 'Allow', Principal: { AWS: outsider }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::prod-data/*' }) }));
    assert.equal(await getObject(outsiderAdmin, 'prod-data'), 'prod-data');

    const o = orgs(mgmtAdmin);
    const perimeter = {
      Name: 'DataPerimeter', Description: 'only our organization reads our data', Type: 'RESOURCE_CONTROL_POLICY' as const,
      Content: doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': orgId }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } } }),
    };
    await rejects(o.send(new CreatePolicyCommand(perimeter)).then((r) => o.send(new AttachPolicyCommand({ PolicyId: r.Policy!.PolicySummary!.Id!, TargetId: rootId }))), 'PolicyTypeNotEnabledException', 409);
    await o.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }));
    const rcp = (await o.send(new CreatePolicyCommand({ ...perimeter, Name: 'DataPerimeter2' }))).Policy!.PolicySummary!.Id!;
    await o.send(new AttachPolicyCommand({ PolicyId: rcp, TargetId: rootId }));
    // RCPFullAWSAccess stays where it is attached.
    await assert.rejects(o.send(new DetachPolicyCommand({ PolicyId: 'p-RCPFullAWSAccess', TargetId: rootId })), (e: Error) => /^(ConstraintViolation|InvalidInput)Exception$/.test(e.name));

    await rejects(getObject(outsiderAdmin, 'prod-data'), 'AccessDenied', 403);
    assert.equal(await getObject(prodAdmin, 'prod-data'), 'prod-data');
    await o.send(new DetachPolicyCommand({ PolicyId: rcp, TargetId: rootId }));
    assert.equal(await getObject(outsiderAdmin, 'prod-data'), 'prod-data');
  });

  test('aws:PrincipalOrgID in a bucket policy lets a member in and keeps an outsider out', async () => {
    const s3 = gh.s3(mgmtAdmin);
    await s3.send(new CreateBucketCommand({ Bucket: 'org-shared' }));
    await s3.send(new PutObjectCommand({ Bucket: 'org-shared', Key: 'k', Body: 'org-shared' }));
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'org-shared' }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'org-shared', Policy: doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::org-shared/*', Condition: { StringEquals: { 'aws:PrincipalOrgID': orgId } } }) }));
    assert.equal(await getObject(prodAdmin, 'org-shared'), 'org-shared');
    await rejects(getObject(outsiderAdmin, 'org-shared'), 'AccessDenied', 403);
  });

  test('the organization cannot be deleted while prod is in it', async () => {
    await rejects(orgs(mgmtAdmin).send(new DeleteOrganizationCommand({})), 'OrganizationNotEmptyException', 409);
    assert.equal((await gh.iam(mgmtAdmin).send(new ListUsersCommand({}))).Users!.some((u) => u.UserName === 'free'), true);
  });
});
