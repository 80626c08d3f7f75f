/**
 * DecodeAuthorizationMessage (STS API Reference): needs
 * sts:DecodeAuthorizationMessage; decodes the messages Gatehouse encodes
 * (AWS's DecodedMessage shape) for the caller's account only; anything else
 * is InvalidAuthorizationMessageException.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeAuthorizationMessageCommand, type STSServiceException } from '@aws-sdk/client-sts';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { evaluate, type AuthzRequest } from '../src/policy/index.js';
import { encodeAuthorizationMessage } from '../src/services/sts/authorization-message.js';
import { TestGatehouse, type Credentials } from './support/gatehouse.js';

async function rejects(p: Promise<unknown>, name: string, status: number, message?: RegExp) {
  try {
    await p;
  } catch (e) {
    const err = e as STSServiceException;
    assert.equal(err.name, name, `expected ${name}, got ${err.name}: ${err.message}`);
    assert.equal(err.$metadata.httpStatusCode, status);
    if (message) assert.match(err.message, message);
    return;
  }
  assert.fail(`expected ${name}, but the call succeeded`);
}

describe('DecodeAuthorizationMessage', () => {
  let gh: TestGatehouse;
  let account: string;
  const user = async (name: string, allowed: boolean): Promise<Credentials> => {
    const iam = gh.iam(gh.root('utils'));
    await iam.send(new CreateUserCommand({ UserName: name }));
    if (allowed) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'decode', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:DecodeAuthorizationMessage', Resource: '*' }] }) }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
  };
  before(async () => {
    gh = await TestGatehouse.start();
    account = gh.account('utils').id;
  });
  after(() => gh.dispose());

  test('a message Gatehouse encoded decodes to AWS\'s DecodedMessage shape; others, altered ones and other accounts\' are refused', async () => {
    const req: AuthzRequest = {
      principal: { type: 'User', arn: `arn:aws:iam::${account}:user/x`, account, userId: 'AIDAEXAMPLE' },
      action: 'ec2:RunInstances', resource: '*', context: { 'aws:SourceIp': '127.0.0.1' },
    };
    const encoded = encodeAuthorizationMessage(gh.server.runtime.sealingKey, req, evaluate(req, { identity: [] }));
    const reader = await user('reader', true);
    const out = await gh.sts(reader).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }));
    const decoded = JSON.parse(out.DecodedMessage!);
    assert.equal(decoded.allowed, false);
    assert.equal(decoded.explicitDeny, false);
    assert.equal(decoded.context.action, 'ec2:RunInstances');
    assert.equal(decoded.context.principal.arn, `arn:aws:iam::${account}:user/x`);
    assert.deepEqual(decoded.context.conditions.items, [{ key: 'aws:SourceIp', values: { items: [{ value: '127.0.0.1' }] } }]);

    await rejects(gh.sts(await user('nobody', false)).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded })), 'AccessDenied', 403,
      /is not authorized to perform: sts:DecodeAuthorizationMessage/);
    await rejects(gh.sts(reader).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'garbage' })), 'InvalidAuthorizationMessageException', 400);
    const flipped = encoded.slice(0, 30) + (encoded[30] === 'A' ? 'B' : 'A') + encoded.slice(31);
    await rejects(gh.sts(reader).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: flipped })), 'InvalidAuthorizationMessageException', 400);
    await rejects(gh.sts(gh.root('prod')).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded })), 'InvalidAuthorizationMessageException', 400);
  });
});
