/**
 * Credentials of IAM users through the JS SDK: login profiles and the account
 * password policy, ChangePassword, virtual MFA devices with real TOTP codes
 * (made by `otpauth` from the seed Gatehouse returns), SSH public keys,
 * signing certificates and service-specific credentials; DeleteUser's
 * conflicts while any of them remain.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  IAMClient, ChangePasswordCommand, CreateLoginProfileCommand, CreateServiceSpecificCredentialCommand,
  CreateUserCommand, CreateVirtualMFADeviceCommand, DeactivateMFADeviceCommand, DeleteAccountPasswordPolicyCommand,
  DeleteLoginProfileCommand, DeleteServiceSpecificCredentialCommand, DeleteSigningCertificateCommand, DeleteSSHPublicKeyCommand,
  DeleteUserCommand, DeleteVirtualMFADeviceCommand, EnableMFADeviceCommand, GetAccountPasswordPolicyCommand, GetLoginProfileCommand,
  GetSSHPublicKeyCommand, ListMFADevicesCommand, ListServiceSpecificCredentialsCommand, ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand, ListVirtualMFADevicesCommand, PutUserPolicyCommand, ResetServiceSpecificCredentialCommand,
  ResyncMFADeviceCommand, UpdateAccountPasswordPolicyCommand, UpdateLoginProfileCommand, UpdateServiceSpecificCredentialCommand,
  UpdateSigningCertificateCommand, UpdateSSHPublicKeyCommand, UpdateUserCommand, UploadSigningCertificateCommand, UploadSSHPublicKeyCommand,
  ListMFADeviceTagsCommand,
} from '@aws-sdk/client-iam';
import { Secret, TOTP } from 'otpauth';
import { TestGatehouse } from './support/gatehouse.js';
import { allow } from './support/scenario.js';
import { rejects } from './support/errors.js';
import { CERT_A, CERT_B, CERT_C } from './support/certificates.js';
import { verifyMfaCode, verifyPassword } from '../src/services/iam/public.js';

/** An RSA public key in OpenSSH's one-line form. */
function sshRsaKey(bits = 2048): string {
  const jwk = generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ format: 'jwk' });
  const field = (b: Buffer) => { const n = Buffer.alloc(4); n.writeUInt32BE(b.length); return Buffer.concat([n, b]); };
  const mpint = (s: string) => { const b = Buffer.from(s, 'base64url'); return b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b; };
  return `ssh-rsa ${Buffer.concat([field(Buffer.from('ssh-rsa')), field(mpint(jwk.e!)), field(mpint(jwk.n!))]).toString('base64')} me@laptop`;
}

const codeAt = (seed: string, ms: number) => new TOTP({ secret: Secret.fromBase32(seed) }).generate({ timestamp: ms });

