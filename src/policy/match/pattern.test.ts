import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePattern, matchPattern, resolveLiteral, parsePieces } from './pattern.js';

const vars: Record<string, string> = { 'aws:username': 'bob', 'aws:principaltag/team': 'blue' };
const lookup = (k: string) => vars[k.toLowerCase()];

const cases: Array<[string, string, string, boolean | undefined, { v?: boolean; ic?: boolean }?]> = [
  ['star spans colons and slashes', 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b:c', true],
  ['question mark is one char', 'arn:aws:s3:::b?', 'arn:aws:s3:::b1', true],
  ['question mark is not two', 'arn:aws:s3:::b?', 'arn:aws:s3:::b12', false],
  ['case-sensitive by default', 'arn:aws:s3:::Bucket', 'arn:aws:s3:::bucket', false],
  ['ignoreCase option', 's3:get*', 'S3:GetObject', true, { ic: true }],
  ['regex metacharacters are literal', 'a.b(c)', 'axb(c)', false],
  ['variable filled in', 'home/${aws:username}/*', 'home/bob/x', true, { v: true }],
  ['variable value is literal text', 'home/${aws:username}', 'home/bob', true, { v: true }],
  ['variable key is case-insensitive', 'h/${AWS:UserName}', 'h/bob', true, { v: true }],
  ['unresolved variable → undefined', 'h/${aws:userid}', 'h/x', undefined, { v: true }],
  ['default value used when missing', "h/${aws:userid, 'anon'}", 'h/anon', true, { v: true }],
  ['${*} is a literal star', 'a${*}b', 'a*b', true, { v: true }],
  ['${*} does not act as a wildcard', 'a${*}b', 'axxb', false, { v: true }],
  ['${?} and ${$} are literal', '${?}${$}', '?$', true, { v: true }],
  ['2008 version reads ${..} literally', 'h/${aws:username}', 'h/${aws:username}', true, { v: false }],
];

for (const [name, source, value, expected, o] of cases) {
  test(`pattern: ${name}`, () => {
    const p = compilePattern(source, { wildcards: true, variables: o?.v ?? false, ignoreCase: o?.ic });
    assert.equal(matchPattern(p, value, lookup), expected);
  });
}

test('pattern: literal resolution without wildcards keeps * as text', () => {
  const pieces = parsePieces('x-${aws:username}-*', { wildcards: false, variables: true });
  assert.equal(resolveLiteral(pieces, lookup), 'x-bob-*');
});
