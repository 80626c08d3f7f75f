import { test } from 'node:test';
import assert from 'node:assert/strict';
import { originForm } from './route.js';

test('absolute-form request targets (a client talking to a proxy) are served as their path', () => {
  assert.equal(originForm('http://123456789012.127.0.0.1:4566/v20180820/configuration/publicAccessBlock'), '/v20180820/configuration/publicAccessBlock');
  assert.equal(originForm('http://127.0.0.1:4566?list-type=2'), '/?list-type=2');
  assert.equal(originForm('/b/http://x'), '/b/http://x');
});
