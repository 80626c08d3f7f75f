/**
 * The query decoder's fast paths (plain text skips percent-decoding, flat
 * parameters skip the tree) and compiled plans agree with the decoder they
 * replaced (test/support/codec-oracle/query-decode.ts): same input, same
 * errors, for every IAM and STS operation on generated parameters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { QueryShapeSerializer } from '@aws-sdk/core/protocols';
import { getOperation, listOperations, type ServiceName } from '../models.js';
import { DATE_TIME } from '../scalars.js';
import * as reference from '../../../test/support/codec-oracle/query-decode.js';
import { outcome, text } from '../../../test/support/codec-oracle/arbitrary.js';
import { decodeQueryInput, parseQueryString } from './decode.js';

const encoded = fc.oneof(text, text.map(encodeURIComponent), fc.constantFrom('%', '%4', '%zz', '%E2%82', 'a+b', '%2B+%20', 'x=y=z', '&&', '=v', 'k='));

test('parseQueryString agrees with the reference on any text, malformed percent-encoding included', () => {
  const body = fc.array(fc.oneof(encoded, fc.tuple(encoded, encoded).map(([k, v]) => `${k}=${v}`)), { maxLength: 6 }).map((parts) => parts.join('&'));
  fc.assert(fc.property(fc.oneof(body, fc.string()), (s) => {
    assert.deepEqual(outcome(() => [...parseQueryString(s)]), outcome(() => [...reference.parseQueryString(s)]));
  }), { numRuns: 3000 });
  assert.deepEqual([...parseQueryString('a=1&b&c=x=y&&a=2&d=%41+b')], [['a', '1'], ['b', ''], ['c', 'x=y'], ['d', 'A b']]);
  assert.throws(() => parseQueryString('Action=X&Bad=%E2%82'), (e: Error & { code?: string }) =>
    e.code === 'MalformedQueryString' && e.message === 'The query string contains an invalid percent-encoding: %E2%82');
});

test('parseQueryString stays linear when names carry no "="', () => {
  const body = `${'a&'.repeat(200_000)}b=1`;
  const t = process.hrtime.bigint();
  assert.equal(parseQueryString(body).get('b'), '1');
  assert.ok(Number(process.hrtime.bigint() - t) / 1e6 < 2000);
});

/** Parameter names as clients build them (Tags.member.1.Key) and as they shouldn't (Tags.member.0, Tags.x). */
function names(service: ServiceName, op: string) {
  const input = getOperation(service, op)!.input;
  const top = input.isStructSchema() ? [...input.structIterator()].map(([n]) => n) : [];
  const segment = fc.constantFrom(...top, 'member', 'entry', 'key', 'value', 'Key', 'Value', 'arn', '1', '2', '3', '0', '01', 'x', '');
  return fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join('.'));
}

const values = fc.oneof(text, fc.constantFrom('', '7', ' 12 ', '-1', '1e3', 'ten', 'true', 'FALSE', 'yes', '2024-05-06T07:08:09Z', '1714979289', 'bad date', 'Zm9v'));

for (const service of ['iam', 'sts'] as ServiceName[]) {
  test(`${service}: decodeQueryInput agrees with the reference, values and errors, for every operation`, () => {
    for (const name of listOperations(service)) {
      const op = getOperation(service, name)!;
      fc.assert(fc.property(fc.array(fc.tuple(names(service, name), values), { maxLength: 8 }), (pairs) => {
        const params = new Map(pairs);
        assert.deepEqual(outcome(() => decodeQueryInput(op, params)), outcome(() => reference.decodeQueryInput(op, params)), `${service}:${name}`);
      }), { numRuns: 25 });
    }
  });
}

test('decodeQueryInput reads what the SDK QueryShapeSerializer writes for AssumeRole, as the reference does', () => {
  const op = getOperation('sts', 'AssumeRole')!;
  const input = {
    RoleArn: 'arn:aws:iam::123456789012:role/r', RoleSessionName: 's', DurationSeconds: 900, Policy: '{"a":"b & c"}',
    Tags: [{ Key: 'k', Value: 'v' }, { Key: 'k2', Value: '' }], PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }], TransitiveTagKeys: ['k'],
  };
  const ser = new QueryShapeSerializer({ timestampFormat: { useTrait: true, default: DATE_TIME }, serializeEmptyLists: true } as never);
  ser.write(op.input.getSchema() as never, input);
  const wire = (ser.flush() as string).slice(1);
  assert.deepEqual(decodeQueryInput(op, parseQueryString(wire)), input);
  assert.deepEqual(decodeQueryInput(op, parseQueryString(wire)), reference.decodeQueryInput(op, reference.parseQueryString(wire)));
  // Flat parameters only: a structure or list sent bare reads as empty, as the tree reads it.
  const flat = parseQueryString('RoleArn=a&Tags=&PolicyArns=x&DurationSeconds=60');
  assert.deepEqual(decodeQueryInput(op, flat), { RoleArn: 'a', DurationSeconds: 60, PolicyArns: [], Tags: [] });
});
