import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCondition, evaluateCondition } from './evaluate-condition.js';
import { contextView } from './context.js';
import { numericOperators } from './numeric.js';

const holds = (op: string, values: string[], v?: string) =>
  evaluateCondition(compileCondition(op, 's3:max-keys', values, true), contextView(v === undefined ? {} : { 's3:max-keys': v })).holds;

const cases: Array<[string, string[], string | undefined, boolean]> = [
  ['NumericEquals', ['10'], '10', true],
  ['NumericEquals', ['10'], '10.0', true],
  ['NumericEquals', ['10'], '11', false],
  ['NumericNotEquals', ['10'], '11', true],
  ['NumericNotEquals', ['10'], undefined, true],
  ['NumericLessThan', ['10'], '9', true],
  ['NumericLessThan', ['10'], '10', false],
  ['NumericLessThanEquals', ['10'], '10', true],
  ['NumericGreaterThan', ['1.5'], '2', true],
  ['NumericGreaterThanEquals', ['2'], '2', true],
  ['NumericGreaterThanEquals', ['2'], 'abc', false], // a non-number request value never matches
  ['NumericLessThan', ['10'], undefined, false],
];

for (const [op, values, v, want] of cases) {
  test(`numeric: ${op} ${values} vs ${v} → ${want}`, () => assert.equal(holds(op, values, v), want));
}

test('numeric: a policy value that is not a number is rejected', () => {
  const def = numericOperators.find((d) => d.name === 'NumericEquals')!;
  assert.equal(typeof def.compile('ten', false), 'string');
});
