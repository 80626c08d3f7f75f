/**
 * npm run bench:cold [-- --runs 9] [-- --entry path/to/gatehouse.cjs ...]
 * Cold start alone (spawn → first signed GetCallerIdentity answered 200, fresh data dir each run), runs
 * interleaved so a busy machine weighs on each alike. Target: under 300 ms on every supported Node.
 * Without --entry: the bundle on each Node line found — this one, and Node 22 and 24 from GATEHOUSE_NODE22 /
 * GATEHOUSE_NODE24 (a node binary) or the cache dir .ci/run installs them into (~/.cache/gatehouse-ci;
 * `.ci/node-versions.sh 24 22` installs them and their better-sqlite3 builds alone).
 * With --entry: those builds, on this Node.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { tempDir, cleanUp } from './lib/procs.js';
import { coldStartOnce, summarise } from './lib/cold-start.js';
import { nodeLines } from './lib/node-lines.js';
import { readRootKeys, spawnGatehouse } from './lib/servers.js';

const { values: opt } = parseArgs({ options: { runs: { type: 'string', default: '9' }, entry: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } } });
if (opt.help) {
  process.stdout.write(readFileSync(new URL(import.meta.url), 'utf8').match(/\/\*\*\n([\s\S]*?) \*\//)![1].replace(/^ \* ?/gm, ''));
  process.exit(0);
}
process.on('exit', cleanUp);

interface Target { label: string; node: string; entry: string }
let targets: Target[];
if (opt.entry) {
  targets = opt.entry.map((entry) => ({ label: `${entry} (Node ${process.version})`, node: process.execPath, entry }));
} else {
  const { lines, missing } = await nodeLines();
  for (const m of missing) console.log(`not measured: ${m}`);
  targets = lines.map((l) => ({ label: `Node ${l.version}`, node: l.node, entry: l.entry }));
}
const times = new Map<Target, number[]>(targets.map((t) => [t, []]));
const profileArgs = process.env.COLD_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.COLD_PROFILE_DIR] : [];
for (let i = 0; i < Number(opt.runs); i++) {
  for (const target of targets) {
    const dir = tempDir('cold');
    times.get(target)!.push(await coldStartOnce((port) => ({
      proc: spawnGatehouse(port, dir, profileArgs, target.entry, [], target.node), creds: () => readRootKeys(dir)?.utils,
    })));
  }
}
for (const [target, t] of times) {
  const { medianMs, minMs, maxMs } = summarise(t);
  console.log(`${target.label}: median ${medianMs.toFixed(0)} ms, min ${minMs.toFixed(0)}, max ${maxMs.toFixed(0)} (${t.length} runs)${medianMs < 300 ? '' : ' — over the 300 ms target'}`);
}
