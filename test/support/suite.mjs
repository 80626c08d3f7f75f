/**
 * `npm test` and `npm run test:unit`: node's test runner on the files suite-files.mjs lists, in that
 * order (the `--test` command line sorts its files by name; its run() API keeps them as given), with
 * GATEHOUSE_TEST_CONCURRENCY files at once (default below).
 *
 *   node --import tsx test/support/suite.mjs [--unit] [options…] [test files…]
 *
 * Options as `node --test` takes them: --test-name-pattern=…, --test-only, --test-reporter=… with
 * --test-reporter-destination=… (spec on a terminal, tap otherwise). Files named on the command line
 * run instead of the whole list (`npm test -- test/iam.test.ts`).
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { run } from 'node:test';
import * as reporters from 'node:test/reporters';
import { ROOT, fullRun, unitRun } from './suite-files.mjs';

/** Files at once: one per core of the 2-core machines it runs on (three took as long, for more CPU: docs/performance.md). */
const CONCURRENCY = Number(process.env.GATEHOUSE_TEST_CONCURRENCY ?? 2);

/**
 * PATH with the directories that pyenv's shims stand for first: a shim runs bash and pyenv before
 * the program (an eighth to a quarter of an `aws` call's CPU), and the suite makes many such calls.
 */
function withoutShimDetour(path) {
  const dirs = new Set();
  for (const cmd of ['aws', 'python3']) {
    const first = path.split(delimiter).map((d) => join(d, cmd)).find((p) => existsSync(p));
    if (!first?.includes(`${join('.pyenv', 'shims')}/`)) continue;
    try {
      dirs.add(dirname(execFileSync('pyenv', ['which', cmd], { encoding: 'utf8', cwd: ROOT }).trim()));
    } catch { /* not in pyenv's active version: the shim stays in charge */ }
  }
  return [...dirs, path].join(delimiter);
}

/** A reporter by node's name for it (spec, tap, dot, junit, lcov) or a module's path, as `--test-reporter` takes it. */
async function reporter(name) {
  const r = name in reporters ? reporters[name] : (await import(pathToFileURL(resolve(name)).href)).default;
  // spec is a Transform class; the others are async generator functions.
  return r.prototype?.constructor === r && r.prototype?._transform ? new r() : r;
}

function parse(args) {
  const o = { unit: false, files: [], patterns: [], only: false, reporters: [], destinations: [] };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s);
    const value = () => inline ?? args[++i];
    if (flag === '--unit') o.unit = true;
    else if (flag === '--test-only') o.only = true;
    else if (flag === '--test-name-pattern') o.patterns.push(value());
    else if (flag === '--test-reporter') o.reporters.push(value());
    else if (flag === '--test-reporter-destination') o.destinations.push(value());
    else if (!flag.startsWith('-') && existsSync(resolve(ROOT, flag))) o.files.push(flag);
    else {
      console.error(`test/support/suite.mjs: ${args[i]} is neither an option it knows nor a file`);
      process.exit(2);
    }
  }
  return o;
}

if (!process.execArgv.some((a) => a.includes('tsx'))) {
  // The test files' processes get this one's node options: they need tsx's loader.
  try {
    execFileSync(process.execPath, ['--import', 'tsx', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
    process.exit(0);
  } catch (e) {
    process.exit(e.status ?? 1);
  }
}

const o = parse(process.argv.slice(2));
const files = o.files.length > 0 ? o.files : o.unit ? unitRun() : fullRun();
process.env.PATH = withoutShimDetour(process.env.PATH ?? '');
process.chdir(ROOT);

const stream = run({
  files: files.map((f) => resolve(ROOT, f)),
  concurrency: CONCURRENCY,
  only: o.only,
  ...(o.patterns.length > 0 ? { testNamePatterns: o.patterns } : {}),
});
stream.on('test:fail', () => { process.exitCode = 1; });
const names = o.reporters.length > 0 ? o.reporters : [process.stdout.isTTY ? 'spec' : 'tap'];
for (const [i, name] of names.entries()) {
  const to = o.destinations[i];
  stream.compose(await reporter(name)).pipe(!to || to === 'stdout' ? process.stdout : to === 'stderr' ? process.stderr : createWriteStream(to));
}
