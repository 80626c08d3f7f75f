/** `gatehouse/policy` as a package user sees it: the built files through package.json "exports", and docs/policy-library.md's example. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './support/gatehouse.js';

const root = new URL('..', import.meta.url).pathname;

test('import { evaluate, validate } from "gatehouse/policy" resolves to the built engine', async () => {
  // A package may import itself by name through its own "exports" (Node's self-referencing).
  const r = await run('node', ['--input-type=module', '-e', `
    import { evaluate, validate, compilePolicy } from 'gatehouse/policy';
    import { fileURLToPath } from 'node:url';
    const problems = validate('{"Statement":{"Effect":"Allow","Action":"s3","Resource":"*"}}');
    const p = { id: 'p', policy: compilePolicy('{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}') };
    const d = evaluate({ principal: { type: 'User', arn: 'arn:aws:iam::111122223333:user/u', account: '111122223333' }, action: 's3:GetObject', resource: '*', context: {} }, { identity: [p] });
    console.log(JSON.stringify({ where: fileURLToPath(import.meta.resolve('gatehouse/policy')), problems, decision: d.decision }));
  `], process.env, { cwd: root });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.where, join(root, 'dist/policy/index.js'));
  assert.equal(out.decision, 'Allow');
  assert.equal(out.problems[0].message, 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
  assert.equal(typeof out.problems[0].line, 'number');
});

test('docs/policy-library.md\'s example runs and prints what the page says', async () => {
  const page = readFileSync(join(root, 'docs', 'policy-library.md'), 'utf8');
  const code = /<!-- library-example:begin -->\n```js\n([\s\S]*?)```\n<!-- library-example:end -->/.exec(page)![1];
  // Written inside the repository so that 'gatehouse/policy' resolves by self-reference.
  const dir = mkdtempSync(join(root, '.example-'));
  try {
    writeFileSync(join(dir, 'example.mjs'), code);
    const r = await run('node', [join(dir, 'example.mjs')], process.env, { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.deepEqual(lines.slice(0, 2), ['[]', 'Allow ']);
    assert.match(lines[2], /^ImplicitDeny User: arn:aws:iam::111122223333:user\/bob is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::home\/alice\/notes.txt because no identity-based policy allows the s3:GetObject action$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the package keeps its command alongside the library export', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.equal(pkg.bin.gatehouse, 'dist/gatehouse.cjs');
  assert.deepEqual(pkg.exports['./policy'], { types: './dist/policy/index.d.ts', default: './dist/policy/index.js' });
});
