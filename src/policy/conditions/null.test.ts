import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCondition, evaluateCondition } from './evaluate-condition.js';
import { contextView } from './context.js';
import { parseOperator } from './registry.js';

const holds = (values: string[], ctx: Record<string, string | string[]>) =>
  evaluateCondition(compileCondition('Null', 'aws:TokenIssueTime', values, true), contextView(ctx)).holds;

// "Condition operator to check existence of condition keys"
const cases: Array<[string[], Record<string, string | string[]>, boolean]> = [
  [['true'], {}, true],
  [['true'], { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' }, false],
  [['false'], { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' }, true],
  [['false'], {}, false],
  [['true'], { 'aws:TokenIssueTime': [] }, true], // an empty set counts as absent
];
for (const [values, ctx, want] of cases) {
  test(`null: Null ${values} vs ${JSON.stringify(ctx)} → ${want}`, () => assert.equal(holds(values, ctx), want));
}

test('null: NullIfExists is not an operator ("...IfExists": any operator except Null)', () => {
  assert.equal(parseOperator('NullIfExists'), undefined);
});
