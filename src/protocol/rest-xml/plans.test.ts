/**
 * The S3 router's groups hold every route spec, in order (so it picks as the
 * scan of all specs did), and the decoder's per-operation plans agree with the
 * version they replaced (test/support/codec-oracle/): the same input or error
 * for every S3 and S3 Control operation on generated query parameters, headers
 * (any case, repeated) and bodies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { getOperation, listOperations, type ServiceName } from '../models.js';
import { routeSpecs, type HttpIn, type RouteSpec } from './route.js';
import { decodeRestXmlInput } from './decode.js';
import { lowerCaseHeaders } from './bindings.js';
import { decodeRestXmlInput as referenceDecode } from '../../../test/support/codec-oracle/rest-xml-decode.js';
import { outcome, text } from '../../../test/support/codec-oracle/arbitrary.js';

/** Query parameter and header names the S3 models bind, and sub-resources from their URIs. */
function boundNames(services: ServiceName[]) {
  const query = new Set<string>(['x-id']);
  const headers = new Set<string>();
  for (const service of services) {
    for (const name of listOperations(service)) {
      const op = getOperation(service, name)!;
      for (const part of (op.http?.[1].split('?')[1] ?? '').split('&')) if (part) query.add(part.split('=')[0]!);
      if (!op.input.isStructSchema()) continue;
      for (const [, m] of op.input.structIterator()) {
        const t = m.getMergedTraits();
        if (typeof t.httpQuery === 'string') query.add(t.httpQuery);
        if (typeof t.httpHeader === 'string') headers.add(t.httpHeader);
      }
    }
  }
  return { query: [...query], headers: [...headers] };
}
const names = boundNames(['s3', 's3control']);

const values = fc.oneof(text, fc.constantFrom('', '1', '10', '-5', 'true', 'abc', 'Thu, 01 Jan 2024 00:00:00 GMT', '2024-01-01T00:00:00Z', 'a, b', 'ListObjectsV2', 'ListBuckets', 'GetObject'));
const queryArb = fc.array(fc.tuple(fc.constantFrom(...names.query), fc.oneof(values, fc.array(values, { minLength: 2, maxLength: 3 }))), { maxLength: 4 })
  .map((pairs) => new Map<string, string | string[]>(pairs));
const headerName = fc.oneof(
  fc.constantFrom(...names.headers).map((h) => h.toLowerCase()),
  fc.constantFrom(...names.headers),
  fc.constantFrom('x-amz-meta-a', 'X-Amz-Meta-B', 'content-type', 'host', 'x-amz-date'),
);
const headersArb = fc.array(fc.tuple(headerName, fc.oneof({ weight: 8, arbitrary: values }, { weight: 1, arbitrary: fc.array(values, { maxLength: 2 }) }, { weight: 1, arbitrary: fc.constant(undefined) })), { maxLength: 5 })
  .map((pairs) => Object.fromEntries(pairs) as Record<string, string>);
const request = fc.record({
  method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'get'),
  path: fc.constantFrom('/', '/b', '/b/', '/b/k', '/b/k/x%2Fy', '/b/%zz', '//'),
  query: queryArb,
  headers: headersArb,
  host: fc.constantFrom('127.0.0.1:4566', 'localhost:4566', 'b.localhost:4566', 's3.amazonaws.com', 'b.s3.us-east-1.amazonaws.com', 'B.S3.AMAZONAWS.COM'),
}) as fc.Arbitrary<HttpIn>;

test('routeS3 picks among the specs of its method and addressing: the groups hold every spec, in order', () => {
  const { all, groups, groupOf } = routeSpecs();
  const view = (x: RouteSpec) => ({ op: x.op.name, method: x.method, hasBucket: x.hasBucket, hasKey: x.hasKey, subResources: x.subResources, xId: x.xId, requiredQuery: x.requiredQuery, requiredHeaders: x.requiredHeaders });
  let grouped = 0;
  for (const [key, group] of groups) {
    // What the router scanned before grouping: every spec, skipping those of another method or addressing.
    const scanned = all.filter((x) => groupOf(x.method, x.hasBucket, x.hasKey) === key);
    assert.deepEqual(group.map(view), scanned.map(view), key);
    grouped += group.length;
  }
  assert.equal(grouped, all.length);
  assert.ok(all.length > 80, `${all.length} S3 routes`);
});

const body = fc.oneof(fc.constant(undefined), fc.constant(Buffer.alloc(0)), text.map((t) => Buffer.from(t)),
  fc.constantFrom('<Tagging><TagSet><Tag><Key>a</Key><Value>b</Value></Tag></TagSet></Tagging>', '<X/>', '<bad').map((t) => Buffer.from(t)));

for (const service of ['s3', 's3control'] as ServiceName[]) {
  test(`${service}: decodeRestXmlInput agrees with the reference, values and errors, for every operation`, () => {
    for (const name of listOperations(service)) {
      const op = getOperation(service, name)!;
      fc.assert(fc.property(request, fc.record({ bucket: fc.option(text, { nil: undefined }), key: fc.option(text, { nil: undefined }) }), body, (req, labels, b) => {
        assert.deepEqual(outcome(() => decodeRestXmlInput(op, req, labels, b)), outcome(() => referenceDecode(op, req, labels, b)), `${service}:${name}`);
      }), { numRuns: 20 });
    }
  });
}

test('lowerCaseHeaders hands back headers already in lower case with string values, and copies any other', () => {
  const plain = { host: 'h', 'x-amz-date': 'd' };
  assert.equal(lowerCaseHeaders(plain), plain);
  assert.deepEqual(lowerCaseHeaders({ Host: 'h', 'x-a': ['1', '2'], 'x-b': undefined }), { host: 'h', 'x-a': '1,2' });
  const listed = { host: 'h', 'x-a': ['1', '2'] };
  assert.notEqual(lowerCaseHeaders(listed), listed);
});
