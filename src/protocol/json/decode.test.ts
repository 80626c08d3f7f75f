/**
 * The codec's edges: targets, bodies that are not the input, and the shape kinds
 * Organizations doesn't model (maps, blobs, sparse lists, documents, timestamp
 * formats), checked against the SDK's own JSON codec configured as awsJson 1.1
 * configures it (AwsJsonRpcProtocol: epoch seconds by default, @timestampFormat honoured).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonCodec2 } from '@smithy/core/protocols';
import { NormalizedSchema } from '@smithy/core/schema';
import { AwsError } from '../../core/aws-error.js';
import { getOperation, type OperationModel } from '../models.js';
import { operationForTarget, decodeJsonInput, encodeJsonResponse, encodeJsonError } from './index.js';

const rejects = (fn: () => unknown, code: string, message?: RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof AwsError && e.code === code && e.status === 400 && (!message || message.test(e.message)));

test('operationForTarget: the service prefix and a modelled operation, else UnknownOperationException', () => {
  assert.equal(operationForTarget('organizations', 'AWSOrganizationsV20161128.CreateAccount').name, 'CreateAccount');
  for (const target of [undefined, '', 'CreateAccount', 'AWSOrganizationsV20161128.NoSuchThing', 'AWSOrganizationsV20161128.', 'DynamoDB_20120810.CreateAccount', '.CreateAccount']) {
    rejects(() => operationForTarget('organizations', target), 'UnknownOperationException');
  }
  // The SDK reads the bare code; AWS sends this one without a message.
  assert.deepEqual(JSON.parse(encodeJsonError('organizations', new AwsError('UnknownOperationException', '', 400)).body), { __type: 'UnknownOperationException' });
});

const createAccount = getOperation('organizations', 'CreateAccount')!;
const listAccounts = getOperation('organizations', 'ListAccounts')!;

test('a body that is not a JSON object is a SerializationException', () => {
  rejects(() => decodeJsonInput(createAccount, '{"Email": '), 'SerializationException', /not valid JSON/);
  rejects(() => decodeJsonInput(createAccount, 'Email=a'), 'SerializationException');
  for (const body of ['[]', '"x"', '1', 'null']) rejects(() => decodeJsonInput(createAccount, body), 'SerializationException', /Expected a JSON object/);
  assert.deepEqual(decodeJsonInput(createAccount, ''), {});
  assert.deepEqual(decodeJsonInput(createAccount, Buffer.from(' {} ')), {});
});

test('values of the wrong JSON type are SerializationExceptions naming the member', () => {
  rejects(() => decodeJsonInput(listAccounts, '{"MaxResults": "20"}'), 'SerializationException', /a number for ListAccounts\.MaxResults, got a string/);
  rejects(() => decodeJsonInput(createAccount, '{"Email": 1}'), 'SerializationException', /a string for CreateAccount\.Email, got a number/);
  rejects(() => decodeJsonInput(createAccount, '{"Tags": {"Key": "a"}}'), 'SerializationException', /an array for CreateAccount\.Tags, got an object/);
  rejects(() => decodeJsonInput(createAccount, '{"Tags": ["a"]}'), 'SerializationException', /an object for CreateAccount\.Tags\[0\], got a string/);
  rejects(() => decodeJsonInput(createAccount, '{"Tags": [{"Key": true}]}'), 'SerializationException', /CreateAccount\.Tags\[0\]\.Key, got a boolean/);
});

test('members the schema lacks are ignored; null reads as absent', () => {
  assert.deepEqual(decodeJsonInput(createAccount, '{"Email": "a@b.c", "Nope": {"x": 1}, "RoleName": null, "Tags": [null, {"Key": "k", "Value": "v", "Extra": 1}]}'),
    { Email: 'a@b.c', Tags: [{ Key: 'k', Value: 'v' }] });
  // JSON.parse makes "__proto__" an own key; the result must not gain a prototype from it.
  const out = decodeJsonInput(createAccount, '{"__proto__": {"Email": "x"}, "AccountName": "a"}');
  assert.deepEqual(out, { AccountName: 'a' });
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
});

// A synthetic operation whose input and output hold every shape kind.
const Kinds = [3, 'test', 'Kinds', 0,
  ['Str', 'Int', 'Dbl', 'Bool', 'Epoch', 'Iso', 'Http', 'Blob', 'Doc', 'Strings', 'Sparse', 'Dict', 'SparseDict', 'Nested', 'Items'],
  [0, 1, 1, 2, 4, 5, 6, 21, 15, 64 | 0, [1, 'test', 'SparseList', { sparse: 1 }, 0], 128 | 1, [2, 'test', 'SparseMap', { sparse: 1 }, 0, 0],
    [3, 'test', 'Nested', 0, ['When', 'Tags'], [7, 128 | 0]], [1, 'test', 'Items', 0, [3, 'test', 'Item', 0, ['Name', 'Data'], [0, 21]]]]];
const kindsOp: OperationModel = { service: 'organizations', name: 'Kinds', input: NormalizedSchema.of(Kinds as never), output: NormalizedSchema.of(Kinds as never) };
const sdkCodec = () => new JsonCodec2({ timestampFormat: { useTrait: true, default: 7 }, jsonName: false });

const value = {
  Str: 'a "b" \\ \u2028 é', Int: 42, Dbl: 1.5, Bool: false,
  Epoch: new Date('2024-05-06T07:08:09.250Z'), Iso: new Date('2024-05-06T07:08:09Z'), Http: new Date('2024-05-06T07:08:09Z'),
  Blob: new Uint8Array([0, 1, 254, 255]), Doc: { free: ['form', 1, null] },
  Strings: ['x', 'y'], Sparse: ['a', null, 'b'], Dict: { one: 1, two: 2 }, SparseDict: { a: 'x', gone: null },
  Nested: { When: new Date(0), Tags: { k: 'v' } }, Items: [{ Name: 'n', Data: new Uint8Array([104, 105]) }],
};
// Blobs as byte arrays, whether Uint8Array or Buffer (whose toJSON runs before any replacer).
const normalize = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x) => (x instanceof Uint8Array ? [...x] : x?.type === 'Buffer' && Array.isArray(x.data) ? x.data : x)));

test('every shape kind: what the SDK serializes decodes to the value', () => {
  const ser = sdkCodec().createSerializer();
  ser.write(Kinds as never, value);
  const bytes = ser.flush() as Uint8Array;
  const body = Buffer.from(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const decoded = decodeJsonInput(kindsOp, body);
  assert.ok(decoded.Epoch instanceof Date && decoded.Iso instanceof Date && decoded.Http instanceof Date);
  assert.deepEqual(normalize(decoded), normalize(value));
});

test('every shape kind: what we encode the SDK deserializes to the value', async () => {
  const out = await sdkCodec().createDeserializer().read(Kinds as never, encodeJsonResponse(kindsOp, value));
  assert.deepEqual(normalize(out), normalize(value));
  assert.equal((out as { Epoch: Date }).Epoch.getTime(), value.Epoch.getTime());
});

test('timestamps with @timestampFormat are strings; others epoch seconds', () => {
  const json = JSON.parse(encodeJsonResponse(kindsOp, { Epoch: value.Epoch, Iso: value.Iso, Http: value.Http, Blob: 'hi', Str: undefined }));
  assert.deepEqual(json, { Epoch: 1714979289.25, Iso: '2024-05-06T07:08:09Z', Http: 'Mon, 06 May 2024 07:08:09 GMT', Blob: 'aGk=' });
  rejects(() => decodeJsonInput(kindsOp, '{"Epoch": "2024-05-06T07:08:09Z"}'), 'SerializationException', /epoch seconds for Kinds\.Epoch/);
  rejects(() => decodeJsonInput(kindsOp, '{"Iso": "yesterday"}'), 'SerializationException', /timestamp string for Kinds\.Iso/);
  rejects(() => decodeJsonInput(kindsOp, '{"Dict": {"a": "1"}}'), 'SerializationException', /a number for Kinds\.Dict\.a/);
  rejects(() => decodeJsonInput(kindsOp, '{"Blob": 12}'), 'SerializationException', /base64 string for Kinds\.Blob/);
});
