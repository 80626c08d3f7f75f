/**
 * Account-level Block Public Access through the S3 Control API
 * (PutPublicAccessBlock / GetPublicAccessBlock / DeletePublicAccessBlock on
 * /v20180820/configuration/publicAccessBlock), combined with each bucket's own
 * setting as AWS does: "the most restrictive combination of the bucket-level
 * and account-level settings" (GetPublicAccessBlock).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  S3ControlClient, PutPublicAccessBlockCommand as PutAccountBlock, GetPublicAccessBlockCommand as GetAccountBlock,
  DeletePublicAccessBlockCommand as DeleteAccountBlock,
} from '@aws-sdk/client-s3-control';
import { CreateBucketCommand, PutObjectCommand, PutBucketPolicyCommand, DeletePublicAccessBlockCommand, GetBucketPolicyStatusCommand } from '@aws-sdk/client-s3';
import { PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { TestGatehouse, run, which, type Credentials } from './support/gatehouse.js';
import { rejects } from './support/errors.js';

/**
 * The SDK builds ACCOUNT_ID.HOST from a custom endpoint, which does not
 * resolve for 127.0.0.1; an endpointProvider that returns the endpoint as
 * given keeps the host as it is (the account id still travels in x-amz-account-id).
 */
function control(gh: TestGatehouse, creds: Credentials): S3ControlClient {
  const url = new URL(gh.server.url);
  return new S3ControlClient({ region: 'us-east-1', credentials: creds, maxAttempts: 1, endpoint: gh.server.url, endpointProvider: () => ({ url }) });
}

const publicRead = (bucket: string) => JSON.stringify({
  Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
});

describe('account-level Block Public Access (S3 Control, JS SDK)', () => {
  let gh: TestGatehouse;
  let prodId: string;
  before(async () => { gh = await TestGatehouse.start(); prodId = gh.account('prod').id; });
  after(() => gh.dispose());

  test('Put/Get/Delete round trip; none configured is NoSuchPublicAccessBlockConfiguration; another account id is AccessDenied', async () => {
    const c = control(gh, gh.root('prod'));
    const none = await rejects(c.send(new GetAccountBlock({ AccountId: prodId })), 'NoSuchPublicAccessBlockConfiguration', 404);
    assert.match(String((none as Error).message), /public access block configuration was not found/);
    await c.send(new PutAccountBlock({ AccountId: prodId, PublicAccessBlockConfiguration: { BlockPublicPolicy: true, RestrictPublicBuckets: true } }));
    assert.deepEqual((await c.send(new GetAccountBlock({ AccountId: prodId }))).PublicAccessBlockConfiguration,
      { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    // The account id must be the caller's own.
    await rejects(c.send(new GetAccountBlock({ AccountId: gh.account('utils').id })), 'AccessDenied', 403);
    await rejects(c.send(new PutAccountBlock({ AccountId: gh.account('utils').id, PublicAccessBlockConfiguration: { BlockPublicPolicy: false } })), 'AccessDenied', 403);
    // utils' own setting is separate from prod's.
    await rejects(control(gh, gh.root('utils')).send(new GetAccountBlock({ AccountId: gh.account('utils').id })), 'NoSuchPublicAccessBlockConfiguration', 404);
    await c.send(new DeleteAccountBlock({ AccountId: prodId }));
    await rejects(c.send(new GetAccountBlock({ AccountId: prodId })), 'NoSuchPublicAccessBlockConfiguration', 404);
  });

  test('a user needs s3:GetAccountPublicAccessBlock / s3:PutAccountPublicAccessBlock (Delete is checked as Put)', async () => {
    const creds = await gh.userWithKey('prod', 'bpa-admin');
    const c = control(gh, creds);
    const denied = await rejects(c.send(new GetAccountBlock({ AccountId: prodId })), 'AccessDenied', 403);
    assert.match(String((denied as Error).message), /s3:GetAccountPublicAccessBlock/);
    await gh.iam(gh.root('prod')).send(new PutUserPolicyCommand({ UserName: 'bpa-admin', PolicyName: 'bpa', PolicyDocument: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:PutAccountPublicAccessBlock', Resource: '*' }],
    }) }));
    await c.send(new PutAccountBlock({ AccountId: prodId, PublicAccessBlockConfiguration: { BlockPublicAcls: true } }));
    await rejects(c.send(new GetAccountBlock({ AccountId: prodId })), 'AccessDenied', 403);
    await c.send(new DeleteAccountBlock({ AccountId: prodId }));
    await rejects(control(gh, gh.root('prod')).send(new GetAccountBlock({ AccountId: prodId })), 'NoSuchPublicAccessBlockConfiguration', 404);
  });

  test("a public policy is refused because of the account's BlockPublicPolicy alone; RestrictPublicBuckets of the account shuts anonymous readers out", async () => {
    const s3 = gh.s3(gh.root('prod'));
    const c = control(gh, gh.root('prod'));
    await s3.send(new CreateBucketCommand({ Bucket: 'acct-bpa' }));
    await s3.send(new PutObjectCommand({ Bucket: 'acct-bpa', Key: 'page.html', Body: 'hello' }));
    // The bucket's own block is gone: only the account's remains.
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'acct-bpa' }));
    await c.send(new PutAccountBlock({ AccountId: prodId, PublicAccessBlockConfiguration: { BlockPublicPolicy: true } }));
    const refused = await rejects(s3.send(new PutBucketPolicyCommand({ Bucket: 'acct-bpa', Policy: publicRead('acct-bpa') })), 'AccessDenied', 403);
    assert.match(String((refused as Error).message), /BlockPublicPolicy/);
    // With the account's block lifted the same policy goes in, and anonymous readers get the object.
    await c.send(new DeleteAccountBlock({ AccountId: prodId }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'acct-bpa', Policy: publicRead('acct-bpa') }));
    const url = `${gh.server.url}/acct-bpa/page.html`;
    assert.equal((await fetch(url)).status, 200);
    // RestrictPublicBuckets at the account level: the public policy no longer lets outsiders in.
    await c.send(new PutAccountBlock({ AccountId: prodId, PublicAccessBlockConfiguration: { RestrictPublicBuckets: true } }));
    assert.equal((await fetch(url)).status, 403);
    // The policy itself is still public ("Restrict... if the bucket has a public policy").
    assert.equal((await s3.send(new GetBucketPolicyStatusCommand({ Bucket: 'acct-bpa' }))).PolicyStatus!.IsPublic, true);
    await c.send(new DeleteAccountBlock({ AccountId: prodId }));
    assert.equal((await fetch(url)).status, 200);
  });
});

