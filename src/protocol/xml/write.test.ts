/**
 * The compiled writers (xml/write.ts, the per-operation envelopes and plans
 * of query/encode.ts and rest-xml/encode.ts) write exactly the bytes the
 * schema-walking ones they replaced wrote (test/support/codec-oracle/), for
 * every IAM, STS and S3 operation's output on generated values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { NormalizedSchema } from '@smithy/core/schema';
import { getOperation, listOperations, type ServiceName } from '../models.js';
import { DATE_TIME } from '../scalars.js';
import { encodeQueryResponse } from '../query/encode.js';
import { encodeRestXmlResponse } from '../rest-xml/encode.js';
import * as reference from '../../../test/support/codec-oracle/xml-write.js';
import { encodeQueryResponse as referenceQueryResponse } from '../../../test/support/codec-oracle/query-encode.js';
import { encodeRestXmlResponse as referenceRestXmlResponse } from '../../../test/support/codec-oracle/rest-xml-encode.js';
import { outcome, text, valueOf } from '../../../test/support/codec-oracle/arbitrary.js';
import { escapeXml, writeElement } from './write.js';
import { HTTP_DATE } from '../scalars.js';

const RUNS = 15;

for (const service of ['iam', 'sts'] as ServiceName[]) {
  test(`${service}: encodeQueryResponse writes what the reference writer wrote, for every operation`, () => {
    for (const name of listOperations(service)) {
      const op = getOperation(service, name)!;
      const output = op.output.isStructSchema() ? valueOf(op.output) : fc.constant({});
      fc.assert(fc.property(output, text, (value, requestId) => {
        assert.deepEqual(
          outcome(() => encodeQueryResponse(op, value as Record<string, unknown>, requestId)),
          outcome(() => referenceQueryResponse(op, value as Record<string, unknown>, requestId)), `${service}:${name}`);
      }), { numRuns: RUNS });
    }
  });
}

const comparable = (r: { status: number; headers: Record<string, string>; body: unknown }) =>
  ({ status: r.status, headers: Object.entries(r.headers), body: Buffer.isBuffer(r.body) ? ['buffer', r.body.toString('hex')] : r.body });

for (const service of ['s3', 's3control'] as ServiceName[]) {
  test(`${service}: encodeRestXmlResponse writes what the reference encoder wrote (headers in order), for every operation`, () => {
    for (const name of listOperations(service)) {
      const op = getOperation(service, name)!;
      const output = op.output.isStructSchema() ? valueOf(op.output) : fc.constant({});
      fc.assert(fc.property(output, (value) => {
        assert.deepEqual(
          outcome(() => comparable(encodeRestXmlResponse(op, value as Record<string, unknown>))),
          outcome(() => comparable(referenceRestXmlResponse(op, value as Record<string, unknown>))), `${service}:${name}`);
      }), { numRuns: RUNS });
    }
  });
}

// Namespaces, attributes, flattened lists and maps, nested collections: S3's Grantee declares
// xmlns:xsi and an xsi:type attribute; the rest is a synthetic shape.
const Grantee = [3, 'test', 'Grantee', { xmlNamespace: ['xsi', 'http://www.w3.org/2001/XMLSchema-instance'] },
  ['DisplayName', 'Type'], [0, [0, { xmlAttribute: 1, xmlName: 'xsi:type' }]]];
const Tagged = [3, 'test', 'Tagged', 0, ['V', 'Kind'], [0, [0, { xmlAttribute: 1, xmlName: 'kind' }]]];
const Inner = [3, 'test', 'Inner', { xmlNamespace: ['', 'urn:inner'] }, ['A', 'When', 'Epoch', 'Http'], [0, 4, 7, 6]];
const Shape = [3, 'test', 'Shape', 0,
  ['Grantee', 'Inners', 'FlatInners', 'Lists', 'Maps', 'FlatMap', 'Blob', 'Named', 'NsList', 'Attr', 'InnerNsList', 'Tagged', 'TaggedList'],
  [() => Grantee, [1, 'test', 'InnerList', 0, () => Inner], [1, 'test', 'FlatInnerList', { xmlFlattened: 1 }, [() => Inner, { xmlName: 'Item' }]],
    [1, 'test', 'ListOfLists', 0, [64 | 0, { xmlName: 'L' }]], [1, 'test', 'ListOfMaps', 0, 128 | 1],
    [2, 'test', 'FlatMap', { xmlFlattened: 1 }, [0, { xmlName: 'K' }], [() => Inner, { xmlName: 'V' }]], 21, [0, { xmlName: 'Renamed' }],
    [1, 'test', 'NsList', { xmlNamespace: ['p', 'urn:list'] }, 0], [5, { xmlAttribute: 1 }],
    [1, 'test', 'InnerNsList', { xmlNamespace: ['', 'urn:inner'] }, () => Inner], () => Tagged, [1, 'test', 'TaggedList', 0, () => Tagged]],
];
const shape = NormalizedSchema.of(Shape as never);

test('writeElement matches the reference writer on namespaces, attributes and nested collections', () => {
  for (const style of [{ timestamps: DATE_TIME, millis: false }, { timestamps: DATE_TIME, millis: true }, { timestamps: HTTP_DATE, millis: false }] as const) {
    fc.assert(fc.property(valueOf(shape), fc.constantFrom(undefined, 'urn:inner', 'urn:list', 'http://www.w3.org/2001/XMLSchema-instance'), (value, parentNs) => {
      assert.deepEqual(outcome(() => writeElement(shape, 'Shape', value, style, parentNs)),
        outcome(() => reference.writeElement(shape, 'Shape', value, style, parentNs)));
    }), { numRuns: 300 });
  }
});

test('escapeXml: text without specials comes back as is; the rest as the reference escapes it', () => {
  fc.assert(fc.property(text, (s) => assert.equal(escapeXml(s), reference.escapeXml(s))), { numRuns: 500 });
  assert.equal(escapeXml('a&b<c>"\'\r'), 'a&amp;b&lt;c&gt;&quot;&apos;&#13;');
});
