/** The bastion scenario's setup (README: "The scenario, by hand"), made through the JS SDK as each account's root. */
import {
  AttachRolePolicyCommand, AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type { Credentials, TestGatehouse } from './gatehouse.js';

export interface ScenarioSetup {
  utilsId: string;
  prodId: string;
  roleArn: string;
  userPolicyArn: string;
  randomUser: Credentials;
}

export const trustAccount = (account: string) => JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: `arn:aws:iam::${account}:root` } }],
});

export const allow = (action: string, resource: string) => JSON.stringify({
  Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }],
});

export async function setUpScenario(gh: TestGatehouse): Promise<ScenarioSetup> {
  const utilsId = gh.account('utils').id;
  const prodId = gh.account('prod').id;
  const utils = gh.iam(gh.root('utils'));
  const prod = gh.iam(gh.root('prod'));

  const role = await prod.send(new CreateRoleCommand({ RoleName: 's3-list-role', AssumeRolePolicyDocument: trustAccount(utilsId) }));
  const list = await prod.send(new CreatePolicyCommand({ PolicyName: 's3_list_all', PolicyDocument: allow('s3:ListAllMyBuckets', '*') }));
  await prod.send(new AttachRolePolicyCommand({ RoleName: 's3-list-role', PolicyArn: list.Policy!.Arn }));

  await utils.send(new CreateUserCommand({ UserName: 'random_user', Tags: [{ Key: 'name', Value: 'random' }] }));
  const assume = await utils.send(new CreatePolicyCommand({ PolicyName: 'prod_s3', PolicyDocument: allow('sts:AssumeRole', role.Role!.Arn!) }));
  await utils.send(new AttachUserPolicyCommand({ UserName: 'random_user', PolicyArn: assume.Policy!.Arn }));
  const key = await utils.send(new CreateAccessKeyCommand({ UserName: 'random_user' }));

  await gh.s3(gh.root('prod')).send(new CreateBucketCommand({ Bucket: `prod-data-${prodId}` }));
  await gh.s3(gh.root('utils')).send(new CreateBucketCommand({ Bucket: `utils-logs-${utilsId}` }));
  return {
    utilsId, prodId, roleArn: role.Role!.Arn!, userPolicyArn: assume.Policy!.Arn!,
    randomUser: { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! },
  };
}
