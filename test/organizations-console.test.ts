/**
 * The console's Organization API (GET /console/api/organization): the organization's tree read with
 * signed Organizations calls as the acting identity, so IAM and the management-account rule decide
 * what each identity sees. The organization is made through the Organizations API (JS SDK).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateLoginProfileCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateOrganizationalUnitCommand, MoveAccountCommand } from '@aws-sdk/client-organizations';
import { TestGatehouse } from './support/gatehouse.js';
import { CONSOLE_PASSWORD as PASSWORD, ConsoleClient } from './support/console.js';
import { REGION_DENY_SCP, organizationsClient, setUpConsoleOrganization, type ConsoleOrganization } from './support/console-organization.js';
import type { OrganizationView, OrgTreeNode } from '../src/console/api-organizations.js';

/** A node as the page shows it: kind, name, id, the names of its SCPs and RCPs (or the refusal), its children. */
interface Shown { kind: string; name: string; id: string; management?: true; scps: string[] | string; rcps: string[] | string; children?: Shown[] }
function shown(n: OrgTreeNode): Shown {
  const names = (type: string) => {
    const p = n.policies.find((x) => x.type === type)!;
    return p.error ? p.error.code : p.enabled ? p.attached!.map((a) => a.name).sort() : 'not enabled';
  };
  return {
    kind: n.kind, name: n.name, id: n.id, ...(n.management ? { management: true as const } : {}),
    scps: names('SERVICE_CONTROL_POLICY'), rcps: names('RESOURCE_CONTROL_POLICY'),
    ...(n.children ? { children: n.children.map(shown) } : {}),
  };
}

