/**
 * Organizations: the organization, its accounts and invitations, through the JS SDK's OrganizationsClient
 * and the AWS CLI against a running server (Organizations API Reference, each operation's page).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { parse as parseIni } from 'ini';
import {
  OrganizationsClient, AcceptHandshakeCommand, CancelHandshakeCommand, CloseAccountCommand, CreateAccountCommand, CreateOrganizationCommand,
  DeclineHandshakeCommand, DeleteOrganizationCommand, DescribeAccountCommand, DescribeCreateAccountStatusCommand, DescribeHandshakeCommand,
  DescribeOrganizationCommand, DisableAWSServiceAccessCommand, EnableAWSServiceAccessCommand, InviteAccountToOrganizationCommand, ListAccountsCommand,
  ListAccountsForParentCommand, ListAWSServiceAccessForOrganizationCommand, ListCreateAccountStatusCommand, ListHandshakesForAccountCommand,
  ListHandshakesForOrganizationCommand, ListRootsCommand, ListTagsForResourceCommand, RemoveAccountFromOrganizationCommand,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { TestGatehouse, cleanup, run, which, type Credentials } from './support/gatehouse.js';
import { spawnServer, type ChildServer } from './support/child-server.js';
import { processTree, serverPidOf } from './support/process-tree.js';
import { rejects } from './support/errors.js';

/** HTTP statuses of Organizations' errors, as its model gives them (@httpError). */
const STATUS: Record<string, number> = {
  AccessDeniedException: 403, AWSOrganizationsNotInUseException: 404, AccountNotFoundException: 404, AccountAlreadyClosedException: 409,
  AlreadyInOrganizationException: 409, ConstraintViolationException: 409, CreateAccountStatusNotFoundException: 404, DuplicateHandshakeException: 409,
  HandshakeNotFoundException: 404, InvalidHandshakeTransitionException: 409, InvalidInputException: 400, MasterCannotLeaveOrganizationException: 409,
  OrganizationNotEmptyException: 409, ParentNotFoundException: 404,
};
const refused = (p: Promise<unknown>, name: string, message?: string | RegExp) => rejects(p, name, STATUS[name], message);

