import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCondition, evaluateCondition } from './evaluate-condition.js';
import { contextView } from './context.js';

const holds = (op: string, values: string[], ctx: Record<string, string | string[]>, key = 'k:k') =>
  evaluateCondition(compileCondition(op, key, values, true), contextView(ctx)).holds;

// "IAM JSON policy elements: Condition operators" › String condition operators
const cases: Array<[string, string[], Record<string, string | string[]>, boolean]> = [
  ['StringEquals', ['abc'], { 'k:k': 'abc' }, true],
  ['StringEquals', ['abc'], { 'k:k': 'ABC' }, false], // case-sensitive
  ['StringEquals', ['a*'], { 'k:k': 'abc' }, false], // no wildcards in Equals
  ['StringEquals', ['x', 'abc'], { 'k:k': 'abc' }, true], // values are OR'ed
  ['StringEquals', ['abc'], {}, false], // missing key → false
  ['StringNotEquals', ['abc'], { 'k:k': 'abd' }, true],
  ['StringNotEquals', ['abc', 'abd'], { 'k:k': 'abd' }, false],
  ['StringNotEquals', ['abc'], {}, true], // negated + missing key → true
  ['StringEqualsIgnoreCase', ['AbC'], { 'k:k': 'aBc' }, true],
  ['StringNotEqualsIgnoreCase', ['AbC'], { 'k:k': 'aBc' }, false],
  ['StringLike', ['home/*'], { 'k:k': 'home/bob/x' }, true],
  ['StringLike', ['h?me'], { 'k:k': 'home' }, true],
  ['StringLike', ['Home/*'], { 'k:k': 'home/x' }, false], // case-sensitive
  ['StringNotLike', ['home/*'], { 'k:k': 'work/x' }, true],
  ['StringNotLike', ['home/*'], {}, true],
  ['StringEqualsIfExists', ['abc'], {}, true],
  ['StringEqualsIfExists', ['abc'], { 'k:k': 'zzz' }, false],
  ['StringEquals', ['${aws:username}'], { 'k:k': 'bob', 'aws:username': 'bob' }, true],
  ['StringLike', ['home/${aws:username}/*'], { 'k:k': 'home/bob/a', 'aws:username': 'bob' }, true],
  ['StringEquals', ['${aws:username}'], { 'k:k': 'bob' }, false], // unresolved variable → no match
  ['StringNotEquals', ['${aws:username}'], { 'k:k': 'bob' }, false], // …even negated: statement does not apply
];

for (const [op, values, ctx, want] of cases) {
  test(`string: ${op} ${JSON.stringify(values)} vs ${JSON.stringify(ctx)} → ${want}`, () => {
    assert.equal(holds(op, values, ctx), want);
  });
}

test('string: condition keys are looked up case-insensitively', () => {
  assert.equal(holds('StringEquals', ['x'], { 'AWS:RequestedRegion': 'x' }, 'aws:requestedregion'), true);
});
