/**
 * The organization's tree and tags through real clients: OUs nested to AWS's five levels, ListChildren /
 * ListParents, renames, duplicate names, deletes only when empty, accounts moved between OUs, tags on
 * roots, OUs, accounts and policies with AWS's limits, management-only rules — each error with AWS's code,
 * and nothing changed by a refused request.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OrganizationsClient, AttachPolicyCommand, CreateAccountCommand, CreateOrganizationCommand, CreateOrganizationalUnitCommand, CreatePolicyCommand,
  DeleteOrganizationalUnitCommand, DeletePolicyCommand, DescribeCreateAccountStatusCommand, DescribeOrganizationalUnitCommand, EnablePolicyTypeCommand, ListChildrenCommand,
  ListOrganizationalUnitsForParentCommand, ListParentsCommand, ListPoliciesForTargetCommand, ListRootsCommand,
  ListTagsForResourceCommand, ListTargetsForPolicyCommand, MoveAccountCommand, TagResourceCommand, UntagResourceCommand,
  UpdateOrganizationalUnitCommand, type Tag,
} from '@aws-sdk/client-organizations';
import { AttachUserPolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { createRequire } from 'node:module';
import { TestGatehouse, run, which, type Credentials } from './support/gatehouse.js';
import { rejects as rejectsWith } from './support/errors.js';

const organizationsModel = createRequire(import.meta.url)('@aws-sdk/client-organizations') as Record<string, unknown[]>;
/** Fails as AWS fails it: the error's name, the HTTP status its model gives it and, when given, the message. */
const rejects = (p: Promise<unknown>, name: string, message?: string | RegExp) =>
  rejectsWith(p, name, (organizationsModel[`${name}$`][3] as { httpError: number }).httpError, message);