describe('Organizations: the organization, CreateAccount, invitations', () => {
  let gh: TestGatehouse;
  let mgmt: string;
  let prod: string;
  let admin: Credentials;
  const org = (c: Credentials) => new OrganizationsClient({ endpoint: gh.server.url, region: 'us-east-1', credentials: c, maxAttempts: 1 });
  const asUtils = () => org(gh.root('utils'));
  const profiles = () => parseIni(readFileSync(gh.server.profiles.configFile, 'utf8'));
  /** Root keys of an account CreateAccount made, from the credentials file the server wrote. */
  const rootFromProfile = (name: string): Credentials => {
    const p = parseIni(readFileSync(gh.server.profiles.credentialsFile, 'utf8'))[name];
    return { accessKeyId: p.aws_access_key_id, secretAccessKey: p.aws_secret_access_key };
  };

  /** Accounts Gatehouse knows, to show a refused request created none. */
  const accountCount = () => gh.server.runtime.store.accounts.list().length;

  before(async () => {
    gh = await TestGatehouse.start({ accounts: ['utils', 'guest', 'outsider'] });
    mgmt = gh.account('utils').id;
    const iam = gh.iam(gh.root('utils'));
    await iam.send(new CreateUserCommand({ UserName: 'admin' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'admin' }))).AccessKey!;
    admin = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
  });
  after(() => gh.dispose());

  test('outside any organization: AWSOrganizationsNotInUseException', async () => {
    await refused(asUtils().send(new DescribeOrganizationCommand({})), 'AWSOrganizationsNotInUseException');
    await refused(asUtils().send(new ListRootsCommand({})), 'AWSOrganizationsNotInUseException');
  });

  test('CreateOrganization: the caller becomes the management account; a second one is refused', async () => {
    await refused(asUtils().send(new CreateOrganizationCommand({ FeatureSet: 'EVERYTHING' as 'ALL' })), 'InvalidInputException');
    const { Organization: o } = await org(admin).send(new CreateOrganizationCommand({}));
    assert.match(o!.Id!, /^o-[a-z0-9]{10,32}$/);
    assert.equal(o!.Arn, `arn:aws:organizations::${mgmt}:organization/${o!.Id}`);
    assert.equal(o!.FeatureSet, 'ALL');
    assert.equal(o!.MasterAccountId, mgmt);
    assert.equal(o!.MasterAccountArn, `arn:aws:organizations::${mgmt}:account/${o!.Id}/${mgmt}`);
    assert.equal(o!.MasterAccountEmail, 'utils@gatehouse.local');
    assert.deepEqual((await asUtils().send(new DescribeOrganizationCommand({}))).Organization, o);
    const { Roots } = await asUtils().send(new ListRootsCommand({}));
    assert.equal(Roots!.length, 1);
    assert.match(Roots![0].Id!, /^r-[0-9a-z]{4,32}$/);
    assert.equal(Roots![0].Arn, `arn:aws:organizations::${mgmt}:root/${o!.Id}/${Roots![0].Id}`);
    assert.equal(Roots![0].Name, 'Root');
    assert.deepEqual(Roots![0].PolicyTypes, []);
    await refused(asUtils().send(new CreateOrganizationCommand({})), 'AlreadyInOrganizationException');
    const { Accounts } = await asUtils().send(new ListAccountsCommand({}));
    assert.deepEqual(Accounts!.map((a) => [a.Id, a.Name, a.JoinedMethod, a.Status]), [[mgmt, 'utils', 'INVITED', 'ACTIVE']]);
  });

  test('CreateAccount: IN_PROGRESS, then SUCCEEDED; a real account with its profile, reached through OrganizationAccountAccessRole', async () => {
    const before = accountCount();
    const { CreateAccountStatus: s } = await org(admin).send(new CreateAccountCommand({ AccountName: 'prod', Email: 'prod@example.com', Tags: [{ Key: 'env', Value: 'prod' }] }));
    assert.equal(s!.State, 'IN_PROGRESS');
    assert.match(s!.Id!, /^car-[a-z0-9]{8,32}$/);
    assert.equal(s!.AccountName, 'prod');
    assert.ok(s!.RequestedTimestamp instanceof Date);
    const { CreateAccountStatus: done } = await org(admin).send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: s!.Id }));
    assert.equal(done!.State, 'SUCCEEDED');
    assert.match(done!.AccountId!, /^\d{12}$/);
    assert.ok(done!.CompletedTimestamp instanceof Date);
    prod = done!.AccountId!;
    assert.equal(accountCount(), before + 1);

    const { Account: a } = await org(admin).send(new DescribeAccountCommand({ AccountId: prod }));
    assert.equal(a!.Name, 'prod');
    assert.equal(a!.Email, 'prod@example.com');
    assert.equal(a!.Status, 'ACTIVE');
    assert.equal(a!.JoinedMethod, 'CREATED');
    assert.ok(a!.JoinedTimestamp instanceof Date);
    const root = (await asUtils().send(new ListRootsCommand({}))).Roots![0];
    assert.match(a!.Arn!, new RegExp(`^arn:aws:organizations::${mgmt}:account/o-[a-z0-9]+/${prod}$`));
    assert.deepEqual((await asUtils().send(new ListAccountsForParentCommand({ ParentId: root.Id }))).Accounts!.map((x) => x.Id), [mgmt, prod]);
    assert.deepEqual((await asUtils().send(new ListTagsForResourceCommand({ ResourceId: prod }))).Tags, [{ Key: 'env', Value: 'prod' }]);

    // the new account's root profile is in the data dir's files: the AWS CLI reaches it by name
    assert.equal(profiles()['profile prod'].endpoint_url, gh.server.url);
    if (await which('aws')) {
      const r = await run('aws', ['sts', 'get-caller-identity', '--profile', 'prod', '--output', 'json'], gh.env());
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).Arn, `arn:aws:iam::${prod}:root`);
    }

    // the management account's admin reaches prod as AWS sets it up
    const assumed = (await gh.sts(admin).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${prod}:role/OrganizationAccountAccessRole`, RoleSessionName: 'ops' }))).Credentials!;
    const session = { accessKeyId: assumed.AccessKeyId!, secretAccessKey: assumed.SecretAccessKey!, sessionToken: assumed.SessionToken! };
    assert.equal((await gh.sts(session).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${prod}:assumed-role/OrganizationAccountAccessRole/ops`);
    const roles = (await gh.iam(session).send(new ListRolesCommand({}))).Roles!;
    const role = roles.find((r) => r.RoleName === 'OrganizationAccountAccessRole')!;
    assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)).Statement,
      [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${mgmt}:root` }, Action: 'sts:AssumeRole' }]);
    // another account's principals are not trusted
    await rejects(gh.sts(gh.root('outsider')).send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: 'xx' })), 'AccessDenied', 403);
  });

  test('CreateAccount with an e-mail already used: the request FAILS with EMAIL_ALREADY_EXISTS, no account is made', async () => {
    const before = accountCount();
    const { CreateAccountStatus: s } = await asUtils().send(new CreateAccountCommand({ AccountName: 'prod again', Email: 'PROD@example.com' }));
    const { CreateAccountStatus: done } = await asUtils().send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: s!.Id }));
    assert.equal(done!.State, 'FAILED');
    assert.equal(done!.FailureReason, 'EMAIL_ALREADY_EXISTS');
    assert.equal(done!.AccountId, undefined);
    assert.equal(accountCount(), before);
    const failed = (await asUtils().send(new ListCreateAccountStatusCommand({ States: ['FAILED'] }))).CreateAccountStatuses!;
    assert.deepEqual(failed.map((x) => x.Id), [s!.Id]);
    const all = (await asUtils().send(new ListCreateAccountStatusCommand({}))).CreateAccountStatuses!;
    assert.equal(all.length, 2);
  });

  test('bad input is refused with AWS\'s errors and changes nothing', async () => {
    const before = accountCount();
    const c = asUtils();
    await refused(c.send(new CreateAccountCommand({ AccountName: 'x', Email: 'not-an-email' })), 'InvalidInputException');
    await refused(c.send(new CreateAccountCommand({ AccountName: 'x'.repeat(51), Email: 'x@example.com' })), 'InvalidInputException');
    await refused(c.send(new CreateAccountCommand({ AccountName: 'x', Email: 'x@example.com', RoleName: 'no spaces' })), 'InvalidInputException');
    await refused(c.send(new CreateAccountCommand({ AccountName: 'x', Email: 'x@example.com', IamUserAccessToBilling: 'MAYBE' as 'ALLOW' })), 'InvalidInputException');
    await refused(c.send(new CreateAccountCommand({ AccountName: 'x', Email: 'x@example.com', Tags: [{ Key: 'aws:reserved', Value: 'v' }] })), 'InvalidInputException');
    assert.equal(accountCount(), before);
    assert.equal((await c.send(new ListCreateAccountStatusCommand({}))).CreateAccountStatuses!.length, 2);
    await refused(c.send(new DescribeAccountCommand({ AccountId: '123456789012' })), 'AccountNotFoundException');
    await refused(c.send(new DescribeAccountCommand({ AccountId: 'abc' })), 'InvalidInputException');
    await refused(c.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: 'car-0000000000' })), 'CreateAccountStatusNotFoundException');
    await refused(c.send(new ListAccountsForParentCommand({ ParentId: 'r-zzzz' })), 'ParentNotFoundException');
    await refused(c.send(new ListAccountsCommand({ NextToken: 'garbage' })), 'InvalidInputException');
    await refused(c.send(new ListAccountsCommand({ MaxResults: 21 })), 'InvalidInputException');
  });

  test('ListAccounts pages with MaxResults and NextToken', async () => {
    const first = await asUtils().send(new ListAccountsCommand({ MaxResults: 1 }));
    assert.equal(first.Accounts!.length, 1);
    assert.ok(first.NextToken);
    const second = await asUtils().send(new ListAccountsCommand({ MaxResults: 1, NextToken: first.NextToken }));
    assert.equal(second.Accounts!.length, 1);
    assert.equal(second.NextToken, undefined);
    assert.deepEqual([first.Accounts![0].Id, second.Accounts![0].Id], [mgmt, prod]);
  });

  test('the AWS CLI: create-account, describe-create-account-status, describe-account, close-account', async (t) => {
    if (!(await which('aws'))) return t.skip('aws CLI not installed');
    const cli = async (...args: string[]) => {
      const r = await run('aws', ['organizations', ...args, '--profile', 'utils', '--output', 'json'], gh.env());
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout || '{}');
    };
    const started = (await cli('create-account', '--account-name', 'Staging team', '--email', 'staging@example.com', '--role-name', 'Admin')).CreateAccountStatus;
    assert.equal(started.State, 'IN_PROGRESS');
    const done = (await cli('describe-create-account-status', '--create-account-request-id', started.Id)).CreateAccountStatus;
    assert.equal(done.State, 'SUCCEEDED');
    const account = (await cli('describe-account', '--account-id', done.AccountId)).Account;
    assert.deepEqual([account.Name, account.Email, account.Status, account.JoinedMethod], ['Staging team', 'staging@example.com', 'ACTIVE', 'CREATED']);
    // the Gatehouse account (and its profile) is named after the AccountName; its role is the RoleName given
    const r = await run('aws', ['iam', 'get-role', '--role-name', 'Admin', '--profile', 'Staging-team', '--output', 'json'], gh.env());
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).Role.Arn, `arn:aws:iam::${done.AccountId}:role/Admin`);
    await cli('close-account', '--account-id', done.AccountId);
    assert.equal((await cli('describe-account', '--account-id', done.AccountId)).Account.Status, 'SUSPENDED');
  });

  test('a member sees the organization but may not manage it: AccessDeniedException', async () => {
    const member = org(rootFromProfile('prod'));
    const { Organization: o } = await member.send(new DescribeOrganizationCommand({}));
    assert.equal(o!.MasterAccountId, mgmt);
    for (const call of [
      member.send(new CreateAccountCommand({ AccountName: 'sneaky', Email: 'sneaky@example.com' })),
      member.send(new ListAccountsCommand({})),
      member.send(new ListRootsCommand({})),
      member.send(new DescribeAccountCommand({ AccountId: prod })),
      member.send(new DeleteOrganizationCommand({})),
    ]) await refused(call, 'AccessDeniedException', "You don't have permissions to access this resource.");
  });

  test('the caller\'s IAM policies decide too: a user without organizations:* is refused', async () => {
    const nobody = await gh.userWithKey('utils', 'nobody');
    const e = await refused(org(nobody).send(new ListAccountsCommand({})), 'AccessDeniedException');
    assert.match(e.message, /organizations:ListAccounts/);
  });

  test('trusted service access is stored and listed', async () => {
    const c = asUtils();
    await c.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'sso.amazonaws.com' }));
    await c.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'cloudtrail.amazonaws.com' }));
    const listed = (await c.send(new ListAWSServiceAccessForOrganizationCommand({}))).EnabledServicePrincipals!;
    assert.deepEqual(listed.map((s) => s.ServicePrincipal), ['cloudtrail.amazonaws.com', 'sso.amazonaws.com']);
    assert.ok(listed[0].DateEnabled instanceof Date);
    await c.send(new DisableAWSServiceAccessCommand({ ServicePrincipal: 'cloudtrail.amazonaws.com' }));
    assert.deepEqual((await c.send(new ListAWSServiceAccessForOrganizationCommand({}))).EnabledServicePrincipals!.map((s) => s.ServicePrincipal), ['sso.amazonaws.com']);
    const e = await refused(c.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'not-a-service' })), 'InvalidInputException');
    assert.equal((e as unknown as { Reason: string }).Reason, 'UNRECOGNIZED_SERVICE_PRINCIPAL');
    assert.equal((await c.send(new ListAWSServiceAccessForOrganizationCommand({}))).EnabledServicePrincipals!.length, 1);
  });

  test('invitations through the AWS CLI and the SDK: invite, decline, cancel, accept; remove', async () => {
    const guest = gh.account('guest').id;
    const c = asUtils();
    const asGuest = org(gh.root('guest'));
    const invite = async () => (await c.send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: guest }, Notes: 'join us' }))).Handshake!;
    const first = await invite();
    assert.equal(first.State, 'OPEN');
    assert.equal(first.Action, 'INVITE');
    assert.match(first.Id!, /^h-[0-9a-z]{8,32}$/);
    await refused(invite(), 'DuplicateHandshakeException');
    assert.equal((await asGuest.send(new DeclineHandshakeCommand({ HandshakeId: first.Id }))).Handshake!.State, 'DECLINED');
    await refused(asGuest.send(new AcceptHandshakeCommand({ HandshakeId: first.Id })), 'InvalidHandshakeTransitionException');
    const second = await invite();
    assert.equal((await c.send(new CancelHandshakeCommand({ HandshakeId: second.Id }))).Handshake!.State, 'CANCELED');
    await refused(org(gh.root('outsider')).send(new DescribeHandshakeCommand({ HandshakeId: second.Id })), 'HandshakeNotFoundException');

    let third: string;
    if (await which('aws')) {
      const cli = (profile: string, ...args: string[]) => run('aws', ['organizations', ...args, '--profile', profile, '--output', 'json'], gh.env());
      const r = await cli('utils', 'invite-account-to-organization', '--target', `Type=EMAIL,Id=guest@gatehouse.local`);
      assert.equal(r.code, 0, r.stderr);
      third = JSON.parse(r.stdout).Handshake.Id;
      const listed = await cli('guest', 'list-handshakes-for-account');
      assert.deepEqual(JSON.parse(listed.stdout).Handshakes.map((h: { State: string }) => h.State).sort(), ['CANCELED', 'DECLINED', 'OPEN']);
      const accepted = await cli('guest', 'accept-handshake', '--handshake-id', third);
      assert.equal(accepted.code, 0, accepted.stderr);
      assert.equal(JSON.parse(accepted.stdout).Handshake.State, 'ACCEPTED');
      const refused = await cli('guest', 'create-account', '--account-name', 'x', '--email', 'x@example.com');
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /AccessDeniedException/);
    } else {
      third = (await c.send(new InviteAccountToOrganizationCommand({ Target: { Type: 'EMAIL', Id: 'guest@gatehouse.local' } }))).Handshake!.Id!;
      await asGuest.send(new AcceptHandshakeCommand({ HandshakeId: third }));
    }
    const { Account: a } = await c.send(new DescribeAccountCommand({ AccountId: guest }));
    assert.equal(a!.JoinedMethod, 'INVITED');
    // AWS creates no access role in an invited account
    await rejects(gh.sts(admin).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${guest}:role/OrganizationAccountAccessRole`, RoleSessionName: 'xx' })), 'AccessDenied', 403);
    assert.equal((await c.send(new ListHandshakesForOrganizationCommand({}))).Handshakes!.length, 3);

    await refused(c.send(new RemoveAccountFromOrganizationCommand({ AccountId: mgmt })), 'MasterCannotLeaveOrganizationException');
    await c.send(new RemoveAccountFromOrganizationCommand({ AccountId: guest }));
    await refused(c.send(new DescribeAccountCommand({ AccountId: guest })), 'AccountNotFoundException');
    await refused(asGuest.send(new DescribeOrganizationCommand({})), 'AWSOrganizationsNotInUseException');
  });

  test('DeleteOrganization: refused while a member remains; a closed account doesn\'t count', async () => {
    const c = asUtils();
    await refused(c.send(new DeleteOrganizationCommand({})), 'OrganizationNotEmptyException');
    await refused(c.send(new CloseAccountCommand({ AccountId: mgmt })), 'ConstraintViolationException');
    await c.send(new CloseAccountCommand({ AccountId: prod }));
    const { Account: closed } = await c.send(new DescribeAccountCommand({ AccountId: prod }));
    assert.equal(closed!.Status, 'SUSPENDED');
    await refused(c.send(new CloseAccountCommand({ AccountId: prod })), 'AccountAlreadyClosedException');
    await c.send(new DeleteOrganizationCommand({}));
    await refused(c.send(new DescribeOrganizationCommand({})), 'AWSOrganizationsNotInUseException');
    // the management account may found a new organization; consolidated billing gives no trusted access
    assert.ok((await c.send(new CreateOrganizationCommand({ FeatureSet: 'CONSOLIDATED_BILLING' }))).Organization!.Id);
    const e = await refused(c.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'sso.amazonaws.com' })), 'ConstraintViolationException');
    assert.equal((e as unknown as { Reason: string }).Reason, 'ORGANIZATION_NOT_IN_ALL_FEATURES_MODE');
  });
});

