/**
 * The README and the reference in docs/ stay true to the code: each service's operations list, the
 * command lines, and the README's short list of commands.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { operationsMarkdown } from '../src/cli/commands/operations.js';
import { USAGE } from '../src/cli/usage.js';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
const readme = read('README.md');

/** Which docs page lists which service's operations (its line of `gatehouse operations`). */
const OPERATIONS_PAGE: Record<string, string> = {
  IAM: 'docs/iam.md', STS: 'docs/sts.md', S3: 'docs/s3.md', 'S3 Control': 'docs/s3.md', Organizations: 'docs/organizations.md',
};

test('each service\'s docs page lists exactly its implemented operations', () => {
  const expected = new Map<string, string[]>();
  for (const line of operationsMarkdown().split('\n')) {
    const service = /^- \*\*(.+?)\*\*/.exec(line)![1];
    const page = OPERATIONS_PAGE[service];
    assert.ok(page, `no docs page is named for ${service}'s operations: add it to OPERATIONS_PAGE and to the page`);
    expected.set(page, [...(expected.get(page) ?? []), line]);
  }
  for (const [page, lines] of expected) {
    const block = /<!-- operations:begin -->\n([\s\S]*?)<!-- operations:end -->/.exec(read(page));
    assert.ok(block, `${page}: operations markers missing`);
    assert.equal(block[1].trim(), lines.join('\n'), `${page}: run \`node --import tsx src/cli/main.ts operations\` and paste its lines into the page`);
  }
});

test('the README shows the quickstart commands', () => {
  assert.match(readme, /npm install && npm start/);
  assert.match(readme, /^npm test\b/m);
});

test('docs/command.md\'s command lines name the options `gatehouse VERB --help` names', () => {
  const block = /^# The `gatehouse` command\n\n```\n([\s\S]*?)```/m.exec(read('docs/command.md'));
  assert.ok(block, 'the command block is missing');
  const options = (text: string) => [...new Set(text.match(/--[a-z][a-z-]*/g) ?? [])].sort();
  for (const [verb, usage] of Object.entries(USAGE)) {
    const lines = block[1].split('\n').filter((l) => l === `gatehouse ${verb}` || l.startsWith(`gatehouse ${verb} `));
    const synopsis = usage.split('\n').filter((l) => !/^ {6}\S/.test(l)).join(' ');
    assert.deepEqual(options(lines.join(' ')), options(synopsis), `gatehouse ${verb}`);
  }
});

test('the README\'s main commands are the command\'s verbs, each of them', () => {
  const section = /\n## Main commands\n([\s\S]*?)\n## /.exec(readme);
  assert.ok(section, 'the README has no section "Main commands"');
  const listed = [...section[1].matchAll(/^\| `gatehouse (\w+)` \|/gm)].map((m) => m[1]).sort();
  assert.deepEqual(listed, Object.keys(USAGE).filter((verb) => verb !== 'help').sort());
});
