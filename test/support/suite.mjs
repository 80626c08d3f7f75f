/**
 * `npm test` and `npm run test:unit`: node's test runner on the files suite-files.mjs lists, with
 * GATEHOUSE_TEST_CONCURRENCY files at once (default below).
 *
 *   node test/support/suite.mjs [--unit] [node --test options…] [test files…]
 *
 * Files named on the command line run instead of the whole list (`npm test -- test/iam.test.ts`).
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { ROOT, fullRun, unitRun } from './suite-files.mjs';

/** Files at once: one per core of the 2-core machines it runs on; the heaviest files use two cores each for part of their run. */
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

const args = process.argv.slice(2);
const unit = args[0] === '--unit';
const rest = unit ? args.slice(1) : args;
const named = rest.filter((a) => a.endsWith('.ts') && existsSync(join(ROOT, a)));
const options = rest.filter((a) => !named.includes(a));
const files = named.length > 0 ? named : unit ? unitRun() : fullRun();

const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${CONCURRENCY}`, ...options, ...files], {
  cwd: ROOT, stdio: 'inherit', env: { ...process.env, PATH: withoutShimDetour(process.env.PATH ?? '') },
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => { process.exitCode = code ?? (signal ? 1 : 0); });
