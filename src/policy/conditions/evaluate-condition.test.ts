import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCondition, evaluateCondition } from './evaluate-condition.js';
import { contextView } from './context.js';
import { parseOperator } from './registry.js';

const holds = (op: string, values: string[], tagKeys?: string[] | string) =>
  evaluateCondition(compileCondition(op, 'aws:TagKeys', values, true), contextView(tagKeys === undefined ? {} : { 'aws:TagKeys': tagKeys })).holds;

// "Multivalued context key examples" (ForAllValues:StringNotLike deny table) and
// "Creating a condition that tests multiple key values (set operations)".
const cases: Array<[string, string[], string[] | string | undefined, boolean]> = [
  ['ForAllValues:StringNotLike', ['key1*'], ['key1:legal'], false],
  ['ForAllValues:StringNotLike', ['key1*'], ['key1:hr', 'key1:personnel'], false],
  ['ForAllValues:StringNotLike', ['key1*'], ['key2:audit'], true],
  ['ForAllValues:StringNotLike', ['key1*'], undefined, true], // no key in request → true
  ['ForAllValues:StringLike', ['PostDateTime', 'Message', 'Tags'], ['PostDateTime', 'Message'], true],
  ['ForAllValues:StringLike', ['PostDateTime', 'Message', 'Tags'], ['PostDateTime', 'UserName'], false],
  ['ForAllValues:StringEquals', ['a'], [], true], // empty set → true
  ['ForAnyValue:StringLike', ['ID', 'PostDateTime'], ['UserName', 'Message', 'PostDateTime'], true],
  ['ForAnyValue:StringLike', ['ID', 'PostDateTime'], ['UserName'], false],
  ['ForAnyValue:StringEquals', ['a'], undefined, false], // no key → false
  ['ForAnyValue:StringEquals', ['a'], [], false], // empty set → false
  ['ForAnyValue:StringNotEquals', ['a'], ['a', 'b'], true], // some value is not "a"
  ['ForAnyValue:StringNotEquals', ['a'], undefined, false], // qualifier wins over negation for missing keys
  ['StringEquals', ['b'], ['a', 'b'], true], // unqualified on a list: any value
  ['ForAllValues:StringEqualsIfExists', ['a'], ['b'], false],
];
for (const [op, values, ctx, want] of cases) {
  test(`set: ${op} ${values} vs ${JSON.stringify(ctx)} → ${want}`, () => assert.equal(holds(op, values, ctx), want));
}

test('operator names: qualifiers and IfExists parse; unknown names do not', () => {
  assert.deepEqual(
    (({ def, qualifier, ifExists }) => [def.name, qualifier, ifExists])(parseOperator('ForAnyValue:StringLikeIfExists')!),
    ['StringLike', 'ForAnyValue', true],
  );
  for (const bad of ['StringEqual', 'stringequals', 'ForSomeValues:StringLike', 'IfExists', 'ForAllValues:']) {
    assert.equal(parseOperator(bad), undefined, bad);
  }
});
