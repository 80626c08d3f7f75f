import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  IAMClient, CreateUserCommand, AttachUserPolicyCommand, CreatePolicyCommand, ListRolesCommand,
  DeleteUserCommand, EntityAlreadyExistsException, NoSuchEntityException, GetUserCommand,
} from '@aws-sdk/client-iam';
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { AwsError } from '../../core/aws-error.js';
import { getOperation, type ServiceName } from '../models.js';
import { oracleHandler, TEST_CLIENT_CONFIG, type CapturedRequest } from '../sdk-oracle.js';
import { parseQueryString, decodeQueryInput, encodeQueryResponse, encodeQueryError } from './index.js';

/**
 * Serve one SDK call: decode what it sent, hand the input to `handle`, encode the result.
 * The SDK takes $metadata.requestId from the x-amzn-RequestId header, so the server sends both.
 */
function handlerFor(service: 'iam' | 'sts', handle: (op: string, input: Record<string, unknown>) => Record<string, unknown>) {
  const decoded: Array<{ op: string; input: Record<string, unknown> }> = [];
  const handler = oracleHandler((req: CapturedRequest) => {
    const params = parseQueryString(req.body!.toString('utf8'));
    const name = params.get('Action')!;
    const op = getOperation(service as ServiceName, name)!;
    const input = decodeQueryInput(op, params);
    decoded.push({ op: name, input });
    try {
      return { status: 200, headers: HEADERS, body: encodeQueryResponse(op, handle(name, input), 'req-1') };
    } catch (e) {
      const { status, body } = encodeQueryError(service, e as AwsError, 'req-1');
      return { status, headers: HEADERS, body };
    }
  });
  return { handler, decoded };
}

type Handle = (op: string, input: Record<string, unknown>) => Record<string, unknown>;
function iam(handle: Handle) {
  const { handler, decoded } = handlerFor('iam', handle);
  return { client: new IAMClient({ ...TEST_CLIENT_CONFIG, requestHandler: handler }), decoded };
}
function sts(handle: Handle) {
  const { handler, decoded } = handlerFor('sts', handle);
  return { client: new STSClient({ ...TEST_CLIENT_CONFIG, requestHandler: handler }), decoded };
}

const HEADERS = { 'content-type': 'text/xml', 'x-amzn-requestid': 'req-1' };
const created = new Date('2024-05-06T07:08:09Z');
const user = { Path: '/', UserName: 'alice', UserId: 'AIDAEXAMPLE', Arn: 'arn:aws:iam::123456789012:user/alice', CreateDate: created };

test('parseQueryString: + is space, percent-decoding, first value wins', () => {
  const p = parseQueryString('Action=CreateUser&UserName=a+b%2Bc&Path=%2F&Empty&UserName=ignored');
  assert.equal(p.get('UserName'), 'a b+c');
  assert.equal(p.get('Path'), '/');
  assert.equal(p.get('Empty'), '');
});

test('CreateUser with Tags round-trips through the SDK', async () => {
  const { client, decoded } = iam( () => ({ User: { ...user, Tags: [{ Key: 'team', Value: 'a&b <c>' }] } }));
  const out = await client.send(new CreateUserCommand({ UserName: 'alice', Path: '/', Tags: [{ Key: 'team', Value: 'a&b <c>' }, { Key: 'env', Value: 'dev' }] }));
  assert.deepEqual(decoded[0]!.input, { UserName: 'alice', Path: '/', Tags: [{ Key: 'team', Value: 'a&b <c>' }, { Key: 'env', Value: 'dev' }] });
  assert.ok(out.User!.CreateDate instanceof Date);
  assert.equal(out.User!.CreateDate!.getTime(), created.getTime());
  assert.deepEqual({ ...out.User }, { ...user, Tags: [{ Key: 'team', Value: 'a&b <c>' }] });
  assert.equal(out.$metadata.requestId, 'req-1');
});

