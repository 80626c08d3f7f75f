/**
 * A landing zone (test/terraform/organizations/) as the management account applies it with the
 * hashicorp/aws provider from the machine's filesystem mirror: the organization with SCPs and RCPs,
 * two OUs, three created accounts, a region-deny SCP and an S3 data-perimeter RCP attached. Apply,
 * check what it made through the SDK, an empty plan, a change applied in place, destroy, and every call
 * the provider made answered.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DescribeOrganizationCommand, DescribePolicyCommand, ListPoliciesCommand, ListAccountsForParentCommand, ListPoliciesForTargetCommand, ListRootsCommand,
  ListTagsForResourceCommand, ListAWSServiceAccessForOrganizationCommand, OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { AttachUserPolicyCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import type { Credentials, TestGatehouse } from './support/gatehouse.js';
import { TerraformWorkspace, terraformMissing } from './support/terraform.js';

interface Outputs { organization_id: string; root_id: string; account_ids: Record<string, string>; ou_ids: Record<string, string> }

// organization, 2 OUs, 3 accounts, 2 policies, 3 attachments
const RESOURCES = 11;

describe('the Organizations landing zone applies, plans empty and destroys', async () => {
  const skip = await terraformMissing();
  let ws: TerraformWorkspace;
  let gh: TestGatehouse;
  let orgs: OrganizationsClient;
  let out: Outputs;

  const organizations = (creds: Credentials) =>
    new OrganizationsClient({ endpoint: gh.server.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });

  before(async () => {
    if (skip) return;
    ws = await TerraformWorkspace.open('organizations', ['management']);
    gh = ws.gh;
    orgs = organizations(gh.root('management'));
  });
  after(async () => {
    if (!skip) await ws.dispose();
  });

  test('init and apply', { skip }, async () => {
    await ws.initAndApply(RESOURCES);
    const o = await ws.tf('output', '-json');
    assert.equal(o.code, 0, o.stderr);
    out = Object.fromEntries(Object.entries(JSON.parse(o.stdout) as Record<string, { value: unknown }>).map(([k, v]) => [k, v.value])) as unknown as Outputs;
  });

  test('the organization is the management account\'s, with both policy types and the trusted services', { skip }, async () => {
    const org = (await orgs.send(new DescribeOrganizationCommand({}))).Organization!;
    assert.equal(org.Id, out.organization_id);
    assert.equal(org.MasterAccountId, gh.account('management').id);
    assert.equal(org.FeatureSet, 'ALL');
    const root = (await orgs.send(new ListRootsCommand({}))).Roots![0];
    assert.equal(root.Id, out.root_id);
    assert.deepEqual(root.PolicyTypes!.map((p) => `${p.Type} ${p.Status}`).sort(),
      ['RESOURCE_CONTROL_POLICY ENABLED', 'SERVICE_CONTROL_POLICY ENABLED']);
    const services = (await orgs.send(new ListAWSServiceAccessForOrganizationCommand({}))).EnabledServicePrincipals!;
    assert.deepEqual(services.map((s) => s.ServicePrincipal).sort(), ['cloudtrail.amazonaws.com', 'config.amazonaws.com']);
  });

  test('the accounts sit in their OUs, tagged as configured', { skip }, async () => {
    const names = async (parent: string) =>
      (await orgs.send(new ListAccountsForParentCommand({ ParentId: parent }))).Accounts!.map((a) => a.Name).sort();
    assert.deepEqual(await names(out.ou_ids.workloads), ['prod', 'staging']);
    assert.deepEqual(await names(out.ou_ids.security), ['log-archive']);
    const tags = (await orgs.send(new ListTagsForResourceCommand({ ResourceId: out.account_ids.prod }))).Tags;
    assert.deepEqual(tags, [{ Key: 'environment', Value: 'production' }]);
  });

  test('the SCP sits on both OUs beside FullAWSAccess, the RCP on the root beside RCPFullAWSAccess', { skip }, async () => {
    const policies = async (target: string, type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY') =>
      (await orgs.send(new ListPoliciesForTargetCommand({ TargetId: target, Filter: type }))).Policies!.map((p) => p.Name).sort();
    assert.deepEqual(await policies(out.ou_ids.workloads, 'SERVICE_CONTROL_POLICY'), ['FullAWSAccess', 'region-deny']);
    assert.deepEqual(await policies(out.ou_ids.security, 'SERVICE_CONTROL_POLICY'), ['FullAWSAccess', 'region-deny']);
    assert.deepEqual(await policies(out.root_id, 'RESOURCE_CONTROL_POLICY'), ['RCPFullAWSAccess', 's3-data-in-organization']);
  });

  test('the management account\'s administrator reaches each new account through the role named by role_name, fenced by the SCP', { skip }, async () => {
    // A root user may not assume roles: an administrator user of the management account does.
    const admin = await gh.userWithKey('management', 'admin');
    await gh.iam(gh.root('management')).send(new AttachUserPolicyCommand({ UserName: 'admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const sts = gh.sts(admin);
    for (const [account, role] of [['prod', 'OrganizationAccountAccessRole'], ['log_archive', 'LandingZoneAdmin']]) {
      const id = out.account_ids[account];
      const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${id}:role/${role}`, RoleSessionName: 'landing-zone' }))).Credentials!;
      const roles = await gh.iam({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! })
        .send(new ListRolesCommand({}));
      assert.ok(roles.Roles!.some((r) => r.RoleName === role), `${role} in ${account}`);
      // What Terraform attached binds: the region-deny SCP refuses even this administrator outside the allowed regions.
      const s3In = (region: string) => new S3Client({ endpoint: gh.server.url, region, forcePathStyle: true, maxAttempts: 1,
        credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
      await s3In('eu-west-1').send(new ListBucketsCommand({}));
      await assert.rejects(s3In('ap-south-1').send(new ListBucketsCommand({})),
        (e: Error) => e.name === 'AccessDenied' && /with an explicit deny in a service control policy/.test(e.message));
    }
  });

  test('a following plan shows no changes', { skip }, async () => {
    await ws.planShowsNoChanges();
  });

  test('a change applies in place: staging moves OU, the SCP narrows its regions, prod is retagged; then plans empty', { skip }, async () => {
    const vars = ['-var', 'staging_ou=security', '-var', 'allowed_regions=["us-east-1"]', '-var', 'prod_tags={environment="production",owner="platform"}'];
    const apply = await ws.tf('apply', '-auto-approve', '-input=false', ...vars);
    assert.equal(apply.code, 0, apply.stdout + apply.stderr);
    assert.match(apply.stdout, /Apply complete! Resources: 0 added, 3 changed, 0 destroyed/);
    const names = async (parent: string) =>
      (await orgs.send(new ListAccountsForParentCommand({ ParentId: parent }))).Accounts!.map((a) => a.Name).sort();
    assert.deepEqual(await names(out.ou_ids.security), ['log-archive', 'staging']);
    const scp = (await orgs.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }))).Policies!.find((p) => p.Name === 'region-deny')!;
    const content = JSON.parse((await orgs.send(new DescribePolicyCommand({ PolicyId: scp.Id }))).Policy!.Content!);
    assert.deepEqual(content.Statement[0].Condition, { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1'] } });
    const tags = (await orgs.send(new ListTagsForResourceCommand({ ResourceId: out.account_ids.prod }))).Tags!;
    assert.deepEqual(tags.map((t) => `${t.Key}=${t.Value}`).sort(), ['environment=production', 'owner=platform']);
    const plan = await ws.tf('plan', '-detailed-exitcode', '-input=false', ...vars);
    assert.equal(plan.code, 0, `exit 2 means changes:\n${plan.stdout}${plan.stderr}`);
  });

  test('destroy closes the accounts and deletes the organization', { skip }, async () => {
    await ws.destroy(RESOURCES);
    await assert.rejects(orgs.send(new DescribeOrganizationCommand({})), { name: 'AWSOrganizationsNotInUseException' });
  });

  test('every operation the provider called is implemented and none failed on the server', { skip }, (t) => {
    assert.deepEqual(ws.unimplemented(), []);
    assert.deepEqual(ws.calls.filter((c) => c.status >= 500), []);
    const called = ws.called();
    t.diagnostic(`provider called: ${called.join(', ')}`);
    const failed = ws.calls.filter((c) => c.status >= 400).map((c) => `${c.service}:${c.operation} ${c.code}`);
    t.diagnostic(`errors answered: ${[...new Set(failed)].join(', ') || 'none'}`);
    for (const op of ['CreateOrganization', 'EnablePolicyType', 'CreateAccount', 'DescribeCreateAccountStatus', 'MoveAccount',
      'AttachPolicy', 'ListTargetsForPolicy', 'UpdatePolicy', 'TagResource', 'CloseAccount', 'DeleteOrganization']) {
      assert.ok(called.includes(`organizations:${op}`), `${op} in ${called.join(', ')}`);
    }
  });
});
