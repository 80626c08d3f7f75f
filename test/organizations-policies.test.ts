/**
 * Organizations policies through the JS SDK and the aws CLI against a running server: policy types on the
 * root (and the AWS-managed FullAWSAccess / RCPFullAWSAccess everywhere while enabled), SCPs and RCPs as
 * objects, and attachments with AWS's rules and errors (Organizations API Reference, each operation's
 * Errors; "Quotas for AWS Organizations"). Every refused request leaves the organization as it was.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AttachPolicyCommand, CreateAccountCommand, CreateOrganizationalUnitCommand, DeleteOrganizationalUnitCommand, CreateOrganizationCommand, CreatePolicyCommand, DeletePolicyCommand, DescribeCreateAccountStatusCommand,
  DescribePolicyCommand, DetachPolicyCommand, DisablePolicyTypeCommand, EnablePolicyTypeCommand, ListPoliciesCommand,
  ListPoliciesForTargetCommand, ListRootsCommand, ListTagsForResourceCommand, ListTargetsForPolicyCommand, OrganizationsClient,
  UpdatePolicyCommand, type PolicyType,
} from '@aws-sdk/client-organizations';
import { AttachUserPolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { TestGatehouse, run, type Credentials } from './support/gatehouse.js';
import { rejects } from './support/errors.js';
import { awsClis } from './support/aws-clis.js';

const SCP: PolicyType = 'SERVICE_CONTROL_POLICY';
const RCP: PolicyType = 'RESOURCE_CONTROL_POLICY';
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const regionDeny = doc({
  Effect: 'Deny', NotAction: ['iam:*', 'organizations:*', 'sts:*'], Resource: '*',
  Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
});
const denyIam = doc({ Effect: 'Deny', Action: 'iam:*', Resource: '*' });
const keepS3InOrg = (orgId: string) => doc({
  Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*',
  Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': orgId }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
});

/** The status each error has in the Organizations model (its @httpError), as AWS answers it. */
const STATUS: Record<string, number> = {
  AccessDeniedException: 403, AWSOrganizationsNotInUseException: 404, ConstraintViolationException: 409, DuplicatePolicyAttachmentException: 409,
  DuplicatePolicyException: 409, InvalidInputException: 400, MalformedPolicyDocumentException: 400, PolicyInUseException: 409,
  PolicyNotAttachedException: 409, PolicyNotFoundException: 404, PolicyTypeAlreadyEnabledException: 409, PolicyTypeNotAvailableForOrganizationException: 409,
  PolicyTypeNotEnabledException: 409, RootNotFoundException: 404, TargetNotFoundException: 404,
};
const fails = (p: Promise<unknown>, name: string, message?: string | RegExp) => rejects(p, name, STATUS[name], message);

