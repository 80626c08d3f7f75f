/**
 * Groups, login profiles, the password policy and virtual MFA through the
 * real AWS CLI, reaching Gatehouse through the profile files the server wrote.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { TestGatehouse, cleanup, run, which } from './support/gatehouse.js';

describe('IAM groups and credentials through the AWS CLI', async () => {
  const skip = !(await which('aws')) && 'aws CLI not installed';
  let gh: TestGatehouse;
  let work: string;

  before(async () => {
    gh = await TestGatehouse.start({ accounts: ['utils'] });
    work = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
  });
  after(async () => {
    await gh.dispose();
    cleanup(work);
  });

  const aws = async (...args: string[]) => {
    const r = await run('aws', ['iam', ...args, '--profile', 'utils', '--output', 'json'], gh.env());
    return { ...r, json: r.code === 0 && r.stdout.trim() ? JSON.parse(r.stdout) : undefined };
  };
  const ok = async (...args: string[]) => {
    const r = await aws(...args);
    assert.equal(r.code, 0, `aws iam ${args.join(' ')}: ${r.stderr}`);
    return r.json;
  };

  test('create-group, add-user-to-group, get-group, list-groups-for-user, delete conflicts', { skip }, async () => {
    await ok('create-user', '--user-name', 'cli-user');
    const g = await ok('create-group', '--group-name', 'cli-group', '--path', '/cli/');
    assert.equal(g.Group.Arn, `arn:aws:iam::${gh.account('utils').id}:group/cli/cli-group`);
    await ok('add-user-to-group', '--group-name', 'cli-group', '--user-name', 'cli-user');
    assert.deepEqual((await ok('get-group', '--group-name', 'cli-group')).Users.map((u: { UserName: string }) => u.UserName), ['cli-user']);
    assert.deepEqual((await ok('list-groups-for-user', '--user-name', 'cli-user')).Groups.map((x: { GroupName: string }) => x.GroupName), ['cli-group']);
    await ok('put-group-policy', '--group-name', 'cli-group', '--policy-name', 'p',
      '--policy-document', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] }));
    const conflict = await aws('delete-group', '--group-name', 'cli-group');
    assert.notEqual(conflict.code, 0);
    assert.match(conflict.stderr, /An error occurred \(DeleteConflict\) when calling the DeleteGroup operation: Cannot delete entity, must remove users from group first\./);
    await ok('remove-user-from-group', '--group-name', 'cli-group', '--user-name', 'cli-user');
    await ok('delete-group-policy', '--group-name', 'cli-group', '--policy-name', 'p');
    await ok('delete-group', '--group-name', 'cli-group');
    const gone = await aws('get-group', '--group-name', 'cli-group');
    assert.match(gone.stderr, /\(NoSuchEntity\) when calling the GetGroup operation: The group with name cli-group cannot be found\./);
  });

  test('password policy, create-login-profile, get-login-profile, delete-user refused while it exists', { skip }, async () => {
    await ok('update-account-password-policy', '--minimum-password-length', '14', '--require-numbers', '--allow-users-to-change-password');
    const policy = (await ok('get-account-password-policy')).PasswordPolicy;
    assert.equal(policy.MinimumPasswordLength, 14);
    assert.equal(policy.RequireNumbers, true);
    await ok('create-user', '--user-name', 'cli-login');
    const weak = await aws('create-login-profile', '--user-name', 'cli-login', '--password', 'too-short-1');
    assert.match(weak.stderr, /\(PasswordPolicyViolation\) when calling the CreateLoginProfile operation: Password does not conform to the account password policy\./);
    const created = await ok('create-login-profile', '--user-name', 'cli-login', '--password', 'long-enough-password-1', '--password-reset-required');
    assert.equal(created.LoginProfile.PasswordResetRequired, true);
    assert.equal(created.LoginProfile.Password, undefined);
    assert.equal((await ok('get-login-profile', '--user-name', 'cli-login')).LoginProfile.UserName, 'cli-login');
    const refused = await aws('delete-user', '--user-name', 'cli-login');
    assert.match(refused.stderr, /\(DeleteConflict\) when calling the DeleteUser operation: Cannot delete entity, must delete login profile first\./);
    await ok('delete-login-profile', '--user-name', 'cli-login');
    await ok('delete-user', '--user-name', 'cli-login');
    await ok('delete-account-password-policy');
  });

  test('create-virtual-mfa-device writes the seed, enable-mfa-device takes two codes from it', { skip }, async () => {
    await ok('create-user', '--user-name', 'cli-mfa');
    const seedFile = join(work, 'seed.txt');
    const qrFile = join(work, 'qr.png');
    const dev = await ok('create-virtual-mfa-device', '--virtual-mfa-device-name', 'cli-mfa', '--outfile', seedFile, '--bootstrap-method', 'Base32StringSeed');
    await ok('create-virtual-mfa-device', '--virtual-mfa-device-name', 'cli-mfa-qr', '--outfile', qrFile, '--bootstrap-method', 'QRCodePNG');
    assert.equal(readFileSync(qrFile).subarray(1, 4).toString(), 'PNG');
    const seed = readFileSync(seedFile, 'utf8').trim();
    assert.match(seed, /^[A-Z2-7]{32}$/);
    const totp = new TOTP({ secret: Secret.fromBase32(seed) });
    const now = Date.now();
    const bad = await aws('enable-mfa-device', '--user-name', 'cli-mfa', '--serial-number', dev.VirtualMFADevice.SerialNumber,
      '--authentication-code1', '000000', '--authentication-code2', '000000');
    assert.match(bad.stderr, /\(InvalidAuthenticationCode\) when calling the EnableMFADevice operation: Authentication code for device is not valid\./);
    await ok('enable-mfa-device', '--user-name', 'cli-mfa', '--serial-number', dev.VirtualMFADevice.SerialNumber,
      '--authentication-code1', totp.generate({ timestamp: now - 30_000 }), '--authentication-code2', totp.generate({ timestamp: now }));
    const listed = await ok('list-mfa-devices', '--user-name', 'cli-mfa');
    assert.deepEqual(listed.MFADevices.map((d: { SerialNumber: string }) => d.SerialNumber), [dev.VirtualMFADevice.SerialNumber]);
    const unassigned = await ok('list-virtual-mfa-devices', '--assignment-status', 'Unassigned');
    assert.deepEqual(unassigned.VirtualMFADevices.map((d: { SerialNumber: string }) => d.SerialNumber.split('/').pop()), ['cli-mfa-qr']);
  });
});
