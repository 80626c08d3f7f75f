/**
 * Shapes the IAM/STS/S3 round trips don't reach (maps, flattened maps,
 * lists of structures, blobs), checked against the SDK's own shape
 * serializer/deserializer on a synthetic schema.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QueryShapeSerializer, XmlShapeDeserializer } from '@aws-sdk/core/protocols';
import { NormalizedSchema } from '@smithy/core/schema';
import type { OperationModel } from '../models.js';
import { decodeQueryInput, parseQueryString } from '../query/index.js';
import { DATE_TIME } from '../scalars.js';
import { parseXmlDocument, readShape } from './read.js';
import { writeElement } from './write.js';

const Nested = [3, 'test', 'Nested', 0, ['A', 'When'], [0, 4]];
const NestedList = [1, 'test', 'NestedList', 0, () => Nested];
const Shape = [3, 'test', 'Shape', 0,
  ['Map', 'FlatList', 'Items', 'One', 'Flag', 'Count', 'Blob', 'FlatMap', 'Named'],
  [128 | 0, [64 | 0, { xmlFlattened: 1 }], () => NestedList, () => Nested, 2, 1, 21, [128 | 1, { xmlFlattened: 1 }], [0, { xmlName: 'Renamed' }]],
];
const schema = NormalizedSchema.of(Shape as never);

const value = {
  Map: { a: '1', 'b.c': '2' },
  FlatList: ['x', 'y z'],
  Items: [{ A: 'p', When: new Date('2024-01-02T03:04:05Z') }, { A: 'q' }],
  One: { A: '<&>' },
  Flag: false,
  Count: 42,
  Blob: Buffer.from('bytes'),
  FlatMap: { k: 7 },
  Named: 'n',
};

test('query decode reads what the SDK QueryShapeSerializer writes', () => {
  const ser = new QueryShapeSerializer({ timestampFormat: { useTrait: true, default: DATE_TIME }, serializeEmptyLists: true } as never);
  ser.write(Shape as never, value);
  const wire = (ser.flush() as string).slice(1);
  const op = { service: 'iam', name: 'Test', input: schema, output: schema } as OperationModel;
  const decoded = decodeQueryInput(op, parseQueryString(wire));
  assert.deepEqual({ ...decoded, Blob: Buffer.from(decoded.Blob as Uint8Array) }, value);
});

test('XML write is read back by the SDK XmlShapeDeserializer and by our reader', async () => {
  const xml = writeElement(schema, 'Shape', value, { timestamps: DATE_TIME, millis: false });
  const sdk = new XmlShapeDeserializer({ timestampFormat: { useTrait: true, default: DATE_TIME }, httpBindings: false } as never);
  const fromSdk = (await sdk.read(Shape as never, Buffer.from(xml))) as Record<string, unknown>;
  assert.deepEqual({ ...fromSdk, Blob: Buffer.from(fromSdk.Blob as Uint8Array) }, value);
  const [root, node] = parseXmlDocument(xml);
  assert.equal(root, 'Shape');
  const ours = readShape(schema, node, DATE_TIME) as Record<string, unknown>;
  assert.deepEqual(ours, value);
});

test('entities decode in one pass: numeric references yes, escaped ones stay text', () => {
  const [, node] = parseXmlDocument('<R><A>&amp;#x41; &#x41;&#66;&lt;&unknown;</A></R>');
  assert.deepEqual(readShape(NormalizedSchema.of(Nested as never), node, DATE_TIME), { A: '&#x41; AB<&unknown;' });
});
