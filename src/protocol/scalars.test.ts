import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DATE_TIME, EPOCH_SECONDS, formatTimestamp, HTTP_DATE, isoDateTime } from './scalars.js';

const YEAR_10000 = Date.UTC(10000, 0, 1);

test('isoDateTime writes what toISOString writes, with and without milliseconds, for 1970-9999', () => {
  const times = fc.oneof(fc.integer({ min: 0, max: YEAR_10000 - 1 }), fc.constantFrom(0, 999, 86_399_999, Date.UTC(2000, 1, 29), Date.UTC(2100, 2, 1) - 1, Date.UTC(2400, 1, 29, 23, 59, 59, 999), YEAR_10000 - 1));
  fc.assert(fc.property(times, (ms) => {
    const iso = new Date(ms).toISOString();
    assert.equal(isoDateTime(ms, true), iso);
    assert.equal(isoDateTime(ms, false), iso.replace(/\.\d{3}Z$/, 'Z'));
  }), { numRuns: 20000 });
});

test('formatTimestamp agrees with the toISOString reading it replaced, inside the fast range and out of it', () => {
  const old = (d: Date, millis: boolean) => (millis ? d.toISOString() : d.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  fc.assert(fc.property(fc.date({ noInvalidDate: true }), fc.boolean(), (d, millis) => assert.equal(formatTimestamp(d, DATE_TIME, millis), old(d, millis))), { numRuns: 5000 });
  assert.equal(formatTimestamp(new Date('2024-05-06T07:08:09.123Z'), DATE_TIME, false), '2024-05-06T07:08:09Z');
  assert.equal(formatTimestamp(new Date('2024-05-06T07:08:09.012Z'), DATE_TIME, true), '2024-05-06T07:08:09.012Z');
  assert.equal(formatTimestamp(new Date('+012345-01-01T00:00:00.999Z'), DATE_TIME, false), '+012345-01-01T00:00:00Z');
  assert.equal(formatTimestamp(new Date('1969-12-31T23:59:59.500Z'), DATE_TIME, true), '1969-12-31T23:59:59.500Z');
  assert.equal(formatTimestamp(1500, EPOCH_SECONDS, false), '1.5');
  assert.equal(formatTimestamp('2024-05-06T07:08:09Z', HTTP_DATE, false), 'Mon, 06 May 2024 07:08:09 GMT');
  assert.throws(() => formatTimestamp(new Date(NaN), DATE_TIME, false), RangeError);
});
