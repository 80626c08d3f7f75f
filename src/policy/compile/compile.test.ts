import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePolicy } from './compile.js';

test('compile: statement labels are the Sid, else Statement[i]', () => {
  const p = compilePolicy(JSON.stringify({ Statement: [{ Sid: 'A', Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: '', Effect: 'Deny', Action: '*', Resource: '*' }] }));
  assert.deepEqual(p.statements.map((s) => [s.label, s.effect]), [['A', 'Allow'], ['Statement[1]', 'Deny']]);
});

test('compile: Version defaults to 2008-10-17; a single statement object is a list of one', () => {
  const p = compilePolicy(JSON.stringify({ Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } }));
  assert.equal(p.version, '2008-10-17');
  assert.equal(p.statements.length, 1);
});

test('compile: Effect is read case-insensitively, so "deny" never becomes an Allow', () => {
  const p = compilePolicy(JSON.stringify({ Statement: { Effect: 'deny', Action: '*', Resource: '*' } }));
  assert.equal(p.statements[0].effect, 'Deny');
});

test('compile: every condition key under every operator is kept; JSON numbers and booleans are values', () => {
  const p = compilePolicy(JSON.stringify({
    Version: '2012-10-17',
    Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': true }, NumericLessThan: { 's3:max-keys': 10, 'x:y': ['1', 2] } } },
  }));
  assert.deepEqual(p.statements[0].conditions.map((c) => [c.operator, c.key, c.tests.length]), [
    ['Bool', 'aws:SecureTransport', 1],
    ['NumericLessThan', 's3:max-keys', 1],
    ['NumericLessThan', 'x:y', 2],
  ]);
});

test('compile: elements absent from a statement stay absent (a trust policy has no Resource)', () => {
  const s = compilePolicy(JSON.stringify({ Statement: { Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' } })).statements[0];
  assert.equal(s.resources, undefined);
  assert.equal(s.notResources, undefined);
  assert.deepEqual([...s.principal!.accounts], ['111122223333']);
});
