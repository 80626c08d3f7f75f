/**
 * A target account's roles through Terraform's aws provider (filesystem
 * mirror, as test/terraform.test.ts): a boundary and an MFA-requiring trust
 * policy, an AWS managed policy attachment, an instance profile, an OIDC
 * provider, a service-linked role and the account alias; apply, an empty
 * plan, destroy, nothing left, and no provider call unimplemented.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GetInstanceProfileCommand, GetRoleCommand, ListAccountAliasesCommand, ListAttachedRolePoliciesCommand, ListInstanceProfilesCommand,
  ListOpenIDConnectProvidersCommand, ListPoliciesCommand, ListRolesCommand, GetOpenIDConnectProviderCommand,
} from '@aws-sdk/client-iam';
import type { TestGatehouse } from './support/gatehouse.js';
import { TerraformWorkspace, terraformMissing } from './support/terraform.js';

const RESOURCES = 9;

describe('Terraform manages a target account\'s roles, instance profiles, OIDC provider and alias', async () => {
  const skip = await terraformMissing();
  let ws: TerraformWorkspace;
  let gh: TestGatehouse;
  const iam = () => gh.iam(gh.root('prod'));

  before(async () => {
    if (skip) return;
    ws = await TerraformWorkspace.open('iam-roles');
    gh = ws.gh;
  });
  after(async () => {
    if (!skip) await ws.dispose();
  });

  test('init and apply', { skip }, async () => {
    await ws.initAndApply(RESOURCES);

    const prodId = gh.account('prod').id;
    const ops = (await iam().send(new GetRoleCommand({ RoleName: 'ops-admin' }))).Role!;
    assert.equal(ops.PermissionsBoundary!.PermissionsBoundaryArn, `arn:aws:iam::${prodId}:policy/ops-boundary`);
    assert.deepEqual(JSON.parse(decodeURIComponent(ops.AssumeRolePolicyDocument!)).Statement[0].Condition, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
    assert.deepEqual((await iam().send(new ListAttachedRolePoliciesCommand({ RoleName: 'ops-admin' }))).AttachedPolicies,
      [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }]);
    const profile = (await iam().send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' }))).InstanceProfile!;
    assert.deepEqual(profile.Roles!.map((r) => r.RoleName), ['web']);
    const oidcArn = `arn:aws:iam::${prodId}:oidc-provider/token.actions.githubusercontent.com`;
    assert.deepEqual((await iam().send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: oidcArn }))).ClientIDList, ['sts.amazonaws.com']);
    assert.equal((await iam().send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForAutoScaling' }))).Role!.Path, '/aws-service-role/autoscaling.amazonaws.com/');
    assert.deepEqual((await iam().send(new ListAccountAliasesCommand({}))).AccountAliases, ['gatehouse-prod-example']);
  });

  test('a following plan shows no changes', { skip }, async () => {
    await ws.planShowsNoChanges();
  });

  test('destroy removes everything', { skip }, async () => {
    await ws.destroy(RESOURCES);
    assert.deepEqual((await iam().send(new ListRolesCommand({}))).Roles, []);
    assert.deepEqual((await iam().send(new ListInstanceProfilesCommand({}))).InstanceProfiles, []);
    assert.deepEqual((await iam().send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList, []);
    assert.deepEqual((await iam().send(new ListAccountAliasesCommand({}))).AccountAliases, []);
    assert.deepEqual((await iam().send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies, []);
  });

  test('every operation the provider called is implemented', { skip }, (t) => {
    const missing = ws.unimplemented();
    assert.deepEqual(missing, []);
    const called = ws.called();
    t.diagnostic(`provider called: ${called.join(', ')}`);
    const failed = ws.calls.filter((c) => c.status >= 400).map((c) => `${c.service}:${c.operation} ${c.code}`);
    t.diagnostic(`errors answered (expected ones, e.g. reads after destroy): ${[...new Set(failed)].join(', ') || 'none'}`);
    for (const op of ['iam:CreateInstanceProfile', 'iam:AddRoleToInstanceProfile', 'iam:CreateOpenIDConnectProvider', 'iam:CreateServiceLinkedRole',
      'iam:DeleteServiceLinkedRole', 'iam:CreateAccountAlias', 'iam:GetPolicyVersion']) {
      assert.ok(called.includes(op), `${op} not called: ${called.join(', ')}`);
    }
  });
});
