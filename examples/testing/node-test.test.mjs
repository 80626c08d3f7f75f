// examples/testing/node-test.test.mjs — run with: node --test
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { startGatehouse } from 'gatehouse/testing';
import { IAMClient, CreateUserCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { S3Client, CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';

let gh;
before(async () => { gh = await startGatehouse({ accounts: ['utils', 'prod'] }); });
beforeEach(() => gh.reset());
after(() => gh.stop());

test('each account answers as itself', async () => {
  const sts = new STSClient(gh.clientConfig('prod'));
  const me = await sts.send(new GetCallerIdentityCommand({}));
  assert.equal(me.Account, gh.accounts.prod.id);
});

test('a test creates a user and a bucket', async () => {
  await new IAMClient(gh.clientConfig('utils')).send(new CreateUserCommand({ UserName: 'deployer' }));
  await new S3Client(gh.clientConfig('utils')).send(new CreateBucketCommand({ Bucket: 'utils-artifacts' }));
});

test('the next test starts from the estate as it was', async () => {
  const { Users } = await new IAMClient(gh.clientConfig('utils')).send(new ListUsersCommand({}));
  assert.deepEqual(Users, []);
  const { Buckets } = await new S3Client(gh.clientConfig('utils')).send(new ListBucketsCommand({}));
  assert.deepEqual(Buckets, []);
});
