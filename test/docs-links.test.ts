/**
 * Every relative link of README.md and docs/ resolves in a clone: the file (or folder) is in the
 * repository and a #anchor names a heading of the page it points into, by GitHub's heading ids.
 * The checker runs on a sample of bad links first, so a checker that finds nothing cannot pass.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { anchorsOf, brokenLinks, headingSlug } from './support/markdown-links.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

test('heading ids follow GitHub: lower case, punctuation dropped, code kept as text, repeats numbered', () => {
  assert.equal(headingSlug('The `gatehouse` command'), 'the-gatehouse-command');
  assert.equal(headingSlug("Organizations' tree and tags"), 'organizations-tree-and-tags');
  assert.equal(headingSlug('S3 Control (account-level Block Public Access)'), 's3-control-account-level-block-public-access');
  assert.equal(headingSlug('snake_case and a [link](x.md) — and Ünïcode'), 'snake_case-and-a-link--and-ünïcode');
  assert.deepEqual([...anchorsOf('# A\n## Usage\n```\n## Not a heading\n```\n### Usage\n<a id="here"></a>\n')], ['a', 'usage', 'usage-1', 'here']);
});

test('the checker reports each kind of broken link, and only those', () => {
  const files = new Set(['README.md', 'docs/guide.md', 'docs/img/shot.png', 'src/app.ts']);
  const pages = new Map([
    ['README.md', [
      '# Title', '## Setup', '## Setup',
      '[ok](docs/guide.md) [ok](docs/guide.md#usage) [ok](#setup-1) [ok](src/) [ok](src/app.ts#L3-L9) [ok](https://example.com/x#y)',
      '`[in code](missing.md)`',
      '```', '[in a fence](missing.md)', '```',
      '[gone](docs/missing.md)',
      '[bad anchor](docs/guide.md#nope)',
      '[bad own anchor](#setup-2)',
      '[outside](../elsewhere/DESIGN.md)',
      '[not a line](src/app.ts#top)',
      '[ref]: docs/absent.md',
    ].join('\n')],
    ['docs/guide.md', '# Guide\n## Usage\n![shot](img/shot.png) [back](../README.md#title) [bad](img/other.png)\n'],
  ]);
  const found = brokenLinks(pages, files).map(({ page, line, target }) => `${page}:${line} ${target}`);
  assert.deepEqual(found, [
    'README.md:9 docs/missing.md',
    'README.md:10 docs/guide.md#nope',
    'README.md:11 #setup-2',
    'README.md:12 ../elsewhere/DESIGN.md',
    'README.md:13 src/app.ts#top',
    'README.md:14 docs/absent.md',
    'docs/guide.md:3 img/other.png',
  ]);
});

test('every relative link in README.md and docs/ resolves to a file of the repository', () => {
  // Tracked and new files alike, as a clone would have them (ignored ones, such as dist/, are not).
  const files = new Set(execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n').filter(Boolean));
  const pageNames = [...files].filter((f) => f === 'README.md' || (f.startsWith('docs/') && f.endsWith('.md')));
  assert.ok(pageNames.includes('docs/architecture.md'), 'the check reaches docs/');
  const read = (file: string) => { try { return readFileSync(`${ROOT}/${file}`, 'utf8'); } catch { return ''; } };
  const pages = new Map(pageNames.map((f) => [f, read(f)]));
  assert.ok([...pages.values()].join('').includes('](docs/'), 'the README links into docs/');
  assert.deepEqual(brokenLinks(pages, files, read).map((b) => `${b.page}:${b.line}: ${b.target} (${b.reason})`), []);
});
