import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statementSpans } from './spans.js';

test('spans: each statement from its { to its }, 1-based lines and columns', () => {
  const text = '{"Version":"2012-10-17","Statement":[\n  {"Effect":"Allow","Action":"*","Resource":"*"},\n  {"Effect":"Deny",\n   "Action":"s3:*","Resource":"*"}\n]}';
  assert.deepEqual(statementSpans(text), [
    { start: { line: 2, column: 3 }, end: { line: 2, column: 48 } },
    { start: { line: 3, column: 3 }, end: { line: 4, column: 34 } },
  ]);
});

test('spans: a single statement object has one span; no Statement, none', () => {
  assert.equal(statementSpans('{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}').length, 1);
  assert.deepEqual(statementSpans('{"Version":"2012-10-17"}'), []);
});