test('AttachUserPolicy and CreatePolicy decode; no-output operations answer with metadata only', async () => {
  const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
  const { client, decoded } = iam( (op) =>
    op === 'CreatePolicy'
      ? { Policy: { PolicyName: 'p', Arn: 'arn:aws:iam::123456789012:policy/p', AttachmentCount: 0, IsAttachable: true, CreateDate: created } }
      : {});
  await client.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
  const out = await client.send(new CreatePolicyCommand({ PolicyName: 'p', PolicyDocument: doc, Description: 'd', Tags: [{ Key: 'k', Value: 'v' }] }));
  await client.send(new DeleteUserCommand({ UserName: 'alice' }));
  assert.deepEqual(decoded.map((d) => d.input), [
    { UserName: 'alice', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
    { PolicyName: 'p', PolicyDocument: doc, Description: 'd', Tags: [{ Key: 'k', Value: 'v' }] },
    { UserName: 'alice' },
  ]);
  assert.equal(out.Policy!.AttachmentCount, 0);
  assert.equal(out.Policy!.IsAttachable, true);
  assert.equal(encodeQueryResponse(getOperation('iam', 'DeleteUser')!, {}, 'r'),
    '<DeleteUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteUserResponse>');
});

test('ListRoles: Marker/MaxItems typed in, IsTruncated/Marker/lists out', async () => {
  const role = { Path: '/', RoleName: 'r1', RoleId: 'AROAEXAMPLE', Arn: 'arn:aws:iam::123456789012:role/r1', CreateDate: created, MaxSessionDuration: 3600 };
  const { client, decoded } = iam( () => ({ Roles: [role, { ...role, RoleName: 'r2' }], IsTruncated: true, Marker: 'next+/=' }));
  const out = await client.send(new ListRolesCommand({ Marker: 'm 1', MaxItems: 2, PathPrefix: '/' }));
  assert.deepEqual(decoded[0]!.input, { Marker: 'm 1', MaxItems: 2, PathPrefix: '/' });
  assert.equal(out.IsTruncated, true);
  assert.equal(out.Marker, 'next+/=');
  assert.deepEqual(out.Roles!.map((r) => r.RoleName), ['r1', 'r2']);
  assert.equal(out.Roles![0]!.MaxSessionDuration, 3600);
});

test('an empty list output still decodes as a list', async () => {
  const { client } = iam( () => ({ Roles: [], IsTruncated: false }));
  const out = await client.send(new ListRolesCommand({}));
  assert.deepEqual(out.Roles, []);
  assert.equal(out.IsTruncated, false);
});

test('unparseable numbers are a ValidationError; unknown params are ignored', () => {
  const op = getOperation('iam', 'ListRoles')!;
  assert.throws(() => decodeQueryInput(op, parseQueryString('MaxItems=ten')), (e: unknown) => e instanceof AwsError && e.code === 'ValidationError' && e.status === 400);
  assert.deepEqual(decodeQueryInput(op, parseQueryString('Action=ListRoles&Version=2010-05-08&Bogus.member.1=x&MaxItems=5')), { MaxItems: 5 });
});

test('errors: the SDK throws the modeled exception with status and message', async () => {
  const { client } = iam( (op) => {
    if (op === 'CreateUser') throw new AwsError('EntityAlreadyExists', 'User with name alice already exists.', 409);
    throw new AwsError('NoSuchEntity', 'The user with name bob cannot be found.', 404);
  });
  await assert.rejects(client.send(new CreateUserCommand({ UserName: 'alice' })), (e: any) =>
    e instanceof EntityAlreadyExistsException && e.name === 'EntityAlreadyExistsException' &&
    e.$metadata.httpStatusCode === 409 && e.message === 'User with name alice already exists.' && e.$metadata.requestId === 'req-1');
  await assert.rejects(client.send(new GetUserCommand({ UserName: 'bob' })), (e: any) =>
    e instanceof NoSuchEntityException && e.$metadata.httpStatusCode === 404 && e.$fault === 'client');
});

test('STS AssumeRole: DurationSeconds/Tags/PolicyArns in, Credentials.Expiration out', async () => {
  const expiration = new Date('2030-01-01T00:00:00Z');
  const { client, decoded } = sts( () => ({
    Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 's', SessionToken: 't', Expiration: expiration },
    AssumedRoleUser: { AssumedRoleId: 'AROAEXAMPLE:s', Arn: 'arn:aws:sts::123456789012:assumed-role/r/s' },
    PackedPolicySize: 6,
  }));
  const out = await client.send(new AssumeRoleCommand({
    RoleArn: 'arn:aws:iam::123456789012:role/r', RoleSessionName: 's', DurationSeconds: 900,
    Tags: [{ Key: 'project', Value: 'x' }], PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }], TransitiveTagKeys: ['project'],
  }));
  assert.deepEqual(decoded[0]!.input, {
    RoleArn: 'arn:aws:iam::123456789012:role/r', RoleSessionName: 's', DurationSeconds: 900,
    Tags: [{ Key: 'project', Value: 'x' }], PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }], TransitiveTagKeys: ['project'],
  });
  assert.equal(out.Credentials!.Expiration!.getTime(), expiration.getTime());
  assert.equal(out.AssumedRoleUser!.Arn, 'arn:aws:sts::123456789012:assumed-role/r/s');
  assert.equal(out.PackedPolicySize, 6);
});

test('STS GetCallerIdentity and the STS namespace', async () => {
  const { client } = sts( () => ({ UserId: 'AIDAEXAMPLE', Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/alice' }));
  const out = await client.send(new GetCallerIdentityCommand({}));
  assert.deepEqual({ UserId: out.UserId, Account: out.Account, Arn: out.Arn }, { UserId: 'AIDAEXAMPLE', Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/alice' });
  const xml = encodeQueryResponse(getOperation('sts', 'GetCallerIdentity')!, { Account: '1' }, 'r');
  assert.match(xml, /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><GetCallerIdentityResult><Account>1<\/Account><\/GetCallerIdentityResult>/);
});

test('encodeQueryError shape', () => {
  const { status, body } = encodeQueryError('sts', new AwsError('AccessDenied', 'no <way>', 403), 'r1');
  assert.equal(status, 403);
  assert.equal(body, '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>no &lt;way&gt;</Message></Error><RequestId>r1</RequestId></ErrorResponse>');
});
