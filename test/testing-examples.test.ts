/**
 * docs/testing.md's examples are the files in examples/testing/, word for word, and they pass:
 * the node:test and Vitest examples import `gatehouse/testing` (the package's self-reference, so
 * the built dist/testing), the pytest fixture runs the built command with `serve --ready-json`.
 * The Jest example is shown, not run (Jest is not installed here).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLES = join(ROOT, 'examples', 'testing');
const run = promisify(execFile);
const env: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
// Set by the runner that runs this file: a `node --test` child seeing it reports to that runner, not on its stdout.
delete env.NODE_TEST_CONTEXT;

/** The fenced code blocks of a page whose first line names a file of examples/testing/, by that name. */
export function exampleBlocks(page: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const m of page.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)) {
    const named = /^(?:\/\/|#) (examples\/testing\/[\w.-]+)/.exec(m[1]);
    if (named) blocks.set(named[1], m[1]);
  }
  return blocks;
}

test('every code block of docs/testing.md that names an example is that file, and every example is shown', () => {
  const blocks = exampleBlocks(readFileSync(join(ROOT, 'docs', 'testing.md'), 'utf8'));
  const files = readdirSync(EXAMPLES).filter((f) => !f.startsWith('.') && f !== '__pycache__').sort();
  assert.deepEqual([...blocks.keys()].sort(), files.map((f) => `examples/testing/${f}`));
  for (const [name, block] of blocks) assert.equal(block, readFileSync(join(ROOT, name), 'utf8'), `${name} differs from its block in docs/testing.md`);
});

test('the drift check sees a changed block', () => {
  const page = '```js\n// examples/testing/x.mjs — run\nconst a = 1;\n```\n\n```js\nnot an example\n```\n';
  assert.deepEqual([...exampleBlocks(page)], [['examples/testing/x.mjs', '// examples/testing/x.mjs — run\nconst a = 1;\n']]);
});

test('the node:test example passes', async () => {
  // TAP named: Node 24's default reporter off a terminal is spec, whose summary reads "ℹ pass 3".
  const { stdout } = await run(process.execPath, ['--test', '--test-reporter=tap', join(EXAMPLES, 'node-test.test.mjs')], { cwd: ROOT, env });
  assert.match(stdout, /^# pass 3$/m);
  assert.match(stdout, /^# fail 0$/m);
});

test('the Vitest example passes', async () => {
  const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
  const { stdout } = await run(process.execPath, [vitest, 'run', '--reporter', 'verbose', 'examples/testing/vitest.test.mjs'], { cwd: ROOT, env: { ...env, NO_COLOR: '1' } });
  assert.match(stdout, /Tests\s+3 passed \(3\)/);
});

test('the pytest fixture passes with the machine\'s Python and boto3', async () => {
  const { stdout } = await run('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'examples/testing'], {
    cwd: ROOT, env: { ...env, GATEHOUSE: `"${process.execPath}" "${join(ROOT, 'dist', 'gatehouse.cjs')}"`, PYTHONDONTWRITEBYTECODE: '1' },
  });
  assert.match(stdout, /3 passed/);
});
