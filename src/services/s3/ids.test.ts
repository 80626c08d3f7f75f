import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newVersionId } from './versions.js';
import { newUploadId } from './objects.js';

// The AWS CLI reads a value that starts with '-' as an option: `--version-id -x…` fails before any request.
test('version and upload ids are 32 characters of letters, digits, dots and underscores', () => {
  for (let i = 0; i < 5000; i++) {
    assert.match(newVersionId(), /^[A-Za-z0-9._]{32}$/);
    assert.match(newUploadId(), /^[A-Za-z0-9._]{32}$/);
  }
});