describe('Organizations: OUs, the tree, moves and tags', async () => {
  const hasAws = await which('aws');
  let gh: TestGatehouse;
  let org: OrganizationsClient;
  let orgId: string;
  let rootId: string;
  let mgmt: string;
  let prod: string;
  let dev: string;

  const client = (creds: Credentials) => new OrganizationsClient({ endpoint: gh.server.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
  const createOu = async (ParentId: string, Name: string, Tags?: Tag[]) =>
    (await org.send(new CreateOrganizationalUnitCommand({ ParentId, Name, Tags }))).OrganizationalUnit!;
  const ousUnder = async (ParentId: string) =>
    (await org.send(new ListOrganizationalUnitsForParentCommand({ ParentId }))).OrganizationalUnits!.map((o) => o.Name);
  const children = async (ParentId: string, ChildType: 'ACCOUNT' | 'ORGANIZATIONAL_UNIT') =>
    (await org.send(new ListChildrenCommand({ ParentId, ChildType }))).Children!.map((c) => c.Id);
  const parentOf = async (ChildId: string) => (await org.send(new ListParentsCommand({ ChildId }))).Parents!;
  const tagsOf = async (ResourceId: string) => (await org.send(new ListTagsForResourceCommand({ ResourceId }))).Tags;
  /** An id of AWS's form that names nothing in this organization. */
  const unknownOu = () => `ou-${rootId.slice(2)}-zzzzzzzz`;

  async function createAccount(name: string): Promise<string> {
    const started = (await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))).CreateAccountStatus!;
    const status = (await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: started.Id! }))).CreateAccountStatus!;
    assert.equal(status.State, 'SUCCEEDED');
    return status.AccountId!;
  }

  before(async () => {
    gh = await TestGatehouse.start({ accounts: ['mgmt', 'outsider'] });
    mgmt = gh.account('mgmt').id;
    org = client(gh.root('mgmt'));
    orgId = (await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!.Id!;
    rootId = (await org.send(new ListRootsCommand({}))).Roots![0].Id!;
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    prod = await createAccount('prod');
    dev = await createAccount('dev');
  });
  after(() => gh.dispose());

  test('OUs nest five levels under the root; the sixth is refused (OU_DEPTH_LIMIT_EXCEEDED) and not created', async () => {
    const levels: string[] = [];
    let parent = rootId;
    for (let level = 1; level <= 5; level++) {
      const ou = await createOu(parent, `level-${level}`);
      assert.match(ou.Id!, new RegExp(`^ou-${rootId.slice(2)}-[a-z0-9]{8,32}$`));
      assert.equal(ou.Arn, `arn:aws:organizations::${mgmt}:ou/${orgId}/${ou.Id}`);
      levels.push(ou.Id!);
      assert.equal(ou.Path, `${orgId}/${rootId}/${levels.join('/')}/`);
      parent = ou.Id!;
    }
    const refused = await rejects(org.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: 'level-6' })), 'ConstraintViolationException');
    assert.equal((refused as any).Reason, 'OU_DEPTH_LIMIT_EXCEEDED');
    assert.deepEqual(await ousUnder(parent), []);

    const described = (await org.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: levels[2] }))).OrganizationalUnit!;
    assert.deepEqual(described, { Id: levels[2], Arn: `arn:aws:organizations::${mgmt}:ou/${orgId}/${levels[2]}`, Name: 'level-3', Path: `${orgId}/${rootId}/${levels.slice(0, 3).join('/')}/` });
    assert.deepEqual(await parentOf(levels[2]), [{ Id: levels[1], Type: 'ORGANIZATIONAL_UNIT' }]);
    assert.deepEqual(await parentOf(levels[0]), [{ Id: rootId, Type: 'ROOT' }]);
    assert.deepEqual(await parentOf(prod), [{ Id: rootId, Type: 'ROOT' }]);
    assert.ok((await children(rootId, 'ORGANIZATIONAL_UNIT')).includes(levels[0]));
    assert.deepEqual((await children(rootId, 'ACCOUNT')).sort(), [mgmt, prod, dev].sort());
    assert.deepEqual(await children(levels[0], 'ORGANIZATIONAL_UNIT'), [levels[1]]);
    assert.deepEqual(await children(levels[0], 'ACCOUNT'), []);

    await rejects(org.send(new ListParentsCommand({ ChildId: unknownOu() })), 'ChildNotFoundException');
    await rejects(org.send(new ListParentsCommand({ ChildId: gh.account('outsider').id })), 'ChildNotFoundException');
    await rejects(org.send(new ListChildrenCommand({ ParentId: unknownOu(), ChildType: 'ACCOUNT' })), 'ParentNotFoundException');
    const badEnum = await rejects(org.send(new ListChildrenCommand({ ParentId: rootId, ChildType: 'POLICY' as never })), 'InvalidInputException');
    assert.equal((badEnum as any).Reason, 'INVALID_ENUM');
    const badId = await rejects(org.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: 'ou-12' })), 'InvalidInputException',
      'You provided a value that does not match the required pattern.');
    assert.equal((badId as any).Reason, 'INVALID_PATTERN');

    // Deleted from the bottom up, each only once it is empty.
    await rejects(org.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: levels[3] })), 'OrganizationalUnitNotEmptyException');
    for (const id of [...levels].reverse()) await org.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: id }));
    await rejects(org.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: levels[0] })), 'OrganizationalUnitNotFoundException',
      "We can't find an OU with the OrganizationalUnitId that you specified.");
  });

  test('names are unique under one parent: creating or renaming onto a sibling\'s name is refused and changes nothing', async () => {
    const workloads = await createOu(rootId, 'Workloads');
    await rejects(org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' })), 'DuplicateOrganizationalUnitException',
      'An OU with the same name already exists.');
    await createOu(workloads.Id!, 'Workloads'); // another parent: allowed
    const sandbox = await createOu(rootId, 'Sandbox');
    await rejects(org.send(new UpdateOrganizationalUnitCommand({ OrganizationalUnitId: sandbox.Id!, Name: 'Workloads' })), 'DuplicateOrganizationalUnitException');
    assert.equal((await org.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: sandbox.Id! }))).OrganizationalUnit!.Name, 'Sandbox');

    const renamed = (await org.send(new UpdateOrganizationalUnitCommand({ OrganizationalUnitId: sandbox.Id!, Name: 'Playground' }))).OrganizationalUnit!;
    assert.deepEqual(renamed, { ...sandbox, Name: 'Playground' });
    assert.deepEqual((await ousUnder(rootId)).sort(), ['Playground', 'Workloads']);
    // Renaming to its own name is no change, not a duplicate.
    await org.send(new UpdateOrganizationalUnitCommand({ OrganizationalUnitId: sandbox.Id!, Name: 'Playground' }));

    await rejects(org.send(new UpdateOrganizationalUnitCommand({ OrganizationalUnitId: unknownOu(), Name: 'x' })), 'OrganizationalUnitNotFoundException');
    await rejects(org.send(new CreateOrganizationalUnitCommand({ ParentId: unknownOu(), Name: 'orphan' })), 'ParentNotFoundException',
      "We can't find a root or OU with the ParentId that you specified.");
    const long = await rejects(org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'n'.repeat(129) })), 'InvalidInputException');
    assert.equal((long as any).Reason, 'MAX_LENGTH_EXCEEDED');
    const empty = await rejects(org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: '' })), 'InvalidInputException');
    assert.equal((empty as any).Reason, 'MIN_LENGTH_EXCEEDED');
    assert.deepEqual((await ousUnder(rootId)).sort(), ['Playground', 'Workloads']);
  });

  test('ListChildren and ListOrganizationalUnitsForParent page by MaxResults and NextToken', async () => {
    const parent = await createOu(rootId, 'paged');
    const made = [];
    for (const name of ['a', 'b', 'c']) made.push((await createOu(parent.Id!, name)).Id);
    const first = await org.send(new ListChildrenCommand({ ParentId: parent.Id!, ChildType: 'ORGANIZATIONAL_UNIT', MaxResults: 2 }));
    assert.equal(first.Children!.length, 2);
    assert.ok(first.NextToken);
    const rest = await org.send(new ListChildrenCommand({ ParentId: parent.Id!, ChildType: 'ORGANIZATIONAL_UNIT', MaxResults: 2, NextToken: first.NextToken }));
    assert.equal(rest.NextToken, undefined);
    assert.deepEqual([...first.Children!, ...rest.Children!].map((c) => c.Id), made);
    const ous = await org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parent.Id!, MaxResults: 1 }));
    assert.deepEqual(ous.OrganizationalUnits!.map((o) => o.Name), ['a']);
    const tooMany = await rejects(org.send(new ListChildrenCommand({ ParentId: parent.Id!, ChildType: 'ACCOUNT', MaxResults: 21 })), 'InvalidInputException');
    assert.equal((tooMany as any).Reason, 'MAX_VALUE_EXCEEDED');
    const forged = await rejects(org.send(new ListChildrenCommand({ ParentId: parent.Id!, ChildType: 'ACCOUNT', NextToken: 'forged' })), 'InvalidInputException');
    assert.equal((forged as any).Reason, 'INVALID_NEXT_TOKEN');
  });

  test('MoveAccount between the root and OUs, with AWS\'s errors; a refused move leaves the account where it was', async () => {
    const a = await createOu(rootId, 'move-a');
    const b = await createOu(rootId, 'move-b');
    await org.send(new MoveAccountCommand({ AccountId: dev, SourceParentId: rootId, DestinationParentId: a.Id! }));
    assert.deepEqual(await parentOf(dev), [{ Id: a.Id, Type: 'ORGANIZATIONAL_UNIT' }]);
    assert.deepEqual(await children(a.Id!, 'ACCOUNT'), [dev]);
    assert.ok(!(await children(rootId, 'ACCOUNT')).includes(dev));

    await rejects(org.send(new MoveAccountCommand({ AccountId: dev, SourceParentId: a.Id!, DestinationParentId: a.Id! })), 'DuplicateAccountException',
      'That account is already present in the specified destination.');
    await rejects(org.send(new MoveAccountCommand({ AccountId: dev, SourceParentId: rootId, DestinationParentId: b.Id! })), 'SourceParentNotFoundException');
    await rejects(org.send(new MoveAccountCommand({ AccountId: dev, SourceParentId: unknownOu(), DestinationParentId: b.Id! })), 'SourceParentNotFoundException');
    await rejects(org.send(new MoveAccountCommand({ AccountId: dev, SourceParentId: a.Id!, DestinationParentId: unknownOu() })), 'DestinationParentNotFoundException');
    await rejects(org.send(new MoveAccountCommand({ AccountId: gh.account('outsider').id, SourceParentId: rootId, DestinationParentId: b.Id! })), 'AccountNotFoundException');
    await rejects(org.send(new MoveAccountCommand({ AccountId: '999999999999', SourceParentId: rootId, DestinationParentId: b.Id! })), 'AccountNotFoundException');
    const badAccount = await rejects(org.send(new MoveAccountCommand({ AccountId: '12345', SourceParentId: rootId, DestinationParentId: b.Id! })), 'InvalidInputException');
    assert.equal((badAccount as any).Reason, 'INVALID_PATTERN');
    assert.deepEqual(await parentOf(dev), [{ Id: a.Id, Type: 'ORGANIZATIONAL_UNIT' }]);

    await org.send(new MoveAccountCommand({ AccountId: dev, SourceParentId: a.Id!, DestinationParentId: b.Id! }));
    assert.deepEqual(await children(b.Id!, 'ACCOUNT'), [dev]);
    await rejects(org.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: b.Id! })), 'OrganizationalUnitNotEmptyException',
      'The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.');
    await org.send(new MoveAccountCommand({ AccountId: dev, SourceParentId: b.Id!, DestinationParentId: rootId }));
    await org.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: b.Id! }));
    assert.deepEqual(await parentOf(dev), [{ Id: rootId, Type: 'ROOT' }]);
  });

  test('a new OU gets the AWS-managed FullAWSAccess while SCPs are enabled; deleting it removes its attachments and tags', async () => {
    const ou = await createOu(rootId, 'short-lived', [{ Key: 'team', Value: 'platform' }]);
    const policies = async () => (await org.send(new ListPoliciesForTargetCommand({ TargetId: ou.Id!, Filter: 'SERVICE_CONTROL_POLICY' }))).Policies!.map((p) => p.Id);
    assert.deepEqual(await policies(), ['p-FullAWSAccess']);
    const scp = (await org.send(new CreatePolicyCommand({
      Name: 'no-leaving', Description: '', Type: 'SERVICE_CONTROL_POLICY',
      Content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] }),
    }))).Policy!.PolicySummary!.Id!;
    await org.send(new AttachPolicyCommand({ PolicyId: scp, TargetId: ou.Id! }));
    assert.deepEqual(await policies(), ['p-FullAWSAccess', scp]);
    assert.deepEqual(await tagsOf(ou.Id!), [{ Key: 'team', Value: 'platform' }]);

    await org.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: ou.Id! }));
    assert.deepEqual((await org.send(new ListTargetsForPolicyCommand({ PolicyId: scp }))).Targets, []);
    await org.send(new DeletePolicyCommand({ PolicyId: scp })); // refused (PolicyInUseException) while any attachment remains
    await rejects(org.send(new ListTagsForResourceCommand({ ResourceId: ou.Id! })), 'TargetNotFoundException');
    await rejects(org.send(new ListPoliciesForTargetCommand({ TargetId: ou.Id!, Filter: 'SERVICE_CONTROL_POLICY' })), 'TargetNotFoundException');
  });

  test('tags on the root, an OU, an account and a policy: added, overwritten, listed in order, removed', async () => {
    const ou = await createOu(rootId, 'tagged');
    const policyId = (await org.send(new CreatePolicyCommand({
      Name: 'deny-leave', Description: '', Type: 'SERVICE_CONTROL_POLICY',
      Content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] }),
    }))).Policy!.PolicySummary!.Id!;
    for (const id of [rootId, ou.Id!, prod, policyId]) {
      await org.send(new TagResourceCommand({ ResourceId: id, Tags: [{ Key: 'env', Value: 'test' }, { Key: 'owner', Value: '' }] }));
      await org.send(new TagResourceCommand({ ResourceId: id, Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'cost-centre', Value: '42' }] }));
      assert.deepEqual(await tagsOf(id), [{ Key: 'env', Value: 'prod' }, { Key: 'owner', Value: '' }, { Key: 'cost-centre', Value: '42' }], id);
      await org.send(new UntagResourceCommand({ ResourceId: id, TagKeys: ['owner', 'absent'] }));
      assert.deepEqual(await tagsOf(id), [{ Key: 'env', Value: 'prod' }, { Key: 'cost-centre', Value: '42' }], id);
    }
  });

  test('tag limits and errors: 50 a resource, aws: reserved, unique keys, AWS\'s patterns, unknown and AWS-managed targets; a refused request changes nothing', async () => {
    const ou = await createOu(rootId, 'limits');
    const fifty = Array.from({ length: 50 }, (_, n) => ({ Key: `k${n}`, Value: `v${n}` }));
    await org.send(new TagResourceCommand({ ResourceId: ou.Id!, Tags: fifty }));
    const full = await rejects(org.send(new TagResourceCommand({ ResourceId: ou.Id!, Tags: [{ Key: 'k50', Value: 'v' }] })), 'ConstraintViolationException',
      'You have exceeded the number of tags allowed on this resource.');
    assert.equal((full as any).Reason, 'MAX_TAG_LIMIT_EXCEEDED');
    await org.send(new TagResourceCommand({ ResourceId: ou.Id!, Tags: [{ Key: 'k0', Value: 'changed' }] })); // overwriting adds nothing
    const page = await org.send(new ListTagsForResourceCommand({ ResourceId: ou.Id! }));
    assert.equal(page.Tags!.length, 20);
    assert.deepEqual(page.Tags![0], { Key: 'k0', Value: 'changed' });
    const all = [...page.Tags!];
    for (let token = page.NextToken; token; ) {
      const next = await org.send(new ListTagsForResourceCommand({ ResourceId: ou.Id!, NextToken: token }));
      all.push(...next.Tags!);
      token = next.NextToken;
    }
    assert.deepEqual(all.map((t) => t.Key), fifty.map((t) => t.Key));

    const prodTags = await tagsOf(prod);
    const reason = async (p: Promise<unknown>, code: string, expected: string) => assert.equal(((await rejects(p, code)) as any).Reason, expected);
    await reason(org.send(new TagResourceCommand({ ResourceId: prod, Tags: [{ Key: 'aws:createdBy', Value: 'me' }] })), 'InvalidInputException', 'INVALID_SYSTEM_TAGS_PARAMETER');
    await reason(org.send(new TagResourceCommand({ ResourceId: prod, Tags: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] })), 'InvalidInputException', 'DUPLICATE_TAG_KEY');
    await reason(org.send(new TagResourceCommand({ ResourceId: prod, Tags: [{ Key: 'url', Value: 'https://x?y=1&z=2' }] })), 'InvalidInputException', 'INVALID_PATTERN');
    await reason(org.send(new TagResourceCommand({ ResourceId: prod, Tags: [{ Key: 'k'.repeat(129), Value: '' }] })), 'InvalidInputException', 'MAX_LENGTH_EXCEEDED');
    await reason(org.send(new TagResourceCommand({ ResourceId: 'p-FullAWSAccess', Tags: [{ Key: 'a', Value: '1' }] })), 'InvalidInputException', 'INVALID_PATTERN');
    await reason(org.send(new TagResourceCommand({ ResourceId: 'o-abcdefghij', Tags: [{ Key: 'a', Value: '1' }] })), 'InvalidInputException', 'INVALID_PATTERN');
    await rejects(org.send(new TagResourceCommand({ ResourceId: unknownOu(), Tags: [{ Key: 'a', Value: '1' }] })), 'TargetNotFoundException',
      "We can't find a root, OU, account, or policy with the TargetId that you specified.");
    await rejects(org.send(new TagResourceCommand({ ResourceId: gh.account('outsider').id, Tags: [{ Key: 'a', Value: '1' }] })), 'TargetNotFoundException');
    await rejects(org.send(new ListTagsForResourceCommand({ ResourceId: 'p-abcdefgh' })), 'TargetNotFoundException');
    await rejects(org.send(new UntagResourceCommand({ ResourceId: unknownOu(), TagKeys: ['a'] })), 'TargetNotFoundException');
    assert.deepEqual(await tagsOf(prod), prodTags);

    // Tags at creation follow the same rules, and a refused one creates nothing.
    await reason(org.send(new CreateOrganizationalUnitCommand({ ParentId: ou.Id!, Name: 'child', Tags: [{ Key: 'aws:x', Value: '' }] })), 'InvalidInputException', 'INVALID_SYSTEM_TAGS_PARAMETER');
    await reason(org.send(new CreateOrganizationalUnitCommand({ ParentId: ou.Id!, Name: 'child', Tags: Array.from({ length: 51 }, (_, n) => ({ Key: `k${n}`, Value: '' })) })),
      'ConstraintViolationException', 'MAX_TAG_LIMIT_EXCEEDED');
    assert.deepEqual(await ousUnder(ou.Id!), []);
  });

  test('only the management account: a member gets AccessDeniedException, an outsider AWSOrganizationsNotInUseException; tags at creation need organizations:TagResource', async () => {
    // The management account's admin reaches prod through the role CreateAccount made.
    const admin = await gh.userWithKey('mgmt', 'admin');
    await gh.iam(gh.root('mgmt')).send(new AttachUserPolicyCommand({ UserName: 'admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const session = (await gh.sts(admin).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${prod}:role/OrganizationAccountAccessRole`, RoleSessionName: 'ops' }))).Credentials!;
    const member = client({ accessKeyId: session.AccessKeyId!, secretAccessKey: session.SecretAccessKey!, sessionToken: session.SessionToken! });
    const denied = "You don't have permissions to access this resource.";
    await rejects(member.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'from-member' })), 'AccessDeniedException', denied);
    await rejects(member.send(new ListChildrenCommand({ ParentId: rootId, ChildType: 'ACCOUNT' })), 'AccessDeniedException', denied);
    await rejects(member.send(new ListParentsCommand({ ChildId: prod })), 'AccessDeniedException', denied);
    await rejects(member.send(new MoveAccountCommand({ AccountId: prod, SourceParentId: rootId, DestinationParentId: rootId })), 'AccessDeniedException', denied);
    await rejects(member.send(new TagResourceCommand({ ResourceId: prod, Tags: [{ Key: 'a', Value: '1' }] })), 'AccessDeniedException', denied);
    await rejects(member.send(new ListTagsForResourceCommand({ ResourceId: prod })), 'AccessDeniedException', denied);

    const outsider = client(gh.root('outsider'));
    await rejects(outsider.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'x' })), 'AWSOrganizationsNotInUseException');
    await rejects(outsider.send(new TagResourceCommand({ ResourceId: rootId, Tags: [{ Key: 'a', Value: '1' }] })), 'AWSOrganizationsNotInUseException');

    // A management user allowed to create OUs but not to tag: no OU with tags, but one without.
    const maker = await gh.userWithKey('mgmt', 'ou-maker');
    await gh.iam(gh.root('mgmt')).send(new PutUserPolicyCommand({ UserName: 'ou-maker', PolicyName: 'ous', PolicyDocument: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['organizations:CreateOrganizationalUnit', 'organizations:List*'], Resource: '*' }],
    }) }));
    const makerOrg = client(maker);
    const refused = await rejects(makerOrg.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'tagged-by-maker', Tags: [{ Key: 'a', Value: '1' }] })), 'AccessDeniedException');
    assert.match(refused.message, /is not authorized to perform: organizations:TagResource on resource: arn:aws:organizations::\d{12}:ou\//);
    assert.ok(!(await ousUnder(rootId)).includes('tagged-by-maker'));
    await makerOrg.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'made-by-maker' }));
    await rejects(makerOrg.send(new TagResourceCommand({ ResourceId: rootId, Tags: [{ Key: 'a', Value: '1' }] })), 'AccessDeniedException');
  });

  test('condition keys: aws:RequestTag and aws:TagKeys on tagging and creating, aws:ResourceTag of the OU, account, root or policy acted on', async () => {
    const tagged = await createOu(rootId, 'tag-conditions', [{ Key: 'env', Value: 'prod' }]);
    const plain = await createOu(rootId, 'tag-conditions-plain');
    const tagger = await gh.userWithKey('mgmt', 'tagger');
    await gh.iam(gh.root('mgmt')).send(new PutUserPolicyCommand({ UserName: 'tagger', PolicyName: 'tags', PolicyDocument: JSON.stringify({
      Version: '2012-10-17', Statement: [
        { Effect: 'Allow', Action: ['organizations:TagResource', 'organizations:CreateOrganizationalUnit'], Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/team': 'platform' } } },
        { Effect: 'Allow', Action: 'organizations:UntagResource', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } } },
        { Effect: 'Allow', Action: 'organizations:ListTagsForResource', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } },
        { Effect: 'Allow', Action: 'organizations:ListOrganizationalUnitsForParent', Resource: '*' },
      ],
    }) }));
    const as = client(tagger);
    await as.send(new TagResourceCommand({ ResourceId: plain.Id!, Tags: [{ Key: 'team', Value: 'platform' }] }));
    await rejects(as.send(new TagResourceCommand({ ResourceId: plain.Id!, Tags: [{ Key: 'team', Value: 'data' }] })), 'AccessDeniedException');
    await as.send(new UntagResourceCommand({ ResourceId: plain.Id!, TagKeys: ['team'] }));
    await rejects(as.send(new UntagResourceCommand({ ResourceId: tagged.Id!, TagKeys: ['env'] })), 'AccessDeniedException');
    assert.deepEqual((await as.send(new ListTagsForResourceCommand({ ResourceId: tagged.Id! }))).Tags, [{ Key: 'env', Value: 'prod' }]);
    await rejects(as.send(new ListTagsForResourceCommand({ ResourceId: plain.Id! })), 'AccessDeniedException');
    // Creating with tags: the create and the tagging both see the request's tags.
    await as.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'by-tagger', Tags: [{ Key: 'team', Value: 'platform' }] }));
    await rejects(as.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'by-tagger-2', Tags: [{ Key: 'team', Value: 'data' }] })), 'AccessDeniedException');
    await rejects(as.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'by-tagger-3' })), 'AccessDeniedException');
    assert.deepEqual((await ousUnder(rootId)).filter((n) => n!.startsWith('by-tagger')), ['by-tagger']);
  });

  test('the aws CLI: create-organizational-unit, list-children, list-parents, move-account, tag-resource, list-tags-for-resource and an error as AWS words it', { skip: !hasAws }, async () => {
    const aws = async (...args: string[]) => {
      const r = await run('aws', ['organizations', ...args, '--profile', 'mgmt', '--output', 'json'], gh.env());
      return { ...r, json: r.code === 0 && r.stdout.trim() ? JSON.parse(r.stdout) : undefined };
    };
    const ok = async (...args: string[]) => {
      const r = await aws(...args);
      assert.equal(r.code, 0, `aws organizations ${args.join(' ')}: ${r.stderr}`);
      return r.json;
    };
    const ou = (await ok('create-organizational-unit', '--parent-id', rootId, '--name', 'cli-ou', '--tags', 'Key=made-by,Value=cli')).OrganizationalUnit;
    assert.equal(ou.Path, `${orgId}/${rootId}/${ou.Id}/`);
    assert.ok((await ok('list-children', '--parent-id', rootId, '--child-type', 'ORGANIZATIONAL_UNIT')).Children.some((c: { Id: string }) => c.Id === ou.Id));
    await ok('move-account', '--account-id', prod, '--source-parent-id', rootId, '--destination-parent-id', ou.Id);
    assert.deepEqual((await ok('list-parents', '--child-id', prod)).Parents, [{ Id: ou.Id, Type: 'ORGANIZATIONAL_UNIT' }]);
    await ok('tag-resource', '--resource-id', ou.Id, '--tags', 'Key=env,Value=prod');
    assert.deepEqual((await ok('list-tags-for-resource', '--resource-id', ou.Id)).Tags, [{ Key: 'made-by', Value: 'cli' }, { Key: 'env', Value: 'prod' }]);
    const dup = await aws('create-organizational-unit', '--parent-id', rootId, '--name', 'cli-ou');
    assert.notEqual(dup.code, 0);
    assert.match(dup.stderr, /An error occurred \(DuplicateOrganizationalUnitException\) when calling the CreateOrganizationalUnit operation: An OU with the same name already exists\./);
    const notEmpty = await aws('delete-organizational-unit', '--organizational-unit-id', ou.Id);
    assert.match(notEmpty.stderr, /\(OrganizationalUnitNotEmptyException\) when calling the DeleteOrganizationalUnit operation/);
    await ok('move-account', '--account-id', prod, '--source-parent-id', ou.Id, '--destination-parent-id', rootId);
    await ok('delete-organizational-unit', '--organizational-unit-id', ou.Id);
  });
});