describe('Organizations: CreateAccount on a server of several processes', () => {
  let dir: string;
  let server: ChildServer;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-org-processes-'));
    server = await spawnServer(dir, ['--accounts', 'utils', '--processes', '2']);
  });
  after(async () => {
    await server.crash();
    cleanup(dir);
  });
  const config = (agent: Agent, credentials: Credentials) =>
    ({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpAgent: agent }) });

  test('CreateAccount served by a helper process: the main process writes the new account\'s profile before the answer', async () => {
    const utils = server.root('utils');
    // Kept-alive connections, opened until one is served by a helper (the main process serves the first ones itself).
    const agents: Agent[] = [];
    const deadline = Date.now() + 30_000;
    let helperAgent: Agent | undefined;
    while (!helperAgent && Date.now() < deadline) {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      agents.push(agent);
      await new STSClient(config(agent, utils)).send(new GetCallerIdentityCommand({}));
      const pid = serverPidOf(Object.values(agent.freeSockets).flat()[0]!.localPort!, processTree(server.pid));
      if (pid !== undefined && pid !== server.pid) helperAgent = agent;
      else if (agents.length > 4) await new Promise((r) => setTimeout(r, 200));
    }
    try {
      assert.ok(helperAgent, 'no connection reached a helper process');
      const viaHelper = new OrganizationsClient(config(helperAgent, utils));
      await viaHelper.send(new CreateOrganizationCommand({}));
      const { CreateAccountStatus: s } = await viaHelper.send(new CreateAccountCommand({ AccountName: 'team', Email: 'team@example.com' }));
      const { CreateAccountStatus: done } = await viaHelper.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: s!.Id }));
      assert.equal(done!.State, 'SUCCEEDED');
      // the profile is there as soon as the answer is: its keys sign for the new account
      const me = await new STSClient(config(helperAgent, server.root('team'))).send(new GetCallerIdentityCommand({}));
      assert.equal(me.Account, done!.AccountId);
    } finally {
      for (const a of agents) a.destroy();
    }
  });
});