describe('account-level Block Public Access (AWS CLI)', async () => {
  const hasCli = await which('aws');
  let gh: TestGatehouse;
  before(async () => { gh = await TestGatehouse.start(); });
  after(() => gh?.dispose());

  test('aws s3control put/get/delete-public-access-block through Gatehouse named as HTTP proxy; then a public policy refused by the account setting', { skip: !hasCli && 'aws CLI not installed' }, async () => {
    const prodId = gh.account('prod').id;
    // The CLI sends to http://ACCOUNT_ID.127.0.0.1:PORT/…, a host no resolver knows; through a proxy
    // the name is never looked up, and Gatehouse serves the absolute-form request itself.
    const env = gh.env({ HTTP_PROXY: gh.server.url, http_proxy: gh.server.url, NO_PROXY: '', no_proxy: '' });
    const control = (...args: string[]) => run('aws', ['--profile', 'prod', 's3control', ...args, '--account-id', prodId, '--endpoint-url', gh.server.url], env);
    let r = await control('get-public-access-block');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /NoSuchPublicAccessBlockConfiguration/);
    r = await control('put-public-access-block', '--public-access-block-configuration', 'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true');
    assert.equal(r.code, 0, r.stderr);
    r = await control('get-public-access-block');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    const s3api = (...args: string[]) => run('aws', ['--profile', 'prod', '--endpoint-url', gh.server.url, 's3api', ...args], gh.env());
    assert.equal((await s3api('create-bucket', '--bucket', 'cli-acct-bpa')).code, 0);
    assert.equal((await s3api('delete-public-access-block', '--bucket', 'cli-acct-bpa')).code, 0);
    r = await s3api('put-bucket-policy', '--bucket', 'cli-acct-bpa', '--policy', publicRead('cli-acct-bpa'));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /AccessDenied.*BlockPublicPolicy/s);
    r = await control('delete-public-access-block');
    assert.equal(r.code, 0, r.stderr);
    r = await s3api('put-bucket-policy', '--bucket', 'cli-acct-bpa', '--policy', publicRead('cli-acct-bpa'));
    assert.equal(r.code, 0, r.stderr);
    r = await control('get-public-access-block');
    assert.match(r.stderr, /NoSuchPublicAccessBlockConfiguration/);
  });
});
