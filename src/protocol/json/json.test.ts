/**
 * The awsJson 1.1 codec against its oracle, the real Organizations client: what the
 * SDK serializes decodes to the input it was given, and what we encode the SDK reads
 * back as the output (or the exception) we meant.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OrganizationsClient, CreateAccountCommand, CreatePolicyCommand, ListAccountsCommand, AttachPolicyCommand,
  DescribeCreateAccountStatusCommand, ListCreateAccountStatusCommand, DeletePolicyCommand, DescribeOrganizationCommand,
  ConstraintViolationException, DuplicatePolicyAttachmentException, AccessDeniedException, TooManyRequestsException,
  OrganizationsServiceException,
} from '@aws-sdk/client-organizations';
import { AwsError } from '../../core/aws-error.js';
import { oracleHandler, TEST_CLIENT_CONFIG, type CapturedRequest } from '../sdk-oracle.js';
import { operationForTarget, decodeJsonInput, encodeJsonResponse, encodeJsonError, JSON_CONTENT_TYPE } from './index.js';

type Handle = (op: string, input: Record<string, unknown>) => Record<string, unknown> | undefined;

/** A client whose every call is decoded by our codec, handed to `handle`, and its result encoded back. */
function organizations(handle: Handle) {
  const decoded: Array<{ op: string; input: Record<string, unknown> }> = [];
  const requestHandler = oracleHandler((req: CapturedRequest) => {
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/');
    assert.equal(req.headers['content-type'], JSON_CONTENT_TYPE);
    const op = operationForTarget('organizations', req.headers['x-amz-target']);
    const input = decodeJsonInput(op, req.body ?? '');
    decoded.push({ op: op.name, input });
    try {
      return { status: 200, headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': 'req-1' }, body: encodeJsonResponse(op, handle(op.name, input)) };
    } catch (e) {
      const { status, headers, body } = encodeJsonError('organizations', e as AwsError);
      return { status, headers: { ...headers, 'x-amzn-requestid': 'req-1' }, body };
    }
  });
  return { client: new OrganizationsClient({ ...TEST_CLIENT_CONFIG, requestHandler }), decoded };
}

const requested = new Date('2024-05-06T07:08:09.250Z');
const completed = new Date('2024-05-06T07:09:10Z');
const status = {
  Id: 'car-0123456789abcdef0123456789abcdef', AccountName: 'prod', State: 'SUCCEEDED',
  RequestedTimestamp: requested, CompletedTimestamp: completed, AccountId: '111122223333',
};

test('CreateAccount with Tags: input decodes, the status with its timestamps comes back as Dates', async () => {
  const { client, decoded } = organizations(() => ({ CreateAccountStatus: status }));
  const input = {
    Email: 'prod@example.com', AccountName: 'prod', RoleName: 'OrganizationAccountAccessRole',
    IamUserAccessToBilling: 'ALLOW' as const, Tags: [{ Key: 'env', Value: 'prod "quoted" \\ \u00e9' }, { Key: 'team', Value: '' }],
  };
  const out = await client.send(new CreateAccountCommand(input));
  assert.deepEqual(decoded[0], { op: 'CreateAccount', input });
  assert.ok(out.CreateAccountStatus!.RequestedTimestamp instanceof Date);
  assert.deepEqual({ ...out.CreateAccountStatus }, status);
  assert.equal(out.$metadata.httpStatusCode, 200);
  assert.equal(out.$metadata.requestId, 'req-1');
});

test('CreatePolicy, AttachPolicy, DescribeCreateAccountStatus decode to their inputs', async () => {
  const policy = { PolicySummary: { Id: 'p-examplepolicyid111', Arn: 'arn:aws:organizations::111111111111:policy/o-exampleorgid/service_control_policy/p-examplepolicyid111', Name: 'deny-regions', Description: '', Type: 'SERVICE_CONTROL_POLICY', AwsManaged: false }, Content: '{"Version":"2012-10-17"}' };
  const { client, decoded } = organizations((op) =>
    op === 'CreatePolicy' ? { Policy: policy } : op === 'DescribeCreateAccountStatus' ? { CreateAccountStatus: { ...status, State: 'FAILED', FailureReason: 'EMAIL_ALREADY_EXISTS' } } : undefined);
  const content = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotAction: ['iam:*'], Resource: '*' }] });
  const created = await client.send(new CreatePolicyCommand({ Content: content, Description: '', Name: 'deny-regions', Type: 'SERVICE_CONTROL_POLICY', Tags: [{ Key: 'k', Value: 'v' }] }));
  await client.send(new AttachPolicyCommand({ PolicyId: 'p-examplepolicyid111', TargetId: 'ou-ab12-11111111' }));
  const described = await client.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: status.Id }));
  assert.deepEqual(decoded.map((d) => d.input), [
    { Content: content, Description: '', Name: 'deny-regions', Type: 'SERVICE_CONTROL_POLICY', Tags: [{ Key: 'k', Value: 'v' }] },
    { PolicyId: 'p-examplepolicyid111', TargetId: 'ou-ab12-11111111' },
    { CreateAccountRequestId: status.Id },
  ]);
  assert.deepEqual(created.Policy, policy);
  assert.equal(created.Policy!.PolicySummary!.AwsManaged, false);
  assert.equal(described.CreateAccountStatus!.FailureReason, 'EMAIL_ALREADY_EXISTS');
});

