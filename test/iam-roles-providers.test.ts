/**
 * Roles for services and instances, and the identity providers STS will
 * trust, through the JS SDK: instance profiles (one role each, PassRole),
 * service-linked roles (protected from ordinary changes), OIDC and SAML
 * providers; AWS's errors with nothing changed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  IAMClient, AddClientIDToOpenIDConnectProviderCommand, AddRoleToInstanceProfileCommand, CreateAccessKeyCommand,
  CreateInstanceProfileCommand, CreateOpenIDConnectProviderCommand, CreateRoleCommand, CreateSAMLProviderCommand,
  CreateServiceLinkedRoleCommand, CreateUserCommand, DeleteInstanceProfileCommand, DeleteOpenIDConnectProviderCommand, DeleteRoleCommand,
  DeleteSAMLProviderCommand, DeleteServiceLinkedRoleCommand, GetInstanceProfileCommand, GetOpenIDConnectProviderCommand, GetRoleCommand,
  GetSAMLProviderCommand, GetServiceLinkedRoleDeletionStatusCommand, ListInstanceProfileTagsCommand, ListInstanceProfilesCommand,
  ListInstanceProfilesForRoleCommand, ListOpenIDConnectProviderTagsCommand, ListOpenIDConnectProvidersCommand, ListSAMLProvidersCommand,
  ListSAMLProviderTagsCommand, PutUserPolicyCommand, RemoveClientIDFromOpenIDConnectProviderCommand, RemoveRoleFromInstanceProfileCommand,
  TagInstanceProfileCommand, TagOpenIDConnectProviderCommand, UntagInstanceProfileCommand, UpdateAssumeRolePolicyCommand,
  UpdateOpenIDConnectProviderThumbprintCommand, UpdateRoleDescriptionCommand, UpdateSAMLProviderCommand,
} from '@aws-sdk/client-iam';
import { TestGatehouse, run, which, type Credentials } from './support/gatehouse.js';
import { rejects } from './support/errors.js';
import { oidcProviderFor } from '../src/services/iam/public.js';

const trustEc2 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const THUMB_A = 'a'.repeat(40);
const THUMB_B = '9e99a48a9960b14926bb7f3b02e22da2b0ab7280';

/** Metadata as IdPs publish it: an EntityDescriptor with a signing certificate, padded past IAM's 1,000-character minimum. */
function samlMetadata(entityId: string, validUntil?: string): string {
  const cert = 'MIIC'.padEnd(1200, 'A');
  return `<?xml version="1.0" encoding="UTF-8"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}"` +
    `${validUntil ? ` validUntil="${validUntil}"` : ''}><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
    `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${cert}` +
    '</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>' +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${entityId}/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>`;
}