describe('Organizations policies: types, SCPs and RCPs, attachments', () => {
  let gh: TestGatehouse;
  let orgs: OrganizationsClient;
  let orgId: string, rootId: string, mgmt: string, dev: string, ou: string;

  const client = (c: Credentials) => new OrganizationsClient({ endpoint: gh.server.url, region: 'us-east-1', credentials: c, maxAttempts: 1 });
  const attached = async (TargetId: string, Filter: PolicyType = SCP) =>
    (await orgs.send(new ListPoliciesForTargetCommand({ TargetId, Filter }))).Policies!.map((p) => p.Name);
  const create = async (Name: string, Content: string, Type: PolicyType = SCP) =>
    (await orgs.send(new CreatePolicyCommand({ Name, Content, Type, Description: `${Name} policy` }))).Policy!.PolicySummary!.Id!;
  const rootTypes = async () => (await orgs.send(new ListRootsCommand({}))).Roots![0].PolicyTypes!.map((t) => `${t.Type}:${t.Status}`).sort();

  before(async () => {
    gh = await TestGatehouse.start({ accounts: ['mgmt', 'member', 'outsider'] });
    mgmt = gh.account('mgmt').id;
    orgs = client(gh.root('mgmt'));
    orgId = (await orgs.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!.Id!;
    rootId = (await orgs.send(new ListRootsCommand({}))).Roots![0].Id!;
    ou = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'workloads' }))).OrganizationalUnit!.Id!;
    const request = (await orgs.send(new CreateAccountCommand({ AccountName: 'dev', Email: 'dev@example.com' }))).CreateAccountStatus!.Id!;
    for (;;) {
      const s = (await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: request }))).CreateAccountStatus!;
      if (s.State === 'SUCCEEDED') { dev = s.AccountId!; break; }
      assert.equal(s.State, 'IN_PROGRESS', s.FailureReason);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  after(() => gh?.dispose());

  test('EnablePolicyType: the root lists the type, its AWS-managed policy is on the root and every account; enabling twice or an unserved type is refused', async () => {
    assert.deepEqual(await rootTypes(), []); // CreateOrganization enables none (Terraform enables SCPs next)
    assert.deepEqual(await attached(dev), []);
    await fails(orgs.send(new AttachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: dev })), 'PolicyTypeNotEnabledException');
    assert.equal((await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: SCP }))).Root!.PolicyTypes![0].Type, SCP);
    for (const target of [rootId, ou, mgmt, dev]) assert.deepEqual(await attached(target), ['FullAWSAccess'], target);

    const out = await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: RCP }));
    assert.equal(out.Root!.Id, rootId);
    assert.equal(out.Root!.Name, 'Root');
    assert.deepEqual(out.Root!.PolicyTypes!.map((t) => `${t.Type}:${t.Status}`).sort(), ['RESOURCE_CONTROL_POLICY:ENABLED', 'SERVICE_CONTROL_POLICY:ENABLED']);
    for (const target of [rootId, ou, mgmt, dev]) assert.deepEqual(await attached(target, RCP), ['RCPFullAWSAccess'], target);
    const targets = (await orgs.send(new ListTargetsForPolicyCommand({ PolicyId: 'p-RCPFullAWSAccess' }))).Targets!;
    assert.deepEqual(targets.map((t) => `${t.Type}:${t.TargetId}`).sort(), [`ACCOUNT:${dev}`, `ACCOUNT:${mgmt}`, `ORGANIZATIONAL_UNIT:${ou}`, `ROOT:${rootId}`].sort());
    const root = targets.find((t) => t.Type === 'ROOT')!;
    assert.equal(root.Name, 'Root');
    assert.equal(root.Arn, `arn:aws:organizations::${mgmt}:root/${orgId}/${rootId}`);
    assert.equal(targets.find((t) => t.TargetId === dev)!.Name, 'dev');
    assert.equal(targets.find((t) => t.TargetId === ou)!.Name, 'workloads');
    // An OU made while both types are enabled starts with both AWS-managed policies.
    const later = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: ou, Name: 'later' }))).OrganizationalUnit!.Id!;
    assert.deepEqual([await attached(later), await attached(later, RCP)], [['FullAWSAccess'], ['RCPFullAWSAccess']]);
    await orgs.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: later }));

    await fails(orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: RCP })), 'PolicyTypeAlreadyEnabledException');
    await fails(orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'TAG_POLICY' })), 'PolicyTypeNotAvailableForOrganizationException', /SERVICE_CONTROL_POLICY and RESOURCE_CONTROL_POLICY/);
    await fails(orgs.send(new EnablePolicyTypeCommand({ RootId: 'r-zzzz', PolicyType: RCP })), 'RootNotFoundException');
    await fails(orgs.send(new EnablePolicyTypeCommand({ RootId: 'root', PolicyType: RCP })), 'InvalidInputException');
    assert.deepEqual(await rootTypes(), ['RESOURCE_CONTROL_POLICY:ENABLED', 'SERVICE_CONTROL_POLICY:ENABLED']);
  });

  test('AWS-managed policies: described with their aws ARNs, listed with the customer ones, never changed', async () => {
    const full = (await orgs.send(new DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' }))).Policy!;
    assert.deepEqual(full.PolicySummary, {
      Id: 'p-FullAWSAccess', Arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
      Name: 'FullAWSAccess', Description: 'Allows access to every operation', Type: SCP, AwsManaged: true,
    });
    assert.deepEqual(JSON.parse(full.Content!).Statement, [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
    const rcp = (await orgs.send(new DescribePolicyCommand({ PolicyId: 'p-RCPFullAWSAccess' }))).Policy!.PolicySummary!;
    assert.equal(rcp.Arn, 'arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess');
    assert.deepEqual((await orgs.send(new ListPoliciesCommand({ Filter: RCP }))).Policies!.map((p) => p.Name), ['RCPFullAWSAccess']);

    for (const call of [
      new UpdatePolicyCommand({ PolicyId: 'p-FullAWSAccess', Name: 'Mine' }),
      new DeletePolicyCommand({ PolicyId: 'p-RCPFullAWSAccess' }),
    ]) {
      const e = await fails(orgs.send(call as never), 'InvalidInputException');
      assert.equal((e as unknown as { Reason: string }).Reason, 'IMMUTABLE_POLICY');
    }
    await fails(orgs.send(new CreatePolicyCommand({ Name: 'FullAWSAccess', Content: denyIam, Type: SCP, Description: '' })), 'DuplicatePolicyException');
  });

  test('CreatePolicy / DescribePolicy / UpdatePolicy / ListPolicies / DeletePolicy, with tags at creation', async () => {
    const created = (await orgs.send(new CreatePolicyCommand({
      Name: 'RegionDeny', Description: 'Only the EU regions', Content: regionDeny, Type: SCP, Tags: [{ Key: 'team', Value: 'platform' }],
    }))).Policy!;
    const id = created.PolicySummary!.Id!;
    assert.match(id, /^p-[0-9a-z]{8,128}$/);
    assert.equal(created.PolicySummary!.Arn, `arn:aws:organizations::${mgmt}:policy/${orgId}/service_control_policy/${id}`);
    assert.equal(created.PolicySummary!.AwsManaged, false);
    assert.equal(created.Content, regionDeny);
    assert.deepEqual((await orgs.send(new ListTagsForResourceCommand({ ResourceId: id }))).Tags, [{ Key: 'team', Value: 'platform' }]);
    assert.deepEqual((await orgs.send(new DescribePolicyCommand({ PolicyId: id }))).Policy, created);

    // Names are unique within a type; the same name is free for the other type.
    await fails(orgs.send(new CreatePolicyCommand({ Name: 'RegionDeny', Content: denyIam, Type: SCP, Description: '' })), 'DuplicatePolicyException');
    const rcpId = await create('RegionDeny', keepS3InOrg(orgId), RCP);
    assert.match((await orgs.send(new DescribePolicyCommand({ PolicyId: rcpId }))).Policy!.PolicySummary!.Arn!, /:policy\/o-[a-z0-9]+\/resource_control_policy\/p-/);

    const updated = (await orgs.send(new UpdatePolicyCommand({ PolicyId: id, Name: 'EuOnly', Content: denyIam }))).Policy!;
    assert.equal(updated.PolicySummary!.Name, 'EuOnly');
    assert.equal(updated.PolicySummary!.Description, 'Only the EU regions'); // untouched when not given
    assert.equal(updated.Content, denyIam);
    assert.deepEqual((await orgs.send(new ListPoliciesCommand({ Filter: SCP }))).Policies!.map((p) => p.Name), ['FullAWSAccess', 'EuOnly']);
    const page = await orgs.send(new ListPoliciesCommand({ Filter: SCP, MaxResults: 1 }));
    assert.deepEqual(page.Policies!.map((p) => p.Name), ['FullAWSAccess']);
    assert.deepEqual((await orgs.send(new ListPoliciesCommand({ Filter: SCP, NextToken: page.NextToken }))).Policies!.map((p) => p.Name), ['EuOnly']);

    await orgs.send(new DeletePolicyCommand({ PolicyId: id }));
    await orgs.send(new DeletePolicyCommand({ PolicyId: rcpId }));
    await fails(orgs.send(new DescribePolicyCommand({ PolicyId: id })), 'PolicyNotFoundException');
    await fails(orgs.send(new DeletePolicyCommand({ PolicyId: id })), 'PolicyNotFoundException');
    await fails(orgs.send(new UpdatePolicyCommand({ PolicyId: 'p-zzzzzzzz', Name: 'x' })), 'PolicyNotFoundException');
    await fails(orgs.send(new ListTagsForResourceCommand({ ResourceId: id })), 'TargetNotFoundException');
  });

  test("bad documents: AWS's codes, and nothing created or changed", async () => {
    const id = await create('Kept', denyIam);
    const malformed: Array<[string, PolicyType, RegExp]> = [
      [doc({ Effect: 'Deny', Principal: '*', Action: 'iam:*', Resource: '*' }), SCP, /SCPs cannot specify a principal/],
      [doc({ Effect: 'Deny', Action: 's3:*', Resource: '*' }), RCP, /Principal/],
      [doc({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }), RCP, /RCPFullAWSAccess/],
      [doc({ Effect: 'Deny', Principal: '*', Action: 'ec2:RunInstances', Resource: '*' }), RCP, /not ec2:RunInstances/],
      [doc({ Effect: 'Deny', Principal: '*', NotAction: 's3:GetObject', Resource: '*' }), RCP, /NotAction/],
      ['{"Version":"2012-10-17","Statement":[', SCP, /Invalid JSON/],
    ];
    for (const [Content, Type, why] of malformed) {
      await fails(orgs.send(new CreatePolicyCommand({ Name: 'Bad', Content, Type, Description: '' })), 'MalformedPolicyDocumentException', why);
      if (Type === SCP) await fails(orgs.send(new UpdatePolicyCommand({ PolicyId: id, Name: 'Renamed', Content })), 'MalformedPolicyDocumentException', why);
    }
    const big = denyIam + ' '.repeat(5121 - denyIam.length);
    const e = await fails(orgs.send(new CreatePolicyCommand({ Name: 'Big', Content: big, Type: SCP, Description: '' })), 'ConstraintViolationException');
    assert.equal((e as unknown as { Reason: string }).Reason, 'POLICY_CONTENT_LIMIT_EXCEEDED');
    await orgs.send(new CreatePolicyCommand({ Name: 'Big', Content: big.slice(0, -1), Type: SCP, Description: '' })); // 5,120 is allowed
    await fails(orgs.send(new CreatePolicyCommand({ Name: 'Tagged', Content: denyIam, Type: SCP, Description: '', Tags: [{ Key: 'aws:x', Value: '1' }] })), 'InvalidInputException');
    await fails(orgs.send(new CreatePolicyCommand({ Name: 'x'.repeat(129), Content: denyIam, Type: SCP, Description: '' })), 'InvalidInputException');
    await fails(orgs.send(new CreatePolicyCommand({ Name: 'Tag', Content: denyIam, Type: 'TAG_POLICY', Description: '' })), 'PolicyTypeNotAvailableForOrganizationException');

    assert.deepEqual((await orgs.send(new ListPoliciesCommand({ Filter: SCP }))).Policies!.map((p) => p.Name), ['FullAWSAccess', 'Big', 'Kept']);
    const kept = (await orgs.send(new DescribePolicyCommand({ PolicyId: id }))).Policy!;
    assert.equal(kept.PolicySummary!.Name, 'Kept');
    assert.equal(kept.Content, denyIam);
  });

  test('AttachPolicy / DetachPolicy: AWS rules and errors, in attach order', async () => {
    const ids: string[] = [];
    for (const n of ['A1', 'A2', 'A3', 'A4', 'A5']) ids.push(await create(n, denyIam));
    await orgs.send(new AttachPolicyCommand({ PolicyId: ids[0], TargetId: dev }));
    assert.deepEqual(await attached(dev), ['FullAWSAccess', 'A1']);
    await fails(orgs.send(new AttachPolicyCommand({ PolicyId: ids[0], TargetId: dev })), 'DuplicatePolicyAttachmentException');
    await fails(orgs.send(new AttachPolicyCommand({ PolicyId: ids[0], TargetId: '999999999999' })), 'TargetNotFoundException');
    await fails(orgs.send(new AttachPolicyCommand({ PolicyId: ids[0], TargetId: `ou-${rootId.slice(2)}-zzzzzzzz` })), 'TargetNotFoundException');
    await fails(orgs.send(new AttachPolicyCommand({ PolicyId: 'p-zzzzzzzz', TargetId: dev })), 'PolicyNotFoundException');
    await fails(orgs.send(new AttachPolicyCommand({ PolicyId: ids[0], TargetId: 'dev' })), 'InvalidInputException');

    // At most 5 of a type per target, FullAWSAccess included.
    for (const id of ids.slice(1, 4)) await orgs.send(new AttachPolicyCommand({ PolicyId: id, TargetId: dev }));
    const max = await fails(orgs.send(new AttachPolicyCommand({ PolicyId: ids[4], TargetId: dev })), 'ConstraintViolationException');
    assert.equal((max as unknown as { Reason: string }).Reason, 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
    assert.deepEqual(await attached(dev), ['FullAWSAccess', 'A1', 'A2', 'A3', 'A4']);

    // The policy in use can't be deleted; ListTargetsForPolicy names its targets.
    await orgs.send(new AttachPolicyCommand({ PolicyId: ids[0], TargetId: ou }));
    await fails(orgs.send(new DeletePolicyCommand({ PolicyId: ids[0] })), 'PolicyInUseException');
    assert.deepEqual((await orgs.send(new ListTargetsForPolicyCommand({ PolicyId: ids[0] }))).Targets, [
      { TargetId: dev, Arn: `arn:aws:organizations::${mgmt}:account/${orgId}/${dev}`, Name: 'dev', Type: 'ACCOUNT' },
      { TargetId: ou, Arn: `arn:aws:organizations::${mgmt}:ou/${orgId}/${ou}`, Name: 'workloads', Type: 'ORGANIZATIONAL_UNIT' },
    ]);
    await orgs.send(new DetachPolicyCommand({ PolicyId: ids[0], TargetId: ou }));

    // FullAWSAccess may go while another SCP stays (an allow list), the last SCP may not.
    await orgs.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: dev }));
    for (const id of ids.slice(0, 3)) await orgs.send(new DetachPolicyCommand({ PolicyId: id, TargetId: dev }));
    const min = await fails(orgs.send(new DetachPolicyCommand({ PolicyId: ids[3], TargetId: dev })), 'ConstraintViolationException');
    assert.equal((min as unknown as { Reason: string }).Reason, 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
    await fails(orgs.send(new DetachPolicyCommand({ PolicyId: ids[0], TargetId: dev })), 'PolicyNotAttachedException');
    assert.deepEqual(await attached(dev), ['A4']);
    await orgs.send(new AttachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: dev }));
    await orgs.send(new DetachPolicyCommand({ PolicyId: ids[3], TargetId: dev }));
    assert.deepEqual(await attached(dev), ['FullAWSAccess']);
    await orgs.send(new DeletePolicyCommand({ PolicyId: ids[0] }));

    // RCPFullAWSAccess stays ("You cannot detach this policy", RCP syntax), even beside another RCP.
    const rcp = await create('KeepS3InOrg', keepS3InOrg(orgId), RCP);
    await orgs.send(new AttachPolicyCommand({ PolicyId: rcp, TargetId: rootId }));
    assert.deepEqual(await attached(rootId, RCP), ['RCPFullAWSAccess', 'KeepS3InOrg']);
    const fixed = await fails(orgs.send(new DetachPolicyCommand({ PolicyId: 'p-RCPFullAWSAccess', TargetId: rootId })), 'InvalidInputException');
    assert.equal((fixed as unknown as { Reason: string }).Reason, 'NON_DETACHABLE_POLICY');
    await orgs.send(new DetachPolicyCommand({ PolicyId: rcp, TargetId: rootId }));
    assert.deepEqual(await attached(rootId, RCP), ['RCPFullAWSAccess']);
  });

  test('DisablePolicyType detaches every policy of the type (the policies stay); attaching one then needs the type again', async () => {
    const rcp = await create('DenyS3Outside', keepS3InOrg(orgId), RCP);
    await orgs.send(new AttachPolicyCommand({ PolicyId: rcp, TargetId: dev }));
    const out = await orgs.send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: RCP }));
    assert.deepEqual(out.Root!.PolicyTypes!.map((t) => t.Type), [SCP]);
    for (const target of [rootId, ou, mgmt, dev]) assert.deepEqual(await attached(target, RCP), []);
    assert.deepEqual((await orgs.send(new ListTargetsForPolicyCommand({ PolicyId: rcp }))).Targets, []);
    assert.equal((await orgs.send(new DescribePolicyCommand({ PolicyId: rcp }))).Policy!.PolicySummary!.Name, 'DenyS3Outside');
    await fails(orgs.send(new AttachPolicyCommand({ PolicyId: rcp, TargetId: dev })), 'PolicyTypeNotEnabledException');
    await fails(orgs.send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: RCP })), 'PolicyTypeNotEnabledException');

    await orgs.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: RCP }));
    for (const target of [rootId, ou, mgmt, dev]) assert.deepEqual(await attached(target, RCP), ['RCPFullAWSAccess']);
    await orgs.send(new AttachPolicyCommand({ PolicyId: rcp, TargetId: dev }));
    assert.deepEqual(await attached(dev, RCP), ['RCPFullAWSAccess', 'DenyS3Outside']);
  });

  test('who may call: members get AccessDeniedException, outsiders AWSOrganizationsNotInUseException, IAM users what their policies allow', async () => {
    await fails(client(gh.root('outsider')).send(new ListPoliciesCommand({ Filter: SCP })), 'AWSOrganizationsNotInUseException');

    // dev's administrator, reached as AWS does it: the management account assumes OrganizationAccountAccessRole.
    const mgmtAdmin = await gh.userWithKey('mgmt', 'admin');
    await gh.iam(gh.root('mgmt')).send(new AttachUserPolicyCommand({ UserName: 'admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const role = (await gh.sts(mgmtAdmin).send(new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${dev}:role/OrganizationAccountAccessRole`, RoleSessionName: 'policies-test',
    }))).Credentials!;
    const devAdmin = client({ accessKeyId: role.AccessKeyId!, secretAccessKey: role.SecretAccessKey!, sessionToken: role.SessionToken! });
    await fails(devAdmin.send(new ListPoliciesCommand({ Filter: SCP })), 'AccessDeniedException');
    await fails(devAdmin.send(new CreatePolicyCommand({ Name: 'FromMember', Content: denyIam, Type: SCP, Description: '' })), 'AccessDeniedException');
    await fails(devAdmin.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: dev })), 'AccessDeniedException');

    const reader = client(await gh.userWithKey('mgmt', 'policy-reader'));
    await fails(reader.send(new ListPoliciesCommand({ Filter: SCP })), 'AccessDeniedException');
    await fails(reader.send(new DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' })), 'AccessDeniedException');
    // Allowed on the AWS-managed policies' ARNs only, and only for SCPs (organizations:PolicyType).
    await gh.iam(gh.root('mgmt')).send(new PutUserPolicyCommand({
      UserName: 'policy-reader', PolicyName: 'read', PolicyDocument: doc({
        Effect: 'Allow', Action: 'organizations:DescribePolicy', Resource: 'arn:aws:organizations::aws:policy/*',
        Condition: { StringEquals: { 'organizations:PolicyType': SCP } },
      }),
    }));
    assert.equal((await reader.send(new DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' }))).Policy!.PolicySummary!.Name, 'FullAWSAccess');
    await fails(reader.send(new DescribePolicyCommand({ PolicyId: 'p-RCPFullAWSAccess' })), 'AccessDeniedException');
    await fails(reader.send(new DescribePolicyCommand({ PolicyId: 'p-zzzzzzzz' })), 'AccessDeniedException');
    await fails(reader.send(new AttachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: dev })), 'AccessDeniedException');
  });

  test('a CONSOLIDATED_BILLING organization has no policy types', async () => {
    const billing = client(gh.root('member'));
    const org = (await billing.send(new CreateOrganizationCommand({ FeatureSet: 'CONSOLIDATED_BILLING' }))).Organization!;
    const root = (await billing.send(new ListRootsCommand({}))).Roots![0];
    assert.deepEqual(root.PolicyTypes, []);
    await fails(billing.send(new EnablePolicyTypeCommand({ RootId: root.Id, PolicyType: SCP })), 'PolicyTypeNotAvailableForOrganizationException');
    await fails(billing.send(new CreatePolicyCommand({ Name: 'x', Content: denyIam, Type: SCP, Description: '' })), 'PolicyTypeNotAvailableForOrganizationException');
    assert.ok(org.Id);
  });

  test('the aws CLI: create-policy from a file, attach-policy, list-policies-for-target, and an error by its code', async (t) => {
    const cli = (await awsClis()).v1 ?? (await awsClis()).v2;
    if (!cli) return t.skip('no aws CLI on PATH');
    const file = join(gh.dataDir, 'deny-iam.json');
    writeFileSync(file, denyIam);
    const aws = (...args: string[]) => run(cli, ['--profile', 'mgmt', '--endpoint-url', gh.server.url, '--output', 'json', 'organizations', ...args], gh.env());
    const made = await aws('create-policy', '--name', 'CliDenyIam', '--type', SCP, '--description', 'from the CLI', '--content', `file://${file}`);
    assert.equal(made.code, 0, made.stderr);
    const id = JSON.parse(made.stdout).Policy.PolicySummary.Id;
    assert.equal((await aws('attach-policy', '--policy-id', id, '--target-id', dev)).code, 0);
    const listed = await aws('list-policies-for-target', '--target-id', dev, '--filter', SCP);
    assert.deepEqual(JSON.parse(listed.stdout).Policies.map((p: { Name: string }) => p.Name), ['FullAWSAccess', 'CliDenyIam']);
    const refused = await aws('delete-policy', '--policy-id', id);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /\(PolicyInUseException\) when calling the DeletePolicy operation/);
    assert.equal((await aws('detach-policy', '--policy-id', id, '--target-id', dev)).code, 0);
    assert.equal((await aws('delete-policy', '--policy-id', id)).code, 0);
  });
});
