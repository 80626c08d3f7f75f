/**
 * docs/architecture.md's table of layers is what the code does: each layer of src/ imports (tests
 * aside) only its own files and the layers its row names, and the policy engine no Node module and
 * no package but two pure ones (its JSON parser and its IP address parser), so it stays a library without I/O.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');

/** The layers table: layer → the layers it may import. */
function layerRules(): Map<string, Set<string>> {
  const page = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
  const table = /<!-- layers:begin -->\n([\s\S]*?)<!-- layers:end -->/.exec(page);
  assert.ok(table, 'docs/architecture.md: layers markers missing');
  const rules = new Map<string, Set<string>>();
  for (const row of table[1].split('\n').filter((l) => l.startsWith('| `src/'))) {
    const cells = row.split('|').map((c) => c.trim());
    const layer = /^`src\/([a-z]+)\/`$/.exec(cells[1])![1];
    rules.set(layer, new Set([...cells[3].matchAll(/`([a-z]+)`/g)].map((m) => m[1])));
  }
  return rules;
}

/** The source files of a layer (its *.test.ts files aside), recursively. */
function sourcesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|cts|mts)$/.test(e.name) && !/\.test\.ts$/.test(e.name) && e.name !== 'test-support.ts')
    .map((e) => join(e.parentPath, e.name));
}

/** What a file imports: static imports and exports, side-effect imports and import() of a literal. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*'([^']+)'|(?:^|\n)\s*import\s*'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g)]
    .map((m) => m[1] ?? m[2] ?? m[3]);
}

const rules = layerRules();

test('the table names every layer of src/', () => {
  const layers = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  assert.deepEqual([...rules.keys()].sort(), layers);
});

test('each layer imports only itself and the layers docs/architecture.md names for it', () => {
  const found: string[] = [];
  for (const [layer, allowed] of rules) {
    for (const file of sourcesOf(join(SRC, layer))) {
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = relative(SRC, resolve(dirname(file), spec)).split('/')[0];
        if (target !== layer && !allowed.has(target)) found.push(`${relative(ROOT, file)} imports ${spec} (${target})`);
      }
    }
  }
  assert.deepEqual(found, []);
});

/** The packages the policy engine may use: pure code, no I/O. */
const POLICY_PACKAGES = new Set(['jsonc-parser', 'ipaddr.js']);

test('the policy engine does no I/O: no Node module, no package but jsonc-parser and ipaddr.js', () => {
  const found = sourcesOf(join(SRC, 'policy')).flatMap((file) => importsOf(file)
    .filter((s) => !s.startsWith('.') && !POLICY_PACKAGES.has(s))
    .map((s) => `${relative(ROOT, file)} imports ${s}`));
  assert.deepEqual(found, []);
});

test('the import scan sees imports (so an empty answer above means something)', () => {
  const app = importsOf(join(SRC, 'server', 'app.ts'));
  assert.ok(app.includes('../core/aws-error.js') && app.includes('node:stream'), app.join(', '));
});