describe('instance profiles, service-linked roles and identity providers through the JS SDK', async () => {
  const hasAws = await which('aws');
  let gh: TestGatehouse;
  let iam: IAMClient;
  let account: string;

  before(async () => {
    gh = await TestGatehouse.start({ accounts: ['main', 'other'] });
    iam = gh.iam(gh.root('main'));
    account = gh.account('main').id;
  });
  after(() => gh.dispose());

  async function userWithPolicy(name: string, policy: string): Promise<IAMClient> {
    await iam.send(new CreateUserCommand({ UserName: name }));
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    const creds: Credentials = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
    return gh.iam(creds);
  }

  test('instance profiles: create, one role only, tags, lists, and no deleting what is still in use', async () => {
    const created = (await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web', Path: '/app/', Tags: [{ Key: 'tier', Value: 'web' }] }))).InstanceProfile!;
    assert.equal(created.Arn, `arn:aws:iam::${account}:instance-profile/app/web`);
    assert.match(created.InstanceProfileId!, /^AIPA[A-Z2-7]{17}$/);
    assert.deepEqual(created.Roles, []);
    assert.deepEqual(created.Tags, [{ Key: 'tier', Value: 'web' }]);
    await rejects(iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'WEB' })), 'EntityAlreadyExistsException', 409, 'Instance Profile WEB already exists.');
    await rejects(iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'bad name' })), 'ValidationError', 400, /at 'instanceProfileName' failed to satisfy constraint/);
    await rejects(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'nope' })), 'NoSuchEntityException', 404, 'Instance Profile nope cannot be found.');

    await iam.send(new CreateRoleCommand({ RoleName: 'web-role', AssumeRolePolicyDocument: trustEc2 }));
    await iam.send(new CreateRoleCommand({ RoleName: 'spare-role', AssumeRolePolicyDocument: trustEc2 }));
    await rejects(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'ghost' })), 'NoSuchEntityException', 404, 'The role with name ghost cannot be found.');
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'web-role' }));
    await rejects(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'spare-role' })),
      'LimitExceededException', 409, 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');

    const got = (await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' }))).InstanceProfile!;
    assert.deepEqual(got.Roles!.map((r) => r.RoleName), ['web-role']);
    assert.equal(decodeURIComponent(got.Roles![0].AssumeRolePolicyDocument!), trustEc2);
    const forRole = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'web-role' }));
    assert.deepEqual(forRole.InstanceProfiles!.map((p) => p.InstanceProfileName), ['web']);
    assert.deepEqual((await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'spare-role' }))).InstanceProfiles, []);

    await rejects(iam.send(new DeleteRoleCommand({ RoleName: 'web-role' })), 'DeleteConflictException', 409, 'Cannot delete entity, must remove roles from instance profile first.');
    await rejects(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web' })), 'DeleteConflictException', 409, 'Cannot delete entity, must remove roles from instance profile first.');
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'web-role' }))).Role!.RoleName, 'web-role');

    await iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'web', Tags: [{ Key: 'owner', Value: 'ops' }] }));
    await iam.send(new UntagInstanceProfileCommand({ InstanceProfileName: 'web', TagKeys: ['tier'] }));
    assert.deepEqual((await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'web' }))).Tags, [{ Key: 'owner', Value: 'ops' }]);

    await rejects(iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'spare-role' })), 'NoSuchEntityException', 404);
    await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'web-role' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'web-role' }));
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web' }));
    await rejects(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' })), 'NoSuchEntityException', 404);
  });

  test('ListInstanceProfiles pages by path prefix', async () => {
    for (const n of ['ip1', 'ip2', 'ip3']) await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: n, Path: '/paged/' }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'elsewhere' }));
    const first = await iam.send(new ListInstanceProfilesCommand({ PathPrefix: '/paged/', MaxItems: 2 }));
    assert.deepEqual(first.InstanceProfiles!.map((p) => p.InstanceProfileName), ['ip1', 'ip2']);
    assert.equal(first.IsTruncated, true);
    const rest = await iam.send(new ListInstanceProfilesCommand({ PathPrefix: '/paged/', Marker: first.Marker }));
    assert.deepEqual(rest.InstanceProfiles!.map((p) => p.InstanceProfileName), ['ip3']);
    assert.equal(rest.IsTruncated, false);
  });

  test('adding a role to an instance profile needs iam:PassRole on the role', async () => {
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'passing' }));
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'passed', AssumeRolePolicyDocument: trustEc2 }))).Role!;
    const noPass = await userWithPolicy('no-pass', doc({ Effect: 'Allow', Action: 'iam:AddRoleToInstanceProfile', Resource: '*' }));
    await rejects(noPass.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'passing', RoleName: 'passed' })), 'AccessDenied', 403,
      new RegExp(`not authorized to perform: iam:PassRole on resource: ${role.Arn}`));
    assert.deepEqual((await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'passing' }))).InstanceProfile!.Roles, []);
    const withPass = await userWithPolicy('with-pass', doc({ Effect: 'Allow', Action: ['iam:AddRoleToInstanceProfile', 'iam:PassRole'], Resource: '*' }));
    await withPass.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'passing', RoleName: 'passed' }));
    assert.equal((await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'passing' }))).InstanceProfile!.Roles![0].RoleName, 'passed');
  });

  test('service-linked roles: named and placed for their service, protected, deleted through a task', async () => {
    const role = (await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', Description: 'for ASG' }))).Role!;
    assert.equal(role.RoleName, 'AWSServiceRoleForAutoScaling');
    assert.equal(role.Path, '/aws-service-role/autoscaling.amazonaws.com/');
    assert.equal(role.Arn, `arn:aws:iam::${account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`);
    const trust = JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!));
    assert.deepEqual(trust.Statement[0].Principal, { Service: 'autoscaling.amazonaws.com' });
    assert.equal(trust.Statement[0].Action, 'sts:AssumeRole');
    await rejects(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com' })), 'InvalidInputException', 400,
      'Service role name AWSServiceRoleForAutoScaling has been taken in this account, please try a different suffix.');
    const suffixed = (await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'fleet' }))).Role!;
    assert.equal(suffixed.RoleName, 'AWSServiceRoleForAutoScaling_fleet');

    const protectedMessage = "Cannot perform the operation on the protected role 'AWSServiceRoleForAutoScaling' - this role is only modifiable by AWS";
    await rejects(iam.send(new DeleteRoleCommand({ RoleName: 'AWSServiceRoleForAutoScaling' })), 'UnmodifiableEntityException', 400, protectedMessage);
    await rejects(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'AWSServiceRoleForAutoScaling', PolicyDocument: trustEc2 })),
      'UnmodifiableEntityException', 400, protectedMessage);
    const unchanged = (await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForAutoScaling' }))).Role!;
    assert.deepEqual(JSON.parse(decodeURIComponent(unchanged.AssumeRolePolicyDocument!)), trust);
    // Its description stays the caller's to edit.
    await iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'AWSServiceRoleForAutoScaling', Description: 'scaling' }));

    await iam.send(new CreateRoleCommand({ RoleName: 'plain', AssumeRolePolicyDocument: trustEc2 }));
    await rejects(iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'plain' })), 'InvalidInputException', 400);
    const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForAutoScaling' }));
    assert.match(DeletionTaskId!, /^task\/aws-service-role\/autoscaling\.amazonaws\.com\/AWSServiceRoleForAutoScaling\/[0-9a-f-]{36}$/);
    assert.equal((await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }))).Status, 'SUCCEEDED');
    await rejects(iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForAutoScaling' })), 'NoSuchEntityException', 404);
    await rejects(iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: 'task/aws-service-role/x.amazonaws.com/Nope/0000' })),
      'NoSuchEntityException', 404);
  });

  test('iam:AWSServiceName limits which services a caller may create roles for', async () => {
    const ecsOnly = await userWithPolicy('ecs-admin', doc({
      Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*', Condition: { StringEquals: { 'iam:AWSServiceName': 'ecs.amazonaws.com' } },
    }));
    assert.equal((await ecsOnly.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }))).Role!.RoleName, 'AWSServiceRoleForECS');
    await rejects(ecsOnly.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'rds.amazonaws.com' })), 'AccessDenied', 403, /iam:CreateServiceLinkedRole/);
    await rejects(iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForRDS' })), 'NoSuchEntityException', 404);
  });

  test('OIDC providers: URL-keyed ARN, client ids and thumbprints, tags, AWS errors', async () => {
    const url = 'https://token.actions.githubusercontent.com';
    const created = await iam.send(new CreateOpenIDConnectProviderCommand({
      Url: url, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [THUMB_A], Tags: [{ Key: 'ci', Value: 'github' }],
    }));
    const arn = `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`;
    assert.equal(created.OpenIDConnectProviderArn, arn);
    await rejects(iam.send(new CreateOpenIDConnectProviderCommand({ Url: url, ThumbprintList: [THUMB_A] })), 'EntityAlreadyExistsException', 409,
      `Provider with url ${url} already exists.`);
    await rejects(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'http://insecure.example.com' })), 'ValidationError', 400);
    await rejects(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://short.example.com', ThumbprintList: ['abc'] })), 'ValidationError', 400,
      /at 'thumbprintList' failed to satisfy constraint/);
    await rejects(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://many.example.com', ThumbprintList: Array(6).fill(THUMB_A) })),
      'InvalidInputException', 400);

    let got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.equal(got.Url, 'token.actions.githubusercontent.com');
    assert.deepEqual(got.ClientIDList, ['sts.amazonaws.com']);
    assert.deepEqual(got.ThumbprintList, [THUMB_A]);
    assert.deepEqual(got.Tags, [{ Key: 'ci', Value: 'github' }]);

    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'my-app' }));
    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'my-app' }));
    await iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'sts.amazonaws.com' }));
    await iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'never-there' }));
    await iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: [THUMB_B] }));
    await iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'team', Value: 'infra' }] }));
    got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.deepEqual(got.ClientIDList, ['my-app']);
    assert.deepEqual(got.ThumbprintList, [THUMB_B]);
    assert.deepEqual((await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn }))).Tags!.map((t) => t.Key), ['ci', 'team']);

    // Thumbprints are optional nowadays.
    const eks = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC123', ClientIDList: ['sts.amazonaws.com'] }));
    assert.equal(eks.OpenIDConnectProviderArn, `arn:aws:iam::${account}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123`);
    assert.deepEqual((await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: eks.OpenIDConnectProviderArn }))).ThumbprintList, []);
    const listed = (await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList!.map((p) => p.Arn).sort();
    assert.deepEqual(listed, [arn, eks.OpenIDConnectProviderArn].sort());

    // What STS's web identity will ask: the account's provider for a token's issuer.
    const store = gh.server.runtime.store;
    assert.equal(oidcProviderFor(store, account, url)?.arn, arn);
    assert.equal(oidcProviderFor(store, gh.account('other').id, url), undefined);

    // Another account's provider is another account's resource: even its root is refused.
    const other = gh.iam(gh.root('other'));
    await rejects(other.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })), 'AccessDenied', 403,
      new RegExp(`is not authorized to perform: iam:GetOpenIDConnectProvider on resource: ${arn}`));
    await rejects(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: `${arn}-missing` })), 'NoSuchEntityException', 404,
      `OpenIDConnect Provider not found for arn ${arn}-missing`);
    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    await rejects(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })), 'NoSuchEntityException', 404);
    assert.equal(oidcProviderFor(store, account, url), undefined);
  });

  test('SAML providers: metadata must be an EntityDescriptor; validity, update, tags, delete', async () => {
    await rejects(iam.send(new CreateSAMLProviderCommand({ Name: 'broken', SAMLMetadataDocument: '<md:EntityDescriptor '.padEnd(1200, 'x') })),
      'InvalidInputException', 400, 'Could not parse metadata');
    await rejects(iam.send(new CreateSAMLProviderCommand({ Name: 'wrong-root', SAMLMetadataDocument: `<Other>${'x'.repeat(1100)}</Other>` })),
      'InvalidInputException', 400, 'Could not parse metadata');
    const withDoctype = `<!DOCTYPE x [<!ENTITY a "b">]>${samlMetadata('https://idp.example.com')}`;
    await rejects(iam.send(new CreateSAMLProviderCommand({ Name: 'doctype', SAMLMetadataDocument: withDoctype })), 'InvalidInputException', 400);
    await rejects(iam.send(new CreateSAMLProviderCommand({ Name: 'short', SAMLMetadataDocument: '<EntityDescriptor/>' })), 'ValidationError', 400,
      /Member must have length greater than or equal to 1000/);
    await rejects(iam.send(new CreateSAMLProviderCommand({ Name: 'bad name!', SAMLMetadataDocument: samlMetadata('https://idp.example.com') })),
      'ValidationError', 400);
    assert.deepEqual((await iam.send(new ListSAMLProvidersCommand({}))).SAMLProviderList, []);

    const { SAMLProviderArn: arn } = await iam.send(new CreateSAMLProviderCommand({
      Name: 'okta', SAMLMetadataDocument: samlMetadata('https://okta.example.com', '2031-01-01T00:00:00Z'), Tags: [{ Key: 'idp', Value: 'okta' }],
    }));
    assert.equal(arn, `arn:aws:iam::${account}:saml-provider/okta`);
    await rejects(iam.send(new CreateSAMLProviderCommand({ Name: 'okta', SAMLMetadataDocument: samlMetadata('https://okta.example.com') })),
      'EntityAlreadyExistsException', 409, 'Provider with name okta already exists.');
    let got = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
    assert.equal(got.SAMLMetadataDocument, samlMetadata('https://okta.example.com', '2031-01-01T00:00:00Z'));
    assert.equal(got.ValidUntil!.toISOString(), '2031-01-01T00:00:00.000Z');
    assert.deepEqual(got.Tags, [{ Key: 'idp', Value: 'okta' }]);

    await iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: samlMetadata('https://okta.example.com') }));
    got = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
    // Without validUntil in the metadata, IAM's providers are valid for 100 years.
    assert.equal(got.ValidUntil!.getUTCFullYear(), new Date().getUTCFullYear() + 100);
    await rejects(iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: `<Nope>${'x'.repeat(1000)}</Nope>` })),
      'InvalidInputException', 400);
    assert.equal((await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }))).SAMLMetadataDocument, samlMetadata('https://okta.example.com'));

    const listed = (await iam.send(new ListSAMLProvidersCommand({}))).SAMLProviderList!;
    assert.deepEqual(listed.map((p) => p.Arn), [arn]);
    assert.deepEqual((await iam.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: arn }))).Tags, [{ Key: 'idp', Value: 'okta' }]);
    await iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn }));
    await rejects(iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn })), 'NoSuchEntityException', 404);
  });

  test('the AWS CLI manages instance profiles and OIDC providers', { skip: !hasAws && 'aws CLI not installed' }, async () => {
    const aws = (...args: string[]) => run('aws', [...args, '--profile', 'main', '--output', 'json'], gh.env());
    const created = await aws('iam', 'create-instance-profile', '--instance-profile-name', 'cli-profile');
    assert.equal(created.code, 0, created.stderr);
    assert.match(JSON.parse(created.stdout).InstanceProfile.InstanceProfileId, /^AIPA/);
    const dup = await aws('iam', 'create-instance-profile', '--instance-profile-name', 'cli-profile');
    assert.match(dup.stderr, /\(EntityAlreadyExists\) when calling the CreateInstanceProfile operation: Instance Profile cli-profile already exists\./);
    const oidc = await aws('iam', 'create-open-id-connect-provider', '--url', 'https://cli.example.com', '--client-id-list', 'sts.amazonaws.com');
    assert.equal(oidc.code, 0, oidc.stderr);
    const got = await aws('iam', 'get-open-id-connect-provider', '--open-id-connect-provider-arn', JSON.parse(oidc.stdout).OpenIDConnectProviderArn);
    assert.equal(JSON.parse(got.stdout).Url, 'cli.example.com');
    const slr = await aws('iam', 'create-service-linked-role', '--aws-service-name', 'elasticloadbalancing.amazonaws.com');
    assert.equal(JSON.parse(slr.stdout).Role.RoleName, 'AWSServiceRoleForElasticLoadBalancing');
  });
});
