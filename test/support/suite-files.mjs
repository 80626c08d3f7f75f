/**
 * Which test files `npm test` and `npm run test:unit` run, and how (see suite.mjs).
 *
 * Unit tests (the pure modules' tests under src/, and the files of test/ named in SHARED_TEST_FILES)
 * share two processes: a process of its own costs a file about a second of CPU (node, tsx's loader),
 * more than most of these files' tests take. A file that needs a fresh process goes in OWN_PROCESS.
 * Every other file of test/ starts servers, clients or browsers and runs in a process of its own.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Files under src/ that do not share a process. */
const OWN_PROCESS = new Set([
  // asserts which modules are not loaded yet: another file's imports would load them
  'src/protocol/models.test.ts',
]);

/** Files under src/ that are no unit tests: they drive real clients (not in test:unit, each in its own process in npm test). */
const NOT_UNIT = new Set([
  // the AWS CLI v1 as an oracle: a Python process per request
  'src/auth/sigv4/cli.test.ts',
]);

/** Files of test/ that start no server and spawn no client: they share the unit tests' processes. */
const SHARED_TEST_FILES = new Set([
  'test/architecture.test.ts',
  'test/bench-median.test.ts',
  'test/docs-links.test.ts',
  'test/readme.test.ts',
  'test/self-contained.test.ts',
  'test/trust-graph-layout.test.ts',
]);

/**
 * The slowest files, most expensive first: they start first so that none of them ends the run
 * alone while the rest has finished (wall time per file measured in a whole run; see docs/performance.md).
 */
const HEAVY_FIRST = [
  'test/hardening-crash.test.ts',
  'test/hardening-signatures.test.ts',
  'test/organizations.terraform.test.ts',
  'test/package.test.ts',
  'test/terraform-iam-roles.test.ts',
  'test/hardening-concurrency.test.ts',
  'test/iam-groups-credentials.cli.test.ts',
  'test/terraform-iam-users.test.ts',
  'test/terraform.test.ts',
  'test/cli.test.ts',
  'test/console.browser.test.ts',
  'test/s3-limits.test.ts',
  'test/sts-profiles.test.ts',
  'test/testing-library.test.ts',
  'test/processes.test.ts',
  'test/explain.scenario.test.ts',
  'test/hardening-fuzz.test.ts',
];

/** The processes the unit tests share (test/support/unit-part-N.ts imports part N). */
export const UNIT_PARTS = ['test/support/unit-part-1.ts', 'test/support/unit-part-2.ts'];

/** Every *.test.ts under src/ and test/, relative to the repository, sorted. */
export function allTestFiles() {
  return ['src', 'test']
    .flatMap((dir) => readdirSync(join(ROOT, dir), { recursive: true }).map((f) => `${dir}/${String(f).split('\\').join('/')}`))
    .filter((f) => f.endsWith('.test.ts') && !f.includes('node_modules/'))
    .sort();
}

const isUnit = (f) => (f.startsWith('src/') && !NOT_UNIT.has(f)) || SHARED_TEST_FILES.has(f);

/** The unit test files that share a process, split in two halves of about the same size. */
export function sharedUnitFiles() {
  return allTestFiles().filter((f) => isUnit(f) && !OWN_PROCESS.has(f));
}

/** The files part `n` (0-based) of UNIT_PARTS takes: every other one, so each part gets a bit of every folder. */
export function unitPart(n) {
  return sharedUnitFiles().filter((_, i) => i % UNIT_PARTS.length === n);
}

/** Imports, one after the other, the unit test files of the part whose entry (one of UNIT_PARTS) is at `entryUrl`. */
export async function importUnitPart(entryUrl) {
  const n = UNIT_PARTS.findIndex((f) => pathToFileURL(join(ROOT, f)).href === entryUrl);
  if (n < 0) throw new Error(`${entryUrl} is none of ${UNIT_PARTS.join(', ')}`);
  for (const file of unitPart(n)) await import(pathToFileURL(join(ROOT, file)).href);
}

/** What `npm run test:unit` gives `node --test`: the shared processes and the unit files that need their own. */
export function unitRun() {
  return [...UNIT_PARTS, ...allTestFiles().filter((f) => isUnit(f) && OWN_PROCESS.has(f))];
}

/** What `npm test` gives `node --test`: the heaviest files first, then the unit tests' processes, then the rest. */
export function fullRun() {
  const all = allTestFiles();
  const heavy = HEAVY_FIRST.filter((f) => existsSync(join(ROOT, f)));
  const rest = all.filter((f) => !heavy.includes(f) && !(isUnit(f) && !OWN_PROCESS.has(f)));
  return [...heavy, ...UNIT_PARTS, ...rest];
}
