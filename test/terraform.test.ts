/**
 * The bastion scenario's Terraform (test/terraform/scenario/), unchanged, against Gatehouse with the hashicorp/aws
 * provider from the machine's filesystem mirror: apply, an empty plan,
 * the CLI steps on what it made, destroy. Runs wherever terraform is installed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ListPoliciesCommand, ListRolesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { CreateAccessKeyCommand, DeleteAccessKeyCommand } from '@aws-sdk/client-iam';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import type { TestGatehouse } from './support/gatehouse.js';
import { TerraformWorkspace, terraformMissing } from './support/terraform.js';

describe('the scenario Terraform applies, plans empty and destroys', async () => {
  const skip = await terraformMissing();
  let ws: TerraformWorkspace;
  let gh: TestGatehouse;

  before(async () => {
    if (skip) return;
    ws = await TerraformWorkspace.open('scenario');
    gh = ws.gh;
  });
  after(async () => {
    if (!skip) await ws.dispose();
  });

  test('init and apply', { skip }, async () => {
    await ws.initAndApply(6);

    const prodRoles = await gh.iam(gh.root('prod')).send(new ListRolesCommand({}));
    assert.deepEqual(prodRoles.Roles!.map((r) => r.RoleName), ['s3-list-role']);
    const users = await gh.iam(gh.root('utils')).send(new ListUsersCommand({}));
    assert.deepEqual(users.Users!.map((u) => u.UserName), ['random_user']);
  });

  test('a following plan shows no changes', { skip }, async () => {
    await ws.planShowsNoChanges();
  });

  test('what Terraform made works: random_user assumes the role and lists prod buckets', { skip }, async () => {
    const utils = gh.iam(gh.root('utils'));
    const key = (await utils.send(new CreateAccessKeyCommand({ UserName: 'random_user' }))).AccessKey!;
    const role = (await gh.iam(gh.root('prod')).send(new ListRolesCommand({}))).Roles![0];
    const out = await gh.sts({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! })
      .send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: 'tf' }));
    const c = out.Credentials!;
    const buckets = await gh.s3({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }).send(new ListBucketsCommand({}));
    assert.deepEqual(buckets.Buckets, []);
    await utils.send(new DeleteAccessKeyCommand({ UserName: 'random_user', AccessKeyId: key.AccessKeyId }));
  });

  test('destroy removes everything', { skip }, async () => {
    await ws.destroy(6);
    for (const account of ['utils', 'prod']) {
      const iam = gh.iam(gh.root(account));
      assert.deepEqual((await iam.send(new ListUsersCommand({}))).Users, []);
      assert.deepEqual((await iam.send(new ListRolesCommand({}))).Roles, []);
      assert.deepEqual((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies, []);
    }
  });

  test('every operation the provider called is implemented', { skip }, (t) => {
    const missing = ws.unimplemented();
    assert.deepEqual(missing, []);
    const called = ws.called();
    t.diagnostic(`provider called: ${called.join(', ')}`);
    const failed = ws.calls.filter((c) => c.status >= 400).map((c) => `${c.service}:${c.operation} ${c.code}`);
    t.diagnostic(`errors answered (expected ones, e.g. reads after destroy): ${[...new Set(failed)].join(', ') || 'none'}`);
    assert.ok(called.includes('iam:CreateRole') && called.includes('sts:GetCallerIdentity') && !called.includes('sts:AssumeRole'), called.join(', '));
  });
});
