/**
 * `gatehouse demo`: the bastion-account scenario (README, "The scenario, by hand") against a
 * fresh temporary server, every step printed with its outcome — the
 * denials included, with AWS's own error codes and messages.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  IAMClient, AttachRolePolicyCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand,
  CreateUserCommand, DetachUserPolicyCommand, UpdateAssumeRolePolicyCommand, ListUsersCommand,
} from '@aws-sdk/client-iam';
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { S3Client, CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import {
  OrganizationsClient, AttachPolicyCommand, CreatePolicyCommand as CreateOrgPolicyCommand, EnablePolicyTypeCommand, ListRootsCommand,
} from '@aws-sdk/client-organizations';
import { startServer, type RunningServer } from '../server/start.js';
import { explainRequest } from '../services/explain.js';
import { render } from './commands/explain.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
type Out = NodeJS.WritableStream;

const policy = (statement: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

export async function runDemo(out: Out): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-demo-'));
  // utils manages an organization that prod is a member of, as `gatehouse serve --organization` makes it.
  const server = await startServer({ port: 0, dataDir, accounts: ['utils', 'prod'], organization: true });
  try {
    return await walkthrough(server, out);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function walkthrough(server: RunningServer, out: Out): Promise<number> {
  const cfg = (credentials: Creds, region = 'us-east-1') => ({ endpoint: server.url, region, credentials, maxAttempts: 1 });
  const iam = (c: Creds) => new IAMClient(cfg(c));
  const sts = (c: Creds) => new STSClient(cfg(c));
  const s3 = (c: Creds, region?: string) => new S3Client({ ...cfg(c, region), forcePathStyle: true });
  const orgs = (c: Creds) => new OrganizationsClient(cfg(c));
  const root = (name: string): Creds => {
    const a = server.accounts.find((x) => x.name === name)!;
    return { accessKeyId: a.rootAccessKeyId, secretAccessKey: a.rootSecretAccessKey };
  };
  const utilsId = server.accounts.find((a) => a.name === 'utils')!.id;
  const prodId = server.accounts.find((a) => a.name === 'prod')!.id;
  let failures = 0;

  const say = (text: string) => out.write(`${text}\n`);
  /** A step that should succeed. */
  async function ok<T>(label: string, fn: () => Promise<T>, show: (r: T) => string = () => ''): Promise<T> {
    try {
      const r = await fn();
      const detail = show(r);
      say(`  ✔ ${label}${detail ? `\n      → ${detail}` : ''}`);
      return r;
    } catch (e) {
      failures++;
      say(`  ✘ ${label}\n      → unexpected ${(e as Error).name}: ${(e as Error).message}`);
      throw e;
    }
  }
  /** A step that AWS would refuse, with the code it would refuse it with. */
  async function denied(label: string, code: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
      failures++;
      say(`  ✘ ${label}\n      → allowed, but AWS would answer ${code}`);
    } catch (e) {
      const err = e as Error;
      const expected = err.name === code;
      if (!expected) failures++;
      say(`  ${expected ? '✔' : '✘'} ${label}\n      → ${err.name}: ${err.message}`);
    }
  }

  say('Gatehouse demo: the bastion-account scenario — users live in utils and reach prod by assuming a role there (README: "The scenario, by hand")');
  say(`server ${server.url}; accounts utils=${utilsId} (the bastion, holds the users), prod=${prodId} (holds the resources)\n`);

  say('1. prod: a role that utils may assume, allowed only to list buckets');
  const trust = policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: `arn:aws:iam::${utilsId}:root` } });
  const role = await ok('create role s3-list-role, trust policy naming utils\'s root', () =>
    iam(root('prod')).send(new CreateRoleCommand({ RoleName: 's3-list-role', AssumeRolePolicyDocument: trust })), (r) => r.Role!.Arn!);
  const listAll = await ok('create policy s3_list_all (s3:ListAllMyBuckets on *)', () =>
    iam(root('prod')).send(new CreatePolicyCommand({ PolicyName: 's3_list_all', PolicyDocument: policy({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }) })));
  await ok('attach it to the role', () => iam(root('prod')).send(new AttachRolePolicyCommand({ RoleName: 's3-list-role', PolicyArn: listAll.Policy!.Arn })));
  await ok(`create bucket prod-data-${prodId}`, () => s3(root('prod')).send(new CreateBucketCommand({ Bucket: `prod-data-${prodId}` })));

  say('\n2. utils: random_user, allowed to assume that role');
  await ok('create user random_user', () => iam(root('utils')).send(new CreateUserCommand({ UserName: 'random_user', Tags: [{ Key: 'name', Value: 'random' }] })));
  const assumePolicy = await ok('create policy prod_s3 (sts:AssumeRole on the role)', () =>
    iam(root('utils')).send(new CreatePolicyCommand({ PolicyName: 'prod_s3', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role.Role!.Arn }) })));
  await ok('attach it to random_user', () => iam(root('utils')).send(new AttachUserPolicyCommand({ UserName: 'random_user', PolicyArn: assumePolicy.Policy!.Arn })));
  const key = await ok('create an access key for random_user', () => iam(root('utils')).send(new CreateAccessKeyCommand({ UserName: 'random_user' })), (r) => r.AccessKey!.AccessKeyId!);
  const user: Creds = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };

  say('\n3. random_user assumes the role and lists prod\'s buckets');
  await ok('sts get-caller-identity as random_user', () => sts(user).send(new GetCallerIdentityCommand({})), (r) => r.Arn!);
  const assumed = await ok('sts assume-role s3-list-role', () =>
    sts(user).send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn, RoleSessionName: 'demo' })), (r) => `${r.AssumedRoleUser!.Arn} (key ${r.Credentials!.AccessKeyId}, expires ${r.Credentials!.Expiration!.toISOString()})`);
  const c = assumed.Credentials!;
  const session: Creds = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
  await ok('s3api list-buckets with the session', () => s3(session).send(new ListBucketsCommand({})), (r) => (r.Buckets ?? []).map((b) => b.Name).join(', '));

  say('\n4. what must be refused');
  await denied('the session creates a bucket', 'AccessDenied', () => s3(session).send(new CreateBucketCommand({ Bucket: `not-allowed-${prodId}` })));
  await denied('the session reads IAM', 'AccessDenied', () => iam(session).send(new ListUsersCommand({})));
  await denied('the session assumes a further role', 'AccessDenied', () => sts(session).send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn, RoleSessionName: 'again' })));
  await ok('create other_user in utils, with a key but no policy', () => iam(root('utils')).send(new CreateUserCommand({ UserName: 'other_user' })));
  const otherKey = (await iam(root('utils')).send(new CreateAccessKeyCommand({ UserName: 'other_user' }))).AccessKey!;
  await denied('other_user assumes the role', 'AccessDenied', () =>
    sts({ accessKeyId: otherKey.AccessKeyId!, secretAccessKey: otherKey.SecretAccessKey! }).send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn, RoleSessionName: 'other' })));
  await ok('detach prod_s3 from random_user (trust alone remains)', () => iam(root('utils')).send(new DetachUserPolicyCommand({ UserName: 'random_user', PolicyArn: assumePolicy.Policy!.Arn })));
  await denied('random_user assumes the role with only the trust policy', 'AccessDenied', () => sts(user).send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn, RoleSessionName: 'half' })));
  await ok('re-attach prod_s3, and make the trust policy name another account', async () => {
    await iam(root('utils')).send(new AttachUserPolicyCommand({ UserName: 'random_user', PolicyArn: assumePolicy.Policy!.Arn }));
    await iam(root('prod')).send(new UpdateAssumeRolePolicyCommand({ RoleName: 's3-list-role', PolicyDocument: trust.replace(utilsId, '123456789012') }));
  });
  await denied('random_user assumes the role with only its own policy', 'AccessDenied', () => sts(user).send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn, RoleSessionName: 'half' })));
  await denied('a request signed with a wrong secret', 'SignatureDoesNotMatch', () => sts({ ...user, secretAccessKey: 'x'.repeat(40) }).send(new GetCallerIdentityCommand({})));
  await denied('an unknown access key', 'InvalidClientTokenId', () => sts({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) }).send(new GetCallerIdentityCommand({})));

  say(`\n5. Organizations: prod is a member of utils's organization ${server.organization!.id}; a region-deny SCP fences it`);
  const rootId = (await orgs(root('utils')).send(new ListRootsCommand({}))).Roots![0].Id!;
  await ok(`utils enables service control policies on root ${rootId} (AWS's FullAWSAccess goes on every root, OU and account)`, () =>
    orgs(root('utils')).send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' })));
  const regionDeny = policy({
    Effect: 'Deny', NotAction: ['iam:*', 'organizations:*', 'sts:*'], Resource: '*',
    Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1'] } },
  });
  const scp = await ok('utils creates SCP region-deny: Deny all but IAM, Organizations and STS outside us-east-1', () =>
    orgs(root('utils')).send(new CreateOrgPolicyCommand({ Name: 'region-deny', Description: 'us-east-1 only', Type: 'SERVICE_CONTROL_POLICY', Content: regionDeny })), (r) => r.Policy!.PolicySummary!.Id!);
  await ok('attach it to prod', () => orgs(root('utils')).send(new AttachPolicyCommand({ PolicyId: scp.Policy!.PolicySummary!.Id, TargetId: prodId })));
  await ok('the session lists prod\'s buckets in us-east-1 as before', () => s3(session).send(new ListBucketsCommand({})), (r) => (r.Buckets ?? []).map((b) => b.Name).join(', '));
  await denied('the session lists them in eu-central-1', 'AccessDenied', () => s3(session, 'eu-central-1').send(new ListBucketsCommand({})));
  await denied('so does prod\'s root user: SCPs bind a member account\'s root user too', 'AccessDenied', () => s3(root('prod'), 'eu-central-1').send(new ListBucketsCommand({})));
  await ok('utils\'s root lists its buckets in eu-central-1: SCPs never bind the management account', () => s3(root('utils'), 'eu-central-1').send(new ListBucketsCommand({})), () => 'allowed');
  say('  gatehouse explain of the session\'s refusal:');
  const why = explainRequest(server.runtime.store, {
    principal: role.Role!.Arn!, action: 's3:ListAllMyBuckets', resource: '*',
    context: { 'aws:RequestedRegion': 'eu-central-1' }, sessionPolicies: [],
  });
  say(render(why).trimEnd().split('\n').map((l) => `      ${l}`).join('\n'));

  say('\n6. sessions expire');
  server.runtime.clock.advance(3601);
  say('  … the server clock moves one hour on (gatehouse clock advance 3601)');
  await denied('the session, an hour later', 'ExpiredToken', () => s3(session).send(new ListBucketsCommand({})));

  say(failures === 0 ? '\nEvery step answered as AWS would.' : `\n${failures} step(s) did not answer as AWS would.`);
  return failures === 0 ? 0 : 1;
}