describe('IAM user credentials through the JS SDK', () => {
  let gh: TestGatehouse;
  let iam: IAMClient;
  let account: string;

  before(async () => {
    gh = await TestGatehouse.start({ accounts: ['main'] });
    iam = gh.iam(gh.root('main'));
    account = gh.account('main').id;
  });
  after(() => gh.dispose());

  const store = () => gh.server.runtime.store;

  const userWithKey = (name: string) => gh.userWithKey('main', name);

  test('login profiles: create, get, update, DeleteConflict on the user, delete; the password is never stored in clear', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'walker' }));
    const password = 'Correct-Horse-Battery-7';
    const created = (await iam.send(new CreateLoginProfileCommand({ UserName: 'walker', Password: password, PasswordResetRequired: true }))).LoginProfile!;
    assert.deepEqual({ ...created, CreateDate: undefined }, { UserName: 'walker', PasswordResetRequired: true, CreateDate: undefined });
    assert.ok(created.CreateDate instanceof Date);
    await rejects(iam.send(new CreateLoginProfileCommand({ UserName: 'WALKER', Password: 'x' })), 'EntityAlreadyExistsException', 409,
      'Login Profile for user walker already exists.');
    await rejects(iam.send(new CreateLoginProfileCommand({ UserName: 'nobody', Password: 'x' })), 'NoSuchEntityException', 404,
      'The user with name nobody cannot be found.');
    assert.equal((await iam.send(new GetLoginProfileCommand({ UserName: 'walker' }))).LoginProfile!.PasswordResetRequired, true);

    const db = readFileSync(join(gh.dataDir, 'gatehouse.db')).toString('latin1') + readFileSync(join(gh.dataDir, 'gatehouse.db-wal')).toString('latin1');
    assert.ok(!db.includes(password), 'the password is in the database in clear');
    assert.equal(verifyPassword(store(), account, 'walker', password), true);
    assert.equal(verifyPassword(store(), account, 'walker', 'wrong'), false);
    assert.equal(verifyPassword(store(), account, 'nobody', password), false);

    await iam.send(new UpdateLoginProfileCommand({ UserName: 'walker', PasswordResetRequired: false }));
    assert.equal((await iam.send(new GetLoginProfileCommand({ UserName: 'walker' }))).LoginProfile!.PasswordResetRequired, false);
    assert.equal(verifyPassword(store(), account, 'walker', password), true, 'leaving Password out keeps it');
    await iam.send(new UpdateLoginProfileCommand({ UserName: 'walker', Password: 'another one' }));
    assert.equal(verifyPassword(store(), account, 'walker', 'another one'), true);

    await rejects(iam.send(new DeleteUserCommand({ UserName: 'walker' })), 'DeleteConflictException', 409, 'Cannot delete entity, must delete login profile first.');
    // A renamed user keeps its password.
    await iam.send(new UpdateUserCommand({ UserName: 'walker', NewUserName: 'runner' }));
    assert.equal(verifyPassword(store(), account, 'runner', 'another one'), true);
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'runner' }));
    await rejects(iam.send(new GetLoginProfileCommand({ UserName: 'runner' })), 'NoSuchEntityException', 404, 'Login Profile for User runner cannot be found.');
    await rejects(iam.send(new DeleteLoginProfileCommand({ UserName: 'runner' })), 'NoSuchEntityException', 404);
    await rejects(iam.send(new UpdateLoginProfileCommand({ UserName: 'runner', Password: 'p' })), 'NoSuchEntityException', 404);
    await iam.send(new DeleteUserCommand({ UserName: 'runner' }));
  });

  test('the account password policy: none, set (a whole replacement), enforced on create/update, reuse prevention, deleted', async () => {
    await rejects(iam.send(new GetAccountPasswordPolicyCommand({})), 'NoSuchEntityException', 404,
      `The Password Policy with domain name ${account} cannot be found.`);
    await rejects(iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 5 })), 'ValidationError', 400,
      /Value '5' at 'minimumPasswordLength' failed to satisfy constraint: Member must have value greater than or equal to 6/);
    await iam.send(new UpdateAccountPasswordPolicyCommand({
      MinimumPasswordLength: 12, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true, MaxPasswordAge: 90, PasswordReusePrevention: 2,
    }));
    assert.deepEqual((await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy, {
      MinimumPasswordLength: 12, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true, AllowUsersToChangePassword: false, ExpirePasswords: true, MaxPasswordAge: 90, PasswordReusePrevention: 2,
    });

    await iam.send(new CreateUserCommand({ UserName: 'strict' }));
    for (const weak of ['Sh0rt!pass', 'nouppercase-123!', 'NOLOWERCASE-123!', 'NoDigits-here!!', 'NoSymbols1234abc']) {
      await rejects(iam.send(new CreateLoginProfileCommand({ UserName: 'strict', Password: weak })), 'PasswordPolicyViolationException', 400,
        'Password does not conform to the account password policy.');
    }
    await rejects(iam.send(new GetLoginProfileCommand({ UserName: 'strict' })), 'NoSuchEntityException', 404);
    await iam.send(new CreateLoginProfileCommand({ UserName: 'strict', Password: 'Good-Password-1' }));
    await rejects(iam.send(new UpdateLoginProfileCommand({ UserName: 'strict', Password: 'weak' })), 'PasswordPolicyViolationException', 400);
    assert.equal(verifyPassword(store(), account, 'strict', 'Good-Password-1'), true, 'a refused update changes nothing');
    // The two most recent passwords may not come back.
    await rejects(iam.send(new UpdateLoginProfileCommand({ UserName: 'strict', Password: 'Good-Password-1' })), 'PasswordPolicyViolationException', 400);
    await iam.send(new UpdateLoginProfileCommand({ UserName: 'strict', Password: 'Good-Password-2' }));
    await rejects(iam.send(new UpdateLoginProfileCommand({ UserName: 'strict', Password: 'Good-Password-1' })), 'PasswordPolicyViolationException', 400);
    await iam.send(new UpdateLoginProfileCommand({ UserName: 'strict', Password: 'Good-Password-3' }));
    await iam.send(new UpdateLoginProfileCommand({ UserName: 'strict', Password: 'Good-Password-1' }));

    // No partial updates: what is left out goes back to its default.
    await iam.send(new UpdateAccountPasswordPolicyCommand({ RequireNumbers: true }));
    assert.deepEqual((await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy, {
      MinimumPasswordLength: 6, RequireSymbols: false, RequireNumbers: true, RequireUppercaseCharacters: false,
      RequireLowercaseCharacters: false, AllowUsersToChangePassword: false, ExpirePasswords: false,
    });
    await iam.send(new DeleteAccountPasswordPolicyCommand({}));
    await rejects(iam.send(new DeleteAccountPasswordPolicyCommand({})), 'NoSuchEntityException', 404);
    await iam.send(new UpdateLoginProfileCommand({ UserName: 'strict', Password: 'x' }));
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'strict' }));
  });

  test('ChangePassword: the caller\'s own, needs permission or AllowUsersToChangePassword, checks the old password and the policy', async () => {
    const creds = await userWithKey('changer');
    const me = gh.iam(creds);
    await iam.send(new CreateLoginProfileCommand({ UserName: 'changer', Password: 'first-Password-1', PasswordResetRequired: true }));
    await rejects(me.send(new ChangePasswordCommand({ OldPassword: 'first-Password-1', NewPassword: 'second-Password-2' })), 'AccessDenied', 403,
      `User: arn:aws:iam::${account}:user/changer is not authorized to perform: iam:ChangePassword on resource: arn:aws:iam::${account}:user/changer because no identity-based policy allows the iam:ChangePassword action`);
    await iam.send(new UpdateAccountPasswordPolicyCommand({ AllowUsersToChangePassword: true, MinimumPasswordLength: 10 }));
    await rejects(me.send(new ChangePasswordCommand({ OldPassword: 'not-it', NewPassword: 'second-Password-2' })), 'AccessDenied', 403, 'The old password is incorrect.');
    await rejects(me.send(new ChangePasswordCommand({ OldPassword: 'first-Password-1', NewPassword: 'short' })), 'PasswordPolicyViolationException', 400);
    assert.equal(verifyPassword(store(), account, 'changer', 'first-Password-1'), true);
    await me.send(new ChangePasswordCommand({ OldPassword: 'first-Password-1', NewPassword: 'second-Password-2' }));
    assert.equal(verifyPassword(store(), account, 'changer', 'second-Password-2'), true);
    assert.equal(verifyPassword(store(), account, 'changer', 'first-Password-1'), false);
    assert.equal((await iam.send(new GetLoginProfileCommand({ UserName: 'changer' }))).LoginProfile!.PasswordResetRequired, false);
    await rejects(iam.send(new ChangePasswordCommand({ OldPassword: 'a', NewPassword: 'b' })), 'InvalidUserTypeException', 400);
    // Without the policy's blanket permission, an identity policy can grant it.
    await iam.send(new DeleteAccountPasswordPolicyCommand({}));
    await iam.send(new PutUserPolicyCommand({ UserName: 'changer', PolicyName: 'own-password', PolicyDocument: allow('iam:ChangePassword', 'arn:aws:iam::*:user/${aws:username}') }));
    await me.send(new ChangePasswordCommand({ OldPassword: 'second-Password-2', NewPassword: 'third' }));
    assert.equal(verifyPassword(store(), account, 'changer', 'third'), true);
  });

  test('virtual MFA: a real TOTP seed and QR code, enabling with two consecutive codes, verifyMfaCode, resync, deactivate, delete', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'mfa-user' }));
    const created = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'mfa-user', Path: '/people/', Tags: [{ Key: 'team', Value: 'a' }] }))).VirtualMFADevice!;
    const serial = created.SerialNumber!;
    assert.equal(serial, `arn:aws:iam::${account}:mfa/people/mfa-user`);
    const seed = Buffer.from(created.Base32StringSeed!).toString();
    assert.match(seed, /^[A-Z2-7]{32}$/);
    assert.deepEqual([...created.QRCodePNG!.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.deepEqual((await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))).Tags, [{ Key: 'team', Value: 'a' }]);
    await rejects(iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'MFA-USER', Path: '/people/' })), 'EntityAlreadyExistsException', 409,
      'MFADevice entity at the same path and name already exists.');
    const unassigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
    assert.deepEqual(unassigned.VirtualMFADevices!.map((d) => [d.SerialNumber, d.User]), [[serial, undefined]]);

    const now = Date.now();
    const enable = (c1: string, c2: string) => iam.send(new EnableMFADeviceCommand({ UserName: 'mfa-user', SerialNumber: serial, AuthenticationCode1: c1, AuthenticationCode2: c2 }));
    await rejects(enable('123456', '654321'), 'InvalidAuthenticationCodeException', 403, 'Authentication code for device is not valid.');
    await rejects(enable(codeAt(seed, now - 60_000), codeAt(seed, now)), 'InvalidAuthenticationCodeException', 403, undefined);
    await rejects(enable(codeAt(seed, now), codeAt(seed, now - 30_000)), 'InvalidAuthenticationCodeException', 403);
    await rejects(enable('12345', '123456'), 'ValidationError', 400, /at 'authenticationCode1' failed to satisfy constraint: Member must have length greater than or equal to 6/);
    assert.deepEqual((await iam.send(new ListMFADevicesCommand({ UserName: 'mfa-user' }))).MFADevices, []);
    const second = codeAt(seed, now);
    await enable(codeAt(seed, now - 30_000), second);

    const devices = (await iam.send(new ListMFADevicesCommand({ UserName: 'mfa-user' }))).MFADevices!;
    assert.deepEqual(devices.map((d) => [d.UserName, d.SerialNumber]), [['mfa-user', serial]]);
    assert.ok(devices[0].EnableDate instanceof Date);
    const assigned = (await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }))).VirtualMFADevices!;
    assert.deepEqual(assigned.map((d) => [d.SerialNumber, d.User?.UserName]), [[serial, 'mfa-user']]);
    assert.equal((await iam.send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices!.length, 1, 'no AssignmentStatus means Any');
    assert.deepEqual((await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }))).VirtualMFADevices, []);
    await rejects(enable(codeAt(seed, now - 30_000), second), 'EntityAlreadyExistsException', 409);

    // STS's check: the current code passes once; a code already used, or a wrong one, never.
    const later = new Date(now + 30_000);
    assert.equal(verifyMfaCode(store(), account, serial, second, new Date(now)), false, 'the code that enabled the device is spent');
    assert.equal(verifyMfaCode(store(), account, serial, '000000' === codeAt(seed, later.getTime()) ? '111111' : '000000', later), false);
    assert.equal(verifyMfaCode(store(), account, serial, codeAt(seed, later.getTime()), later), true);
    assert.equal(verifyMfaCode(store(), account, serial, codeAt(seed, later.getTime()), later), false, 'a code passes once');
    assert.equal(verifyMfaCode(store(), '000000000000', serial, codeAt(seed, later.getTime() + 30_000), later), false, 'another account');

    // A device whose clock runs ten minutes ahead fails until resynchronised with two consecutive codes.
    const ahead = now + 600_000;
    assert.equal(verifyMfaCode(store(), account, serial, codeAt(seed, ahead + 60_000), new Date(now + 60_000)), false);
    const resync = (c1: string, c2: string) => iam.send(new ResyncMFADeviceCommand({ UserName: 'mfa-user', SerialNumber: serial, AuthenticationCode1: c1, AuthenticationCode2: c2 }));
    await rejects(resync(codeAt(seed, ahead), codeAt(seed, ahead + 60_000)), 'InvalidAuthenticationCodeException', 403);
    await resync(codeAt(seed, ahead), codeAt(seed, ahead + 30_000));
    assert.equal(verifyMfaCode(store(), account, serial, codeAt(seed, ahead + 90_000), new Date(now + 90_000)), true);

    await rejects(iam.send(new DeleteUserCommand({ UserName: 'mfa-user' })), 'DeleteConflictException', 409, 'Cannot delete entity, must delete MFA device first.');
    await rejects(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })), 'DeleteConflictException', 409, 'MFA VirtualDevice in use. Must deactivate first.');
    await iam.send(new DeactivateMFADeviceCommand({ UserName: 'mfa-user', SerialNumber: serial }));
    await rejects(iam.send(new DeactivateMFADeviceCommand({ UserName: 'mfa-user', SerialNumber: serial })), 'NoSuchEntityException', 404);
    assert.equal(verifyMfaCode(store(), account, serial, codeAt(seed, now + 120_000), new Date(now + 120_000)), false, 'an unassigned device proves nothing');
    assert.deepEqual((await iam.send(new ListMFADevicesCommand({ UserName: 'mfa-user' }))).MFADevices, []);
    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
    await rejects(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })), 'NoSuchEntityException', 404);
    await iam.send(new DeleteUserCommand({ UserName: 'mfa-user' }));
  });

  test('a user manages its own MFA devices and keys only where its policy says', async () => {
    const creds = await userWithKey('self-mfa');
    await iam.send(new CreateUserCommand({ UserName: 'someone-else' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'self-mfa', PolicyName: 'own', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [
      { Effect: 'Allow', Action: ['iam:ListMFADevices', 'iam:ListSSHPublicKeys'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
      { Effect: 'Allow', Action: 'iam:CreateVirtualMFADevice', Resource: 'arn:aws:iam::*:mfa/${aws:username}' },
    ] }) }));
    const me = gh.iam(creds);
    assert.deepEqual((await me.send(new ListMFADevicesCommand({}))).MFADevices, []);
    assert.deepEqual((await me.send(new ListSSHPublicKeysCommand({}))).SSHPublicKeys, []);
    await rejects(me.send(new ListMFADevicesCommand({ UserName: 'someone-else' })), 'AccessDenied', 403,
      /iam:ListMFADevices on resource: arn:aws:iam::\d{12}:user\/someone-else because/);
    await me.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'self-mfa' }));
    await rejects(me.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'other' })), 'AccessDenied', 403,
      /iam:CreateVirtualMFADevice on resource: arn:aws:iam::\d{12}:mfa\/other because/);
  });

  test('SSH public keys: upload (OpenSSH form, 2,048 bits at least), get in SSH and PEM, list, deactivate, duplicates, delete', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'coder' }));
    const body = sshRsaKey();
    const up = (await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'coder', SSHPublicKeyBody: body }))).SSHPublicKey!;
    assert.match(up.SSHPublicKeyId!, /^APKA[A-Z2-7]{16}$/);
    assert.match(up.Fingerprint!, /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    assert.equal(up.Status, 'Active');
    await rejects(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'coder', SSHPublicKeyBody: body })), 'DuplicateSSHPublicKeyException', 400);
    await rejects(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'coder', SSHPublicKeyBody: sshRsaKey(1024) })), 'InvalidPublicKeyException', 400);
    await rejects(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'coder', SSHPublicKeyBody: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample' })), 'UnrecognizedPublicKeyEncodingException', 400);
    const pem = (await iam.send(new GetSSHPublicKeyCommand({ UserName: 'coder', SSHPublicKeyId: up.SSHPublicKeyId, Encoding: 'PEM' }))).SSHPublicKey!;
    assert.match(pem.SSHPublicKeyBody!, /^-----BEGIN PUBLIC KEY-----/);
    assert.equal(pem.Fingerprint, up.Fingerprint);
    const ssh = (await iam.send(new GetSSHPublicKeyCommand({ UserName: 'coder', SSHPublicKeyId: up.SSHPublicKeyId, Encoding: 'SSH' }))).SSHPublicKey!;
    assert.equal(ssh.SSHPublicKeyBody, body);
    // The same key in PEM form is the same key.
    await rejects(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'coder', SSHPublicKeyBody: pem.SSHPublicKeyBody })), 'DuplicateSSHPublicKeyException', 400);
    await iam.send(new UpdateSSHPublicKeyCommand({ UserName: 'coder', SSHPublicKeyId: up.SSHPublicKeyId, Status: 'Inactive' }));
    assert.deepEqual((await iam.send(new ListSSHPublicKeysCommand({ UserName: 'coder' }))).SSHPublicKeys!.map((k) => [k.SSHPublicKeyId, k.Status]),
      [[up.SSHPublicKeyId, 'Inactive']]);
    await rejects(iam.send(new GetSSHPublicKeyCommand({ UserName: 'coder', SSHPublicKeyId: 'APKAEXAMPLEEXAMPLE12', Encoding: 'SSH' })), 'NoSuchEntityException', 404);
    await rejects(iam.send(new DeleteUserCommand({ UserName: 'coder' })), 'DeleteConflictException', 409, 'Cannot delete entity, must delete SSH public keys first.');
    await iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'coder', SSHPublicKeyId: up.SSHPublicKeyId }));
    await iam.send(new DeleteUserCommand({ UserName: 'coder' }));
  });

  test('signing certificates: X.509 checked, two per user, one owner per certificate in the account, deactivate, delete', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'signer' }));
    await iam.send(new CreateUserCommand({ UserName: 'signer2' }));
    const a = (await iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: CERT_A }))).Certificate!;
    assert.match(a.CertificateId!, /^[A-Z2-7]{24}$/);
    assert.equal(a.CertificateBody, CERT_A.trim());
    await rejects(iam.send(new UploadSigningCertificateCommand({ UserName: 'signer2', CertificateBody: CERT_A })), 'DuplicateCertificateException', 409);
    await rejects(iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: '-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----' })),
      'MalformedCertificateException', 400);
    await iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: CERT_B }));
    await rejects(iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: CERT_C })), 'LimitExceededException', 409);
    await iam.send(new UpdateSigningCertificateCommand({ UserName: 'signer', CertificateId: a.CertificateId, Status: 'Inactive' }));
    const listed = (await iam.send(new ListSigningCertificatesCommand({ UserName: 'signer' }))).Certificates!;
    assert.deepEqual(listed.map((c) => c.Status), ['Inactive', 'Active']);
    await rejects(iam.send(new DeleteSigningCertificateCommand({ UserName: 'signer2', CertificateId: a.CertificateId })), 'NoSuchEntityException', 404);
    await rejects(iam.send(new DeleteUserCommand({ UserName: 'signer' })), 'DeleteConflictException', 409, 'Cannot delete entity, must delete signing certificates first.');
    for (const c of listed) await iam.send(new DeleteSigningCertificateCommand({ UserName: 'signer', CertificateId: c.CertificateId }));
    await iam.send(new DeleteUserCommand({ UserName: 'signer' }));
  });

  test('service-specific credentials: shown once, two per service, unsupported services, reset, deactivate, delete', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'gitter' }));
    const c = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'gitter', ServiceName: 'codecommit.amazonaws.com' }))).ServiceSpecificCredential!;
    assert.equal(c.ServiceUserName, `gitter-at-${account}`);
    assert.match(c.ServiceSpecificCredentialId!, /^ACCA[A-Z2-7]{17}$/);
    assert.ok(c.ServicePassword!.length >= 40);
    await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'gitter', ServiceName: 'codecommit.amazonaws.com' }));
    await rejects(iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'gitter', ServiceName: 'codecommit.amazonaws.com' })), 'LimitExceededException', 409);
    await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'gitter', ServiceName: 'cassandra.amazonaws.com' }));
    await rejects(iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'gitter', ServiceName: 's3.amazonaws.com' })), 'ServiceNotSupportedException', 404);
    const listed = (await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'gitter', ServiceName: 'codecommit.amazonaws.com' }))).ServiceSpecificCredentials!;
    assert.equal(listed.length, 2);
    assert.equal((listed[0] as { ServicePassword?: string }).ServicePassword, undefined);
    const reset = (await iam.send(new ResetServiceSpecificCredentialCommand({ UserName: 'gitter', ServiceSpecificCredentialId: c.ServiceSpecificCredentialId }))).ServiceSpecificCredential!;
    assert.notEqual(reset.ServicePassword, c.ServicePassword);
    await iam.send(new UpdateServiceSpecificCredentialCommand({ UserName: 'gitter', ServiceSpecificCredentialId: c.ServiceSpecificCredentialId, Status: 'Inactive' }));
    await rejects(iam.send(new DeleteUserCommand({ UserName: 'gitter' })), 'DeleteConflictException', 409, 'Cannot delete entity, must delete service-specific credentials first.');
    for (const x of (await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'gitter' }))).ServiceSpecificCredentials!) {
      await iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'gitter', ServiceSpecificCredentialId: x.ServiceSpecificCredentialId }));
    }
    await rejects(iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'gitter', ServiceSpecificCredentialId: c.ServiceSpecificCredentialId })), 'NoSuchEntityException', 404);
    await iam.send(new DeleteUserCommand({ UserName: 'gitter' }));
  });
});
