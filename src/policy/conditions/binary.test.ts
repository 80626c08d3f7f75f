import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCondition, evaluateCondition } from './evaluate-condition.js';
import { contextView } from './context.js';
import { binaryOperators } from './binary.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const holds = (values: string[], v?: string) =>
  evaluateCondition(compileCondition('BinaryEquals', 'k:bin', values, true), contextView(v === undefined ? {} : { 'k:bin': v })).holds;

const cases: Array<[string[], string | undefined, boolean]> = [
  [[b64('BinaryValueInBase64')], b64('BinaryValueInBase64'), true],
  [[b64('abc')], b64('abd'), false],
  [[b64('abc')], undefined, false],
];
for (const [values, v, want] of cases) {
  test(`binary: BinaryEquals ${values} vs ${v} → ${want}`, () => assert.equal(holds(values, v), want));
}

test('binary: a policy value that is not base64 is rejected', () => {
  assert.equal(typeof binaryOperators[0].compile('not base64!', false), 'string');
});