describe('console: the Organization page\'s API', () => {
  let gh: TestGatehouse;
  let o: ConsoleOrganization;
  let base: string;
  before(async () => {
    gh = await TestGatehouse.start({ accounts: ['mgmt', 'outsider'] });
    base = gh.server.url;
    o = await setUpConsoleOrganization(gh, 'mgmt');
    const iam = gh.iam(gh.root('mgmt'));
    // reader may read the tree but not the policies attached to it; nobody may read nothing of Organizations.
    for (const name of ['reader', 'nobody']) {
      await iam.send(new CreateUserCommand({ UserName: name }));
      await iam.send(new CreateLoginProfileCommand({ UserName: name, Password: PASSWORD }));
    }
    await iam.send(new PutUserPolicyCommand({
      UserName: 'reader', PolicyName: 'tree-only', PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['organizations:Describe*', 'organizations:List*'], Resource: '*' },
          { Effect: 'Deny', Action: 'organizations:ListPoliciesForTarget', Resource: '*' },
        ],
      }),
    }));
  });
  after(() => gh?.dispose());

  async function viewAs(userName: string): Promise<{ c: ConsoleClient; view: OrganizationView }> {
    const c = new ConsoleClient(base);
    assert.equal((await c.signIn('mgmt', userName, PASSWORD)).status, 200);
    const r = await c.get('organization');
    assert.equal(r.status, 200, JSON.stringify(r.json));
    return { c, view: r.json };
  }

  test('the management account\'s administrator sees root → OU → account, the management account, and each node\'s SCPs and RCPs', async () => {
    const { view } = await viewAs('admin');
    assert.equal(view.refusal, undefined);
    assert.deepEqual(view.organization, {
      id: o.orgId, arn: `arn:aws:organizations::${o.managementId}:organization/${o.orgId}`, featureSet: 'ALL',
      managementAccountId: o.managementId, managementAccountLabel: 'mgmt', managementAccountEmail: view.organization!.managementAccountEmail,
    });
    const defaults = { scps: ['FullAWSAccess'], rcps: ['RCPFullAWSAccess'] };
    assert.deepEqual(shown(view.root!), {
      kind: 'ROOT', name: 'Root', id: o.rootId, ...defaults,
      children: [
        { kind: 'ORGANIZATIONAL_UNIT', name: 'workloads', id: o.ouId, scps: ['FullAWSAccess', 'deny-other-regions'].sort(), rcps: ['RCPFullAWSAccess'],
          children: [{ kind: 'ACCOUNT', name: 'prod', id: o.prodId, ...defaults }] },
        { kind: 'ACCOUNT', name: 'mgmt', id: o.managementId, management: true, ...defaults },
      ],
    });
    const ou = view.root!.children![0];
    const scp = ou.policies[0].attached!.find((p) => p.name === 'deny-other-regions')!;
    assert.deepEqual(scp, { id: o.scpId, name: 'deny-other-regions', arn: `arn:aws:organizations::${o.managementId}:policy/${o.orgId}/service_control_policy/${o.scpId}`, awsManaged: false });
    assert.equal(ou.policies[0].attached!.find((p) => p.name === 'FullAWSAccess')!.arn, 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess');
    const prod = ou.children![0];
    assert.deepEqual([prod.email, prod.status, prod.joinedMethod, prod.arn], ['prod@example.com', 'ACTIVE', 'CREATED', `arn:aws:organizations::${o.managementId}:account/${o.orgId}/${o.prodId}`]);
  });

  test('switched into prod\'s OrganizationAccountAccessRole, the page is prod\'s: a member account, refused the tree with AWS\'s AccessDeniedException', async () => {
    const { c } = await viewAs('admin');
    const switched = await c.post('switch-role', { account: o.prodId, roleName: 'OrganizationAccountAccessRole', displayName: 'prod' });
    assert.equal(switched.status, 200, JSON.stringify(switched.json));
    assert.equal(switched.json.role.arn, `arn:aws:sts::${o.prodId}:assumed-role/OrganizationAccountAccessRole/admin`);
    const view: OrganizationView = (await c.get('organization')).json;
    assert.equal(view.account, o.prodId);
    assert.equal(view.organization!.managementAccountId, o.managementId, 'DescribeOrganization works from a member');
    assert.equal(view.root, undefined);
    assert.equal(view.refusal!.code, 'AccessDeniedException');
  });

  test('an identity may read the tree but not the policies: each node carries IAM\'s refusal of ListPoliciesForTarget instead', async () => {
    const { view } = await viewAs('reader');
    const s = shown(view.root!);
    assert.deepEqual(s.children!.map((n) => n.name), ['workloads', 'mgmt']);
    const refused = view.root!.policies[0].error!;
    assert.match(refused.code, /^AccessDenied/);
    assert.match(refused.message, new RegExp(`arn:aws:iam::${o.managementId}:user/reader is not authorized to perform: organizations:ListPoliciesForTarget`));
    assert.match(refused.message, /explicit deny/);
  });

  test('an identity with no Organizations permission gets IAM\'s refusal of DescribeOrganization and no tree', async () => {
    const { view } = await viewAs('nobody');
    assert.deepEqual([view.organization, view.root], [undefined, undefined]);
    assert.match(view.refusal!.code, /^AccessDenied/);
    assert.match(view.refusal!.message, /is not authorized to perform: organizations:DescribeOrganization/);
  });

  test('an account outside any organization is told so with AWSOrganizationsNotInUseException', async () => {
    const c = new ConsoleClient(base);
    const root = gh.root('outsider');
    assert.equal((await c.post('signin', { signInType: 'root', accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey })).status, 200);
    const view: OrganizationView = (await c.get('organization')).json;
    assert.equal(view.accountLabel, 'outsider');
    assert.equal(view.refusal!.code, 'AWSOrganizationsNotInUseException');
    assert.equal(view.root, undefined);
  });

  test('a policy of the tree: its document pretty-printed and its targets (DescribePolicy, ListTargetsForPolicy); AWS\'s refusals as they came', async () => {
    const { c } = await viewAs('admin');
    const scp = await c.get(`organization/policies/${o.scpId}`);
    assert.equal(scp.status, 200, JSON.stringify(scp.json));
    assert.deepEqual(scp.json, {
      policy: {
        id: o.scpId, name: 'deny-other-regions', arn: `arn:aws:organizations::${o.managementId}:policy/${o.orgId}/service_control_policy/${o.scpId}`,
        type: 'SERVICE_CONTROL_POLICY', description: 'Only eu-west-1', awsManaged: false, content: JSON.stringify(JSON.parse(REGION_DENY_SCP), null, 2),
      },
      targets: { value: [{ id: o.ouId, name: 'workloads', type: 'ORGANIZATIONAL_UNIT', arn: `arn:aws:organizations::${o.managementId}:ou/${o.orgId}/${o.ouId}` }] },
    });
    const full = await c.get('organization/policies/p-FullAWSAccess');
    assert.equal(full.json.policy.awsManaged, true);
    assert.deepEqual(full.json.targets.value.map((t: { id: string }) => t.id).sort(), [o.rootId, o.ouId, o.prodId, o.managementId].sort());
    const unknown = await c.get('organization/policies/p-0000000000');
    assert.deepEqual([unknown.status, unknown.json.code], [404, 'PolicyNotFoundException'], 'its status from the model (@httpError 404)');
    const malformed = await c.get('organization/policies/not-a-policy');
    assert.deepEqual([malformed.status, malformed.json.code], [400, 'InvalidInputException']);

    const nobody = await (await viewAs('nobody')).c.get(`organization/policies/${o.scpId}`);
    assert.equal(nobody.status, 403);
    assert.match(nobody.json.message, /is not authorized to perform: organizations:DescribePolicy/);
  });

  test('a move shows on the next read: prod back under the root', async () => {
    await organizationsClient(gh, gh.root('mgmt')).send(new MoveAccountCommand({ AccountId: o.prodId, SourceParentId: o.ouId, DestinationParentId: o.rootId }));
    try {
      const { view } = await viewAs('admin');
      const s = shown(view.root!);
      assert.deepEqual(s.children!.map((n) => n.name), ['workloads', 'mgmt', 'prod']);
      assert.deepEqual(s.children![0].children, []);
    } finally {
      await organizationsClient(gh, gh.root('mgmt')).send(new MoveAccountCommand({ AccountId: o.prodId, SourceParentId: o.rootId, DestinationParentId: o.ouId }));
    }
  });

  test('a parent with more children than one page of ListOrganizationalUnitsForParent (20) shows them all', async () => {
    const org = organizationsClient(gh, gh.root('mgmt'));
    const many = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: o.rootId, Name: 'many' }))).OrganizationalUnit!.Id!;
    const names = Array.from({ length: 23 }, (_, i) => `team-${String(i).padStart(2, '0')}`);
    for (const Name of names) await org.send(new CreateOrganizationalUnitCommand({ ParentId: many, Name }));
    const { view } = await viewAs('admin');
    const shownMany = view.root!.children!.find((n) => n.id === many)!;
    assert.deepEqual(shownMany.children!.map((n) => n.name), names);
    assert.ok(shownMany.children!.every((n) => n.policies[0].attached!.map((p) => p.name).join() === 'FullAWSAccess'));
  });
});
