import { test } from 'node:test';
import assert from 'node:assert/strict';
import { policySize } from './size.js';

test('policySize: white space does not count', () => {
  const compact = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}';
  const pretty = JSON.stringify(JSON.parse(compact), null, 4);
  assert.equal(policySize(compact), compact.length);
  assert.equal(policySize(pretty), compact.length);
  assert.equal(policySize(' \t\r\n{ }\n'), 2);
});
