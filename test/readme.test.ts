/** The README stays true to the code: its operations list and its command lines. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { operationsMarkdown } from '../src/cli/commands/operations.js';
import { USAGE } from '../src/cli/usage.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

test('the README lists exactly the implemented operations', () => {
  const block = /<!-- operations:begin -->\n([\s\S]*?)<!-- operations:end -->/.exec(readme);
  assert.ok(block, 'operations markers missing');
  assert.equal(block[1].trim(), operationsMarkdown().trim(), 'run `node --import tsx src/cli/main.ts operations` and paste its output into the README');
});

test('the README shows the quickstart commands', () => {
  assert.match(readme, /npm install && npm start/);
  assert.match(readme, /^npm test\b/m);
});

test('the README\'s command lines name the options `gatehouse VERB --help` names', () => {
  const block = /## The `gatehouse` command\n\n```\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'the command block is missing');
  const options = (text: string) => [...new Set(text.match(/--[a-z][a-z-]*/g) ?? [])].sort();
  for (const [verb, usage] of Object.entries(USAGE)) {
    const lines = block[1].split('\n').filter((l) => l === `gatehouse ${verb}` || l.startsWith(`gatehouse ${verb} `));
    const synopsis = usage.split('\n').filter((l) => !/^ {6}\S/.test(l)).join(' ');
    assert.deepEqual(options(lines.join(' ')), options(synopsis), `gatehouse ${verb}`);
  }
});
