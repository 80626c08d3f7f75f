/**
 * A bastion account's users in Terraform: groups, memberships from both
 * sides, group policies, login profiles under a password policy. Apply, an
 * empty plan, credentials added behind Terraform's back, then a destroy
 * (force_destroy) that leaves nothing, with no provider call unimplemented.
 * Runs wherever terraform and its provider mirror are installed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import {
  CreateAccessKeyCommand, CreateServiceSpecificCredentialCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand,
  GetAccountPasswordPolicyCommand, GetGroupCommand, GetLoginProfileCommand, ListAttachedGroupPoliciesCommand, ListGroupPoliciesCommand,
  ListGroupsCommand, ListGroupsForUserCommand, ListPoliciesCommand, ListUsersCommand, ListVirtualMFADevicesCommand,
  UploadSigningCertificateCommand, UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import { Secret, TOTP } from 'otpauth';
import type { TestGatehouse } from './support/gatehouse.js';
import { TerraformWorkspace, terraformMissing } from './support/terraform.js';
import { CERT_A } from './support/certificates.js';
import { verifyPassword } from '../src/services/iam/public.js';

describe('Terraform manages users, groups, memberships, group policies and login profiles', async () => {
  const skip = await terraformMissing();
  let ws: TerraformWorkspace;
  let gh: TestGatehouse;
  const iam = () => gh.iam(gh.root('utils'));

  before(async () => {
    if (skip) return;
    ws = await TerraformWorkspace.open('iam-users', ['utils']);
    gh = ws.gh;
  });
  after(async () => {
    if (!skip) await ws.dispose();
  });

  test('init and apply', { skip }, async () => {
    await ws.initAndApply(11);

    const admins = await iam().send(new GetGroupCommand({ GroupName: 'admins' }));
    assert.deepEqual(admins.Users!.map((u) => u.UserName), ['alice']);
    assert.deepEqual((await iam().send(new ListGroupsForUserCommand({ UserName: 'bob' }))).Groups!.map((g) => g.GroupName), ['readers']);
    assert.deepEqual((await iam().send(new ListGroupPoliciesCommand({ GroupName: 'readers' }))).PolicyNames, ['read-iam']);
    assert.deepEqual((await iam().send(new ListAttachedGroupPoliciesCommand({ GroupName: 'admins' }))).AttachedPolicies!.map((p) => p.PolicyName), ['assume-any-role']);
    assert.equal((await iam().send(new GetLoginProfileCommand({ UserName: 'alice' }))).LoginProfile!.PasswordResetRequired, true);
    assert.equal((await iam().send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy!.MinimumPasswordLength, 14);

    // The password Terraform generated is in its state, and is alice's.
    const state = JSON.parse((await ws.tf('show', '-json')).stdout);
    const profile = state.values.root_module.resources.find((r: { address: string }) => r.address === 'aws_iam_user_login_profile.alice');
    assert.equal(verifyPassword(gh.server.runtime.store, gh.account('utils').id, 'alice', profile.values.password), true);
  });

  test('a following plan shows no changes', { skip }, async () => {
    await ws.planShowsNoChanges();
  });

  test('destroy removes the users with credentials made outside Terraform, and everything else', { skip }, async () => {
    // What people add by hand after Terraform made the users: keys, MFA, SSH keys, certificates, service credentials.
    await iam().send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    const dev = (await iam().send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'bob' }))).VirtualMFADevice!;
    const totp = new TOTP({ secret: Secret.fromBase32(Buffer.from(dev.Base32StringSeed!).toString()) });
    const now = Date.now();
    await iam().send(new EnableMFADeviceCommand({ UserName: 'bob', SerialNumber: dev.SerialNumber,
      AuthenticationCode1: totp.generate({ timestamp: now - 30_000 }), AuthenticationCode2: totp.generate({ timestamp: now }) }));
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'pem', type: 'spki' }) as string;
    await iam().send(new UploadSSHPublicKeyCommand({ UserName: 'bob', SSHPublicKeyBody: pem }));
    await iam().send(new UploadSigningCertificateCommand({ UserName: 'alice', CertificateBody: CERT_A }));
    await iam().send(new CreateServiceSpecificCredentialCommand({ UserName: 'alice', ServiceName: 'codecommit.amazonaws.com' }));

    await ws.destroy(11);
    assert.deepEqual((await iam().send(new ListUsersCommand({}))).Users, []);
    assert.deepEqual((await iam().send(new ListGroupsCommand({}))).Groups, []);
    assert.deepEqual((await iam().send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies, []);
    assert.deepEqual((await iam().send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices, []);
    await assert.rejects(iam().send(new GetAccountPasswordPolicyCommand({})), { name: 'NoSuchEntityException' });
  });

  test('every operation the provider called is implemented', { skip }, (t) => {
    const missing = ws.unimplemented();
    assert.deepEqual(missing, []);
    const called = new Set(ws.calls.map((c) => c.operation));
    t.diagnostic(`provider called: ${[...called].sort().join(', ')}`);
    for (const op of ['AddUserToGroup', 'GetGroup', 'ListGroupsForUser', 'CreateLoginProfile', 'DeleteLoginProfile',
      'ListSSHPublicKeys', 'DeleteSSHPublicKey', 'ListSigningCertificates', 'DeleteSigningCertificate', 'ListServiceSpecificCredentials',
      'DeleteServiceSpecificCredential', 'ListMFADevices', 'DeactivateMFADevice', 'DeleteVirtualMFADevice', 'DeleteAccessKey']) {
      assert.ok(called.has(op), `${op} not called; called: ${[...called].sort().join(', ')}`);
    }
  });
});
