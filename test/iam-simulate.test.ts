/**
 * IAM's policy simulator (SimulatePrincipalPolicy, SimulateCustomPolicy)
 * through the JS SDK and the AWS CLI: AWS's result shapes, the statements
 * that decided, missing context keys, and who may call it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  IAMClient, CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand, PutUserPermissionsBoundaryCommand, PutUserPolicyCommand,
  SimulateCustomPolicyCommand, SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { TestGatehouse, run, which, type Credentials } from './support/gatehouse.js';

const hasCli = await which('aws');

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

describe('IAM policy simulator', () => {
  let gh: TestGatehouse;
  let iam: IAMClient;
  let account: string;
  let aliceArn: string;

  before(async () => {
    gh = await TestGatehouse.start({ accounts: ['main'] });
    iam = gh.iam(gh.root('main'));
    account = gh.account('main').id;
    aliceArn = (await iam.send(new CreateUserCommand({ UserName: 'alice', Tags: [{ Key: 'team', Value: 'blue' }] }))).User!.Arn!;
    await iam.send(new PutUserPolicyCommand({
      UserName: 'alice', PolicyName: 'reads',
      PolicyDocument: doc(
        { Sid: 'Reads', Effect: 'Allow', Action: 's3:Get*', Resource: '*' },
        { Sid: 'NoSecrets', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::secret/*' },
        { Sid: 'TeamOnly', Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
      ),
    }));
  });
  after(() => gh.dispose());

  test('SimulatePrincipalPolicy: decisions per action and resource, deciding statements with positions', async () => {
    const out = await iam.send(new SimulatePrincipalPolicyCommand({
      PolicySourceArn: aliceArn, ActionNames: ['s3:GetObject', 'iam:ListUsers'], ResourceArns: ['arn:aws:s3:::public/a', 'arn:aws:s3:::secret/b'],
    }));
    const byPair = Object.fromEntries(out.EvaluationResults!.map((r) => [`${r.EvalActionName} ${r.EvalResourceName}`, r]));
    assert.equal(out.EvaluationResults!.length, 4);
    assert.equal(out.IsTruncated, false);
    const allowed = byPair['s3:GetObject arn:aws:s3:::public/a'];
    assert.equal(allowed.EvalDecision, 'allowed');
    assert.deepEqual(allowed.MatchedStatements, [{ SourcePolicyId: 'reads', SourcePolicyType: 'user', StartPosition: { Line: 4, Column: 5 }, EndPosition: { Line: 9, Column: 5 } }]);
    assert.equal(allowed.ResourceSpecificResults![0].EvalResourceDecision, 'allowed');
    const denied = byPair['s3:GetObject arn:aws:s3:::secret/b'];
    assert.equal(denied.EvalDecision, 'explicitDeny');
    assert.deepEqual(denied.MatchedStatements!.map((s) => s.StartPosition!.Line), [10], 'only the Deny statement is reported');
    assert.equal(byPair['iam:ListUsers arn:aws:s3:::public/a'].EvalDecision, 'implicitDeny');
    assert.deepEqual(byPair['iam:ListUsers arn:aws:s3:::public/a'].MatchedStatements, []);
  });

  test('SimulatePrincipalPolicy: MissingContextValues, ContextEntries, principal tags', async () => {
    const sim = (ContextEntries?: object[]) => iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: aliceArn, ActionNames: ['ec2:RunInstances'], ContextEntries } as never));
    const missing = (await sim()).EvaluationResults![0];
    assert.equal(missing.EvalDecision, 'implicitDeny');
    assert.deepEqual(missing.MissingContextValues, ['aws:MultiFactorAuthPresent']);
    const withMfa = (await sim([{ ContextKeyName: 'aws:MultiFactorAuthPresent', ContextKeyValues: ['true'], ContextKeyType: 'boolean' }])).EvaluationResults![0];
    assert.equal(withMfa.EvalDecision, 'allowed');
    assert.equal(withMfa.ResourceSpecificResults, undefined, 'no resource named, no per-resource results');
  });

  test('SimulatePrincipalPolicy: a boundary caps the user, and says so', async () => {
    const b = await iam.send(new CreatePolicyCommand({ PolicyName: 'only-s3', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }));
    await iam.send(new CreateUserCommand({ UserName: 'bounded' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'bounded', PolicyName: 'all', PolicyDocument: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }));
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: b.Policy!.Arn }));
    const out = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${account}:user/bounded`, ActionNames: ['s3:ListBucket', 'iam:ListUsers'] }));
    const [s3, listUsers] = out.EvaluationResults!;
    assert.deepEqual([s3.EvalDecision, s3.PermissionsBoundaryDecisionDetail], ['allowed', { AllowedByPermissionsBoundary: true }]);
    assert.deepEqual([listUsers.EvalDecision, listUsers.PermissionsBoundaryDecisionDetail], ['implicitDeny', { AllowedByPermissionsBoundary: false }]);
  });

  test('SimulatePrincipalPolicy: AWS errors for unknown sources and callers that are not users', async () => {
    await assert.rejects(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${account}:user/nobody`, ActionNames: ['s3:GetObject'] })),
      (e: Error) => e.name === 'NoSuchEntityException' && e.message === 'The user with name nobody cannot be found.');
    await assert.rejects(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: aliceArn, ActionNames: ['s3:GetObject'], CallerArn: `arn:aws:iam::${account}:role/r` })),
      (e: Error) => e.name === 'InvalidInputException');
  });

  test('SimulateCustomPolicy: input lists, resource policy with a caller, paging', async () => {
    const bucketPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: aliceArn }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' }] });
    const out = await iam.send(new SimulateCustomPolicyCommand({
      PolicyInputList: [doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' })],
      ActionNames: ['s3:GetObject', 's3:ListBucket', 's3:PutObject'], ResourceArns: ['arn:aws:s3:::shared/x'],
      ResourcePolicy: bucketPolicy, CallerArn: aliceArn, MaxItems: 2,
    }));
    assert.deepEqual(out.EvaluationResults!.map((r) => [r.EvalActionName, r.EvalDecision, r.MatchedStatements![0]?.SourcePolicyId]),
      [['s3:GetObject', 'allowed', 'ResourcePolicy'], ['s3:ListBucket', 'allowed', 'PolicyInputList.1']]);
    assert.equal(out.IsTruncated, true);
    const rest = await iam.send(new SimulateCustomPolicyCommand({
      PolicyInputList: [doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' })],
      ActionNames: ['s3:GetObject', 's3:ListBucket', 's3:PutObject'], ResourceArns: ['arn:aws:s3:::shared/x'],
      ResourcePolicy: bucketPolicy, CallerArn: aliceArn, Marker: out.Marker,
    }));
    assert.deepEqual(rest.EvaluationResults!.map((r) => [r.EvalActionName, r.EvalDecision]), [['s3:PutObject', 'implicitDeny']]);
    await assert.rejects(iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: ['{"Statement":[]}'], ActionNames: ['s3:GetObject'] })),
      (e: Error) => e.name === 'InvalidInputException' && /PolicyInputList\.1: Syntax errors in policy\./.test(e.message));
  });

  test('the simulator needs iam:SimulatePrincipalPolicy on the source', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'auditor' }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'auditor' }))).AccessKey!;
    const auditor = gh.iam({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! } as Credentials);
    await assert.rejects(auditor.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: aliceArn, ActionNames: ['s3:GetObject'] })),
      (e: Error) => e.name === 'AccessDenied' && e.message.endsWith(`not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${aliceArn} because no identity-based policy allows the iam:SimulatePrincipalPolicy action`));
    await iam.send(new PutUserPolicyCommand({ UserName: 'auditor', PolicyName: 'sim', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:Simulate*', Resource: '*' }) }));
    const out = await auditor.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: aliceArn, ActionNames: ['s3:GetObject'] }));
    assert.equal(out.EvaluationResults![0].EvalDecision, 'allowed');
  });

  test('aws iam simulate-principal-policy (AWS CLI)', { skip: !hasCli && 'no aws command' }, async () => {
    const r = await run('aws', ['iam', 'simulate-principal-policy', '--profile', 'main', '--policy-source-arn', aliceArn,
      '--action-names', 's3:GetObject', 's3:DeleteObject', '--resource-arns', 'arn:aws:s3:::secret/x', '--output', 'json'], gh.env());
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.EvaluationResults.map((x: { EvalDecision: string }) => x.EvalDecision), ['explicitDeny', 'explicitDeny']);
    assert.equal(out.EvaluationResults[0].MatchedStatements[0].SourcePolicyId, 'reads');
  });
});
