import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCondition, evaluateCondition } from './evaluate-condition.js';
import { contextView } from './context.js';
import { parseDate } from './date.js';

const holds = (op: string, values: string[], v?: string) =>
  evaluateCondition(compileCondition(op, 'aws:CurrentTime', values, true), contextView(v === undefined ? {} : { 'aws:CurrentTime': v })).holds;

const cases: Array<[string, string[], string | undefined, boolean]> = [
  ['DateGreaterThan', ['2020-01-01T00:00:01Z'], '2020-06-01T00:00:00Z', true],
  ['DateGreaterThan', ['2020-01-01T00:00:01Z'], '2019-12-31T23:59:59Z', false],
  ['DateLessThan', ['2020-01-01'], '2019-12-31T00:00:00Z', true],
  ['DateEquals', ['2020-01-01T00:00:00Z'], '1577836800', true], // epoch seconds
  ['DateNotEquals', ['2020-01-01T00:00:00Z'], '2020-01-02T00:00:00Z', true],
  ['DateLessThanEquals', ['2020-01-01T00:00:00+01:00'], '2019-12-31T23:00:00Z', true], // offsets honoured
  ['DateGreaterThanEquals', ['2020'], '2020-01-01T00:00:00Z', true], // year-only W3C form
  ['DateGreaterThan', ['2020-01-01T00:00:00Z'], undefined, false],
];

for (const [op, values, v, want] of cases) {
  test(`date: ${op} ${values} vs ${v} → ${want}`, () => assert.equal(holds(op, values, v), want));
}

test('date: rejects values that are not W3C ISO 8601 or epoch', () => {
  for (const bad of ['yesterday', '2020/01/01', '2020-01-01 00:00:00']) assert.equal(parseDate(bad), undefined, bad);
});