test('ListAccounts with NextToken and MaxResults: numbers stay numbers; lists of structures come back', async () => {
  const joined = new Date('2020-01-02T03:04:05Z');
  const accounts = [
    { Id: '111111111111', Arn: 'arn:aws:organizations::111111111111:account/o-exampleorgid/111111111111', Email: 'm@example.com', Name: 'management', Status: 'ACTIVE', State: 'ACTIVE', JoinedMethod: 'INVITED', JoinedTimestamp: joined },
    { Id: '222222222222', Arn: 'arn:aws:organizations::111111111111:account/o-exampleorgid/222222222222', Email: 'p@example.com', Name: 'prod', Status: 'ACTIVE', JoinedMethod: 'CREATED', JoinedTimestamp: joined, Paths: ['o-exampleorgid/r-ab12/ou-ab12-11111111/'] },
  ];
  const { client, decoded } = organizations(() => ({ Accounts: accounts, NextToken: 'page-2', Unmodelled: 'dropped' }));
  const out = await client.send(new ListAccountsCommand({ NextToken: 'page-1', MaxResults: 20 }));
  assert.deepEqual(decoded[0]!.input, { NextToken: 'page-1', MaxResults: 20 });
  assert.deepEqual(out.Accounts!.map((a) => ({ ...a })), accounts);
  assert.equal(out.NextToken, 'page-2');
  assert.equal((out as Record<string, unknown>).Unmodelled, undefined);
});

test('ListCreateAccountStatus: a list of strings decodes; an empty input is {}', async () => {
  const { client, decoded } = organizations(() => ({ CreateAccountStatuses: [] }));
  const out = await client.send(new ListCreateAccountStatusCommand({ States: ['IN_PROGRESS', 'FAILED'] }));
  await client.send(new ListAccountsCommand({}));
  assert.deepEqual(decoded.map((d) => d.input), [{ States: ['IN_PROGRESS', 'FAILED'] }, {}]);
  assert.deepEqual(out.CreateAccountStatuses, []);
});

test('operations without input or output: the SDK sends {} and reads {}', async () => {
  const { client, decoded } = organizations(() => undefined);
  const out = await client.send(new DeletePolicyCommand({ PolicyId: 'p-examplepolicyid111' }));
  const org = await client.send(new DescribeOrganizationCommand({}));
  assert.deepEqual(decoded.map((d) => d.op), ['DeletePolicy', 'DescribeOrganization']);
  assert.deepEqual(decoded[1]!.input, {});
  assert.equal(out.$metadata.httpStatusCode, 200);
  assert.equal(org.Organization, undefined);
});

test('errors: the modelled class, its @httpError status, message and modelled members', async () => {
  const errors: Record<string, AwsError> = {
    AttachPolicy: new AwsError('ConstraintViolationException', 'You have attached the maximum number of policies.', 400, { Reason: 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED', Unmodelled: 'x' }),
    DeletePolicy: new AwsError('DuplicatePolicyAttachmentException', 'The selected policy is already attached to the specified target.'),
    ListAccounts: new AwsError('AccessDeniedException', 'You don\'t have permissions to access this resource.', 403),
    CreatePolicy: new AwsError('TooManyRequestsException', 'Slow down.', 400, { Type: 'OrganizationsDefault' }),
  };
  const { client } = organizations((op) => {
    throw errors[op];
  });
  const attach = await client.send(new AttachPolicyCommand({ PolicyId: 'p-1', TargetId: 'r-ab12' })).catch((e: unknown) => e);
  assert.ok(attach instanceof ConstraintViolationException);
  assert.equal(attach.name, 'ConstraintViolationException');
  assert.equal(attach.message, 'You have attached the maximum number of policies.');
  assert.equal(attach.Reason, 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
  // @httpError 409 wins over the status the thrower guessed.
  assert.equal(attach.$metadata.httpStatusCode, 409);
  assert.equal(attach.$metadata.requestId, 'req-1');
  assert.equal((attach as unknown as Record<string, unknown>).Unmodelled, undefined);

  const dup = await client.send(new DeletePolicyCommand({ PolicyId: 'p-1' })).catch((e: unknown) => e);
  assert.ok(dup instanceof DuplicatePolicyAttachmentException);
  assert.equal(dup.$metadata.httpStatusCode, 409);

  const denied = await client.send(new ListAccountsCommand({})).catch((e: unknown) => e);
  assert.ok(denied instanceof AccessDeniedException);
  assert.equal(denied.$metadata.httpStatusCode, 403);
  assert.equal(denied.$fault, 'client');

  const throttled = await client.send(new CreatePolicyCommand({ Content: '{}', Description: '', Name: 'n', Type: 'SERVICE_CONTROL_POLICY' })).catch((e: unknown) => e);
  assert.ok(throttled instanceof TooManyRequestsException);
  assert.equal(throttled.Type, 'OrganizationsDefault');
  assert.equal(throttled.$metadata.httpStatusCode, 429);
});

test('errors not in the model keep their own status and reach the SDK by code', async () => {
  const { client } = organizations(() => {
    throw new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500);
  });
  const e = await client.send(new ListAccountsCommand({})).catch((err: unknown) => err);
  assert.ok(e instanceof OrganizationsServiceException);
  assert.equal(e.name, 'InternalFailure');
  assert.equal(e.$metadata.httpStatusCode, 500);
  assert.equal(e.message, 'The request processing has failed because of an unknown error, exception or failure.');
});

test('encodeJsonError: __type, the modelled Message member, x-amzn-ErrorType', () => {
  const out = encodeJsonError('organizations', new AwsError('ConstraintViolationException', 'limit', 400, { Reason: 'ACCOUNT_NUMBER_LIMIT_EXCEEDED' }));
  assert.equal(out.status, 409);
  assert.deepEqual(out.headers, { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-errortype': 'ConstraintViolationException' });
  assert.deepEqual(JSON.parse(out.body), { __type: 'ConstraintViolationException', Reason: 'ACCOUNT_NUMBER_LIMIT_EXCEEDED', Message: 'limit' });
});
