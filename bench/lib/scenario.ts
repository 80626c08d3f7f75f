/**
 * The bastion scenario's state made through the JS SDK v3, the same calls for Gatehouse and moto:
 * in prod the role s3-list-role trusted by utils with s3_list_all attached and a bucket; in
 * utils random_user with prod_s3 (sts:AssumeRole on the role) and an access key.
 */
import {
  AttachRolePolicyCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Creds } from './sign.js';

const region = 'us-east-1';
export const iam = (endpoint: string, credentials: Creds) => new IAMClient({ endpoint, region, credentials });
export const sts = (endpoint: string, credentials: Creds) => new STSClient({ endpoint, region, credentials });
const s3 = (endpoint: string, credentials: Creds) => new S3Client({ endpoint, region, credentials, forcePathStyle: true });

const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

export interface Scenario { user: Creds; roleArn: string; session: Creds; userArn: string }

export async function setUpScenario(endpoint: string, utilsRoot: Creds, prodRoot: Creds): Promise<Scenario> {
  const utilsId = (await sts(endpoint, utilsRoot).send(new GetCallerIdentityCommand({}))).Account!;
  const prodId = (await sts(endpoint, prodRoot).send(new GetCallerIdentityCommand({}))).Account!;
  if (utilsId === prodId) throw new Error(`utils and prod resolve to the same account ${utilsId}`);
  const prod = iam(endpoint, prodRoot);
  const utils = iam(endpoint, utilsRoot);

  const role = await prod.send(new CreateRoleCommand({
    RoleName: 's3-list-role',
    AssumeRolePolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: `arn:aws:iam::${utilsId}:root` } }),
  }));
  const list = await prod.send(new CreatePolicyCommand({ PolicyName: 's3_list_all', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }) }));
  await prod.send(new AttachRolePolicyCommand({ RoleName: 's3-list-role', PolicyArn: list.Policy!.Arn }));
  await s3(endpoint, prodRoot).send(new CreateBucketCommand({ Bucket: `prod-data-${prodId}` }));

  const user = await utils.send(new CreateUserCommand({ UserName: 'random_user', Tags: [{ Key: 'name', Value: 'random' }] }));
  const assume = await utils.send(new CreatePolicyCommand({ PolicyName: 'prod_s3', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role.Role!.Arn }) }));
  await utils.send(new AttachUserPolicyCommand({ UserName: 'random_user', PolicyArn: assume.Policy!.Arn }));
  const key = await utils.send(new CreateAccessKeyCommand({ UserName: 'random_user' }));
  const userCreds = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };

  const assumed = await sts(endpoint, userCreds).send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn, RoleSessionName: 'bench', DurationSeconds: 3600 }));
  const c = assumed.Credentials!;
  return {
    user: userCreds, userArn: user.User!.Arn!, roleArn: role.Role!.Arn!,
    session: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! },
  };
}

/**
 * moto takes any key as the root of its default account (123456789012); assuming a role
 * ARN in another account (it need not exist) gives credentials in that account.
 */
export async function motoRoots(endpoint: string): Promise<{ utils: Creds; prod: Creds }> {
  const utils = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
  const r = await sts(endpoint, utils).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::210987654321:role/bench-admin', RoleSessionName: 'setup' }));
  const c = r.Credentials!;
  return { utils, prod: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } };
}
