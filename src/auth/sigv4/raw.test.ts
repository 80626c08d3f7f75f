import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { escapeUri } from '@smithy/core/protocols';
import { s3CanonicalPaths } from './raw.js';

/** The general reading: every segment decoded and re-encoded, the path as sent kept as a second candidate when it differs. */
function reference(path: string): string[] {
  const normalised = path.split('/').map((segment) => {
    try { return escapeUri(decodeURIComponent(segment)); } catch { return segment; }
  }).join('/');
  return normalised === path ? [path] : [normalised, path];
}

test('s3CanonicalPaths agrees with decoding and re-encoding every segment', () => {
  const ch = fc.constantFrom(...'/aZ09-_.~%2F%41%e2%82%ac +!*()\'é&=?:@'.split(''), '%2F', '%41', '%7E', '%7e', '%zz', '%E2%82%AC');
  fc.assert(fc.property(fc.array(ch, { maxLength: 20 }).map((a) => a.join('')), (path) => {
    assert.deepEqual(s3CanonicalPaths(path), reference(path), path);
  }), { numRuns: 20_000 });
  for (const path of ['/', '/bucket', '/bucket/a/../b', '/bucket/a//b', '/b/key~1.txt', '/b/a%2Fb', '/b/a b']) {
    assert.deepEqual(s3CanonicalPaths(path), reference(path), path);
  }
});
