/**
 * AssumeRole complete (STS API Reference, "AssumeRole"), through the JS SDK
 * v3 against a running server: MFA with real TOTP codes, external ids,
 * source identity through a role chain ("Monitor and control actions taken
 * with assumed roles"), session tags and transitive tags ("Passing session
 * tags in AWS STS"), session policies ("Session policies"), revocation by
 * aws:TokenIssueTime ("Revoking IAM role temporary security credentials"),
 * expired and tampered tokens, and sessions surviving a restart.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand,
  ListRolesCommand, ListUsersCommand, PutRolePolicyCommand, PutUserPolicyCommand, TagRoleCommand, DeleteRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { TestGatehouse, run, type Credentials } from './support/gatehouse.js';
import { rejects } from './support/errors.js';


const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const creds = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Credentials =>
  ({ accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken });

describe('AssumeRole: MFA, external id, source identity, session tags, session policies', () => {
  let gh: TestGatehouse;
  let account: string;
  let alice: Credentials;
  let aliceArn: string;
  const roleArn = (name: string) => `arn:aws:iam::${account}:role/${name}`;
  const assume = (c: Credentials, input: Omit<ConstructorParameters<typeof AssumeRoleCommand>[0], 'RoleSessionName'> & { RoleSessionName?: string }) =>
    gh.sts(c).send(new AssumeRoleCommand({ RoleSessionName: 's1', ...input }));
  const listRoles = (c: Credentials) => gh.iam(c).send(new ListRolesCommand({}));
  const listUsers = (c: Credentials) => gh.iam(c).send(new ListUsersCommand({}));

  before(async () => {
    gh = await TestGatehouse.start({ accounts: ['utils'] });
    account = gh.account('utils').id;
    const iam = gh.iam(gh.root('utils'));
    aliceArn = (await iam.send(new CreateUserCommand({ UserName: 'alice' }))).User!.Arn!;
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'sts', PolicyDocument: doc({ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], Resource: '*' }) }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    alice = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
    const role = async (name: string, trust: object[], permissions: object[]) => {
      await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: doc(...trust) }));
      if (permissions.length) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: doc(...permissions) }));
    };
    const trusting = (arn: string, ...actions: string[]) => ({ Effect: 'Allow', Principal: { AWS: arn }, Action: actions.length ? actions : 'sts:AssumeRole' });
    // worker: assumable with tags and a source identity; ListRoles only for the blue team, ListUsers for anyone.
    await role('worker', [trusting(aliceArn, 'sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity')], [
      { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } },
      { Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' },
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' },
    ]);
    await iam.send(new TagRoleCommand({ RoleName: 'worker', Tags: [{ Key: 'team', Value: 'red' }] }));
    // next: chained from worker; ListRoles for the blue team, ListUsers only with a project tag and alice's source identity.
    await role('next', [trusting(roleArn('worker'), 'sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity')], [
      { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } },
      { Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { StringEquals: { 'aws:SourceIdentity': 'alice-laptop' }, Null: { 'aws:PrincipalTag/project': 'false' } } },
    ]);
    // plain: only sts:AssumeRole in its trust policy, so no tags and no source identity.
    await role('plain', [trusting(aliceArn)], [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }]);
    await role('partner', [{ ...trusting(aliceArn), Condition: { StringEquals: { 'sts:ExternalId': 'partner-4711' } } }], [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }]);
    await role('guarded', [{ ...trusting(aliceArn), Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }], [
      { Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '300' } } },
      { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
    ]);
  });
  after(() => gh.dispose());

  test('MFA: the trust policy sees the request\'s MFA; a wrong or missing code is AWS\'s AccessDenied; the session carries MultiFactorAuthAge', async () => {
    const iam = gh.iam(gh.root('utils'));
    const device = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice' }))).VirtualMFADevice!;
    const seed = Buffer.from(device.Base32StringSeed!).toString();
    const clock = gh.server.runtime.clock;
    const code = (ms = clock.nowMs()) => new TOTP({ secret: Secret.fromBase32(seed) }).generate({ timestamp: ms });
    await iam.send(new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: device.SerialNumber!, AuthenticationCode1: code(clock.nowMs() - 30_000), AuthenticationCode2: code() }));
    // Each code is good once: move Gatehouse's clock a step for every new one.
    const fresh = () => { clock.advance(30); return code(); };

    await rejects(assume(alice, { RoleArn: roleArn('guarded') }), 'AccessDenied', 403,
      `User: ${aliceArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn('guarded')}`);
    const wrong = fresh() === '000000' ? '111111' : '000000';
    await rejects(assume(alice, { RoleArn: roleArn('guarded'), SerialNumber: device.SerialNumber, TokenCode: wrong }), 'AccessDenied', 403,
      'MultiFactorAuthentication failed with invalid MFA one time pass code.');
    await rejects(assume(alice, { RoleArn: roleArn('guarded'), SerialNumber: `arn:aws:iam::${account}:mfa/nobody`, TokenCode: code() }), 'AccessDenied', 403,
      'MultiFactorAuthentication failed with invalid MFA one time pass code.');
    const ok = await assume(alice, { RoleArn: roleArn('guarded'), SerialNumber: device.SerialNumber, TokenCode: code() });
    const session = creds(ok.Credentials);
    await rejects(assume(alice, { RoleArn: roleArn('guarded'), SerialNumber: device.SerialNumber, TokenCode: code() }), 'AccessDenied', 403,
      'MultiFactorAuthentication failed with invalid MFA one time pass code.');
    await listUsers(session);
    await listRoles(session);
    clock.advance(301);
    await rejects(listUsers(session), 'AccessDenied', 403, /iam:ListUsers/);
    await listRoles(session);
    // A session without MFA has aws:MultiFactorAuthPresent "false", not absent.
    const plain = creds((await assume(alice, { RoleArn: roleArn('plain') })).Credentials);
    await gh.iam(gh.root('utils')).send(new PutRolePolicyCommand({ RoleName: 'plain', PolicyName: 'no-mfa', PolicyDocument: doc(
      { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }) }));
    await listRoles(plain);
    await gh.iam(gh.root('utils')).send(new DeleteRolePolicyCommand({ RoleName: 'plain', PolicyName: 'no-mfa' }));
  });

  test('ExternalId: sts:ExternalId conditions in the trust policy', async () => {
    await rejects(assume(alice, { RoleArn: roleArn('partner') }), 'AccessDenied', 403, /sts:AssumeRole/);
    await rejects(assume(alice, { RoleArn: roleArn('partner'), ExternalId: 'partner-0000' }), 'AccessDenied', 403, /sts:AssumeRole/);
    await listUsers(creds((await assume(alice, { RoleArn: roleArn('partner'), ExternalId: 'partner-4711' })).Credentials));
  });

  test('session tags override the role\'s tags; transitive tags survive a chain and cannot be overridden; sts:TagSession is required', async () => {
    const untagged = creds((await assume(alice, { RoleArn: roleArn('worker') })).Credentials);
    await rejects(listRoles(untagged), 'AccessDenied', 403, /iam:ListRoles/);
    const out = await assume(alice, {
      RoleArn: roleArn('worker'), Tags: [{ Key: 'team', Value: 'blue' }, { Key: 'project', Value: 'x' }], TransitiveTagKeys: ['team'], SourceIdentity: 'alice-laptop',
    });
    assert.ok(out.PackedPolicySize! > 0 && out.PackedPolicySize! <= 100, `PackedPolicySize ${out.PackedPolicySize}`);
    assert.equal(out.SourceIdentity, 'alice-laptop');
    const tagged = creds(out.Credentials);
    await listRoles(tagged);

    const chained = await assume(tagged, { RoleArn: roleArn('next') });
    assert.equal(chained.SourceIdentity, 'alice-laptop', 'the source identity carries through the chain');
    const next = creds(chained.Credentials);
    await listRoles(next);
    await rejects(listUsers(next), 'AccessDenied', 403, /iam:ListUsers/);
    // project was not transitive: passing it again in the chain is allowed, team (transitive) cannot be overridden.
    const withProject = creds((await assume(tagged, { RoleArn: roleArn('next'), Tags: [{ Key: 'project', Value: 'y' }] })).Credentials);
    await listUsers(withProject);
    await rejects(assume(tagged, { RoleArn: roleArn('next'), Tags: [{ Key: 'Team', Value: 'red' }] }), 'InvalidParameterValue', 400, /team/);
    await rejects(assume(alice, { RoleArn: roleArn('worker'), Tags: [{ Key: 'a', Value: '1' }], TransitiveTagKeys: ['b'] }), 'InvalidParameterValue', 400);
    await rejects(assume(alice, { RoleArn: roleArn('worker'), Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] }), 'ValidationError', 400,
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    await rejects(assume(alice, { RoleArn: roleArn('worker'), Tags: Array.from({ length: 51 }, (_, n) => ({ Key: `k${n}`, Value: 'v' })) }), 'ValidationError', 400,
      /at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50/);
    await rejects(assume(alice, { RoleArn: roleArn('plain'), Tags: [{ Key: 'team', Value: 'blue' }] }), 'AccessDenied', 403,
      `User: ${aliceArn} is not authorized to perform: sts:TagSession on resource: ${roleArn('plain')}`);
  });

  test('source identity: needs sts:SetSourceIdentity, is carried through a chain, and cannot be changed there', async () => {
    await rejects(assume(alice, { RoleArn: roleArn('plain'), SourceIdentity: 'alice-laptop' }), 'AccessDenied', 403,
      `User: ${aliceArn} is not authorized to perform: sts:SetSourceIdentity on resource: ${roleArn('plain')}`);
    const first = creds((await assume(alice, { RoleArn: roleArn('worker'), SourceIdentity: 'alice-laptop', Tags: [{ Key: 'project', Value: 'p' }], TransitiveTagKeys: ['project'] })).Credentials);
    await rejects(assume(first, { RoleArn: roleArn('next'), SourceIdentity: 'mallory' }), 'AccessDenied', 403, /sts:SetSourceIdentity/);
    await listUsers(creds((await assume(first, { RoleArn: roleArn('next'), SourceIdentity: 'alice-laptop' })).Credentials));
    const other = creds((await assume(alice, { RoleArn: roleArn('worker'), SourceIdentity: 'someone-else', Tags: [{ Key: 'project', Value: 'p' }], TransitiveTagKeys: ['project'] })).Credentials);
    await rejects(listUsers(creds((await assume(other, { RoleArn: roleArn('next') })).Credentials)), 'AccessDenied', 403, /iam:ListUsers/);
  });

  test('session policies intersect the role\'s permissions; malformed and oversized ones are refused', async () => {
    const iam = gh.iam(gh.root('utils'));
    const onlyRoles = doc({ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' });
    const inline = creds((await assume(alice, { RoleArn: roleArn('worker'), Policy: onlyRoles, Tags: [{ Key: 'team', Value: 'blue' }] })).Credentials);
    await listRoles(inline);
    await rejects(listUsers(inline), 'AccessDenied', 403, /because no session policy allows the iam:ListUsers action|iam:ListUsers/);
    const managedArn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'users-only', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }) }))).Policy!.Arn!;
    const managed = await assume(alice, { RoleArn: roleArn('worker'), PolicyArns: [{ arn: managedArn }], Tags: [{ Key: 'team', Value: 'blue' }] });
    assert.ok(managed.PackedPolicySize! > 0);
    await listUsers(creds(managed.Credentials));
    await rejects(listRoles(creds(managed.Credentials)), 'AccessDenied', 403, /iam:ListRoles/);
    // A session policy grants nothing the role does not have.
    const wide = creds((await assume(alice, { RoleArn: roleArn('plain'), Policy: doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }) })).Credentials);
    await rejects(listRoles(wide), 'AccessDenied', 403, /iam:ListRoles/);
    await rejects(assume(alice, { RoleArn: roleArn('worker'), Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"' }), 'MalformedPolicyDocumentException', 400);
    await rejects(assume(alice, { RoleArn: roleArn('worker'), PolicyArns: [{ arn: `arn:aws:iam::${account}:policy/missing` }] }), 'InvalidParameterValue', 400);
    const noise = (_n: number) => randomBytes(192).toString('base64');
    await rejects(assume(alice, { RoleArn: roleArn('worker'), Tags: Array.from({ length: 50 }, (_, n) => ({ Key: `key-${n}`, Value: noise(n) })) }),
      'PackedPolicyTooLargeException', 400, /^Packed policy consumes \d+% of allotted space/);
  });

  test('revocation: an aws:TokenIssueTime deny refuses older sessions only; expired and tampered tokens are refused', async () => {
    const iam = gh.iam(gh.root('utils'));
    const old = creds((await assume(alice, { RoleArn: roleArn('plain') })).Credentials);
    await listUsers(old);
    const clock = gh.server.runtime.clock;
    clock.advance(2);
    const cutoff = new Date(clock.nowMs()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await iam.send(new PutRolePolicyCommand({ RoleName: 'plain', PolicyName: 'AWSRevokeOlderSessions', PolicyDocument: doc(
      { Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': cutoff } } }) }));
    await rejects(listUsers(old), 'AccessDenied', 403, /with an explicit deny in an identity-based policy/);
    clock.advance(2);
    const fresh = creds((await assume(alice, { RoleArn: roleArn('plain') })).Credentials);
    await listUsers(fresh);
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'plain', PolicyName: 'AWSRevokeOlderSessions' }));

    const token = fresh.sessionToken!;
    const flipped = token.slice(0, 40) + (token[40] === 'A' ? 'B' : 'A') + token.slice(41);
    await rejects(gh.sts({ ...fresh, sessionToken: flipped }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403,
      'The security token included in the request is invalid.');
    await rejects(gh.sts({ ...fresh, sessionToken: undefined }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
    clock.advance(3601);
    try {
      await rejects(gh.sts(fresh).send(new GetCallerIdentityCommand({})), 'ExpiredToken', 403, 'The security token included in the request is expired');
    } finally {
      clock.advance(-3601);
    }
  });

  test('a session keeps its tags, source identity and session policy across a restart', async () => {
    const out = await assume(alice, { RoleArn: roleArn('worker'), Tags: [{ Key: 'team', Value: 'blue' }], SourceIdentity: 'alice-laptop', Policy: doc({ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }) });
    const session = creds(out.Credentials);
    const offset = gh.server.runtime.clock.offsetSeconds;
    await gh.stop();
    gh = await TestGatehouse.start({ dataDir: gh.dataDir, accounts: ['utils'] });
    gh.server.runtime.clock.setOffsetSeconds(offset);
    await listRoles(session);
    await rejects(listUsers(session), 'AccessDenied', 403, /iam:ListUsers/);
  });

  test('ProvidedContexts: shapes checked, sts:SetContext required in the trust policy, and an assertion Gatehouse cannot verify refused with InvalidContextAssertion', async () => {
    const iam = gh.iam(gh.root('utils'));
    await iam.send(new CreateRoleCommand({ RoleName: 'tip', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: aliceArn }, Action: ['sts:AssumeRole', 'sts:SetContext'] }) }));
    const idc = 'arn:aws:iam::aws:contextProvider/IdentityCenter';
    const context = { ProviderArn: idc, ContextAssertion: randomBytes(96).toString('base64') };
    await rejects(assume(alice, { RoleArn: roleArn('plain'), ProvidedContexts: [context] }), 'AccessDenied', 403, /sts:SetContext/);
    await rejects(assume(alice, { RoleArn: roleArn('tip'), ProvidedContexts: [context] }), 'InvalidContextAssertionException', 400, /context assertion is invalid/);
    await rejects(assume(alice, { RoleArn: roleArn('tip'), ProvidedContexts: [{ ...context, ProviderArn: 'arn:aws:iam::aws:contextProvider/Other' }] }), 'InvalidContextAssertionException', 400, /not a trusted context provider/);
    await rejects(assume(alice, { RoleArn: roleArn('tip'), ProvidedContexts: [{ ...context, ContextAssertion: 'abc' }] }), 'ValidationError', 400,
      /Value 'abc' at 'providedContexts.1.member.contextAssertion' failed to satisfy constraint: Member must have length greater than or equal to 4/);
    await rejects(assume(alice, { RoleArn: roleArn('tip'), ProvidedContexts: Array(6).fill(context) }), 'ValidationError', 400, /providedContexts' failed to satisfy constraint: Member must have length less than or equal to 5/);
    // An empty list sets no context: a plain AssumeRole.
    await assume(alice, { RoleArn: roleArn('plain'), ProvidedContexts: [] });
    // The AWS CLI sends the same parameter.
    const cli = await run('aws', ['sts', 'assume-role', '--role-arn', roleArn('tip'), '--role-session-name', 'cli', '--provided-contexts', `ProviderArn=${idc},ContextAssertion=${context.ContextAssertion}`],
      gh.env({ AWS_ACCESS_KEY_ID: alice.accessKeyId, AWS_SECRET_ACCESS_KEY: alice.secretAccessKey, AWS_ENDPOINT_URL: gh.server.url, AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' }));
    assert.notEqual(cli.code, 0);
    assert.match(cli.stderr, /InvalidContextAssertion/);
  });
});
