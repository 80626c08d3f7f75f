/**
 * Nothing a user of a clone sees points outside the repository: the README, docs/, the program's
 * sources (its output strings among them), the console, the tests and their Terraform, the
 * benchmarks. A clone has nothing beside it: no shared folder, no scenario file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Spelled in pieces so this file does not name them itself.
const OUTSIDE = [['..', 'shared'].join('/'), ['SCENARIO', 'md'].join('.')];
const TEXT = /\.(md|ts|tsx|cts|mts|js|mjs|cjs|json|tf|hcl|html|css|txt|py|sh)$/;

test('the README, docs/, src/, console/, test/ and bench/ name no file outside the repository', () => {
  // Tracked and new files alike, as a clone would have them.
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'README.md', 'docs', 'src', 'console', 'test', 'bench'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n').filter((f) => TEXT.test(f));
  assert.ok(files.includes('src/cli/demo.ts') && files.includes('test/terraform/scenario/main.tf'), 'the scan reaches the demo and the scenario\'s Terraform');
  const found: string[] = [];
  for (const file of files) {
    let text: string;
    try { text = readFileSync(`${ROOT}/${file}`, 'utf8'); } catch { continue; } // listed but deleted in the work tree
    text.split('\n').forEach((line, i) => {
      for (const name of OUTSIDE) if (line.includes(name)) found.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(found, []);
});
