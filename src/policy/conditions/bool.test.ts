import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCondition, evaluateCondition } from './evaluate-condition.js';
import { contextView } from './context.js';
import { boolOperators } from './bool.js';

const holds = (op: string, values: string[], ctx: Record<string, string>) =>
  evaluateCondition(compileCondition(op, 'aws:SecureTransport', values, true), contextView(ctx)).holds;

const cases: Array<[string, string[], Record<string, string>, boolean]> = [
  ['Bool', ['true'], { 'aws:SecureTransport': 'true' }, true],
  ['Bool', ['false'], { 'aws:SecureTransport': 'true' }, false],
  ['Bool', ['TRUE'], { 'aws:SecureTransport': 'true' }, true],
  ['Bool', ['false'], {}, false], // missing key → false (the classic MFA pitfall)
  ['BoolIfExists', ['false'], {}, true],
  ['Bool', ['${x:flag}'], { 'aws:SecureTransport': 'true', 'x:flag': 'true' }, true], // variables allowed
];

for (const [op, values, ctx, want] of cases) {
  test(`bool: ${op} ${values} vs ${JSON.stringify(ctx)} → ${want}`, () => assert.equal(holds(op, values, ctx), want));
}

test('bool: a literal value other than true/false is rejected', () => {
  assert.equal(typeof boolOperators[0].compile('yes', true), 'string');
});
