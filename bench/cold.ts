/**
 * npm run bench:cold [-- --runs 9 --entry path/to/gatehouse.cjs ...]
 * Cold start alone (spawn → first signed GetCallerIdentity answered 200, fresh data dir each run) for one
 * or more builds, runs interleaved so a busy machine weighs on each alike.
 */
import { parseArgs } from 'node:util';
import { freePort, stop, tempDir, waitFor, cleanUp } from './lib/procs.js';
import { buildGatehouse, readRootKeys, spawnGatehouse } from './lib/servers.js';
import { getCallerIdentity, send } from './lib/sign.js';

const { values: opt } = parseArgs({ options: { runs: { type: 'string', default: '9' }, entry: { type: 'string', multiple: true } } });
process.on('exit', cleanUp);
const entries = opt.entry ?? [await buildGatehouse()];
const times = new Map<string, number[]>(entries.map((e) => [e, []]));
for (let i = 0; i < Number(opt.runs); i++) {
  for (const entry of entries) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const dir = tempDir('cold');
    const t0 = process.hrtime.bigint();
    const proc = spawnGatehouse(port, dir, process.env.COLD_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.COLD_PROFILE_DIR] : [], entry);
    await waitFor(proc, 'cold start', async () => {
      const c = readRootKeys(dir)?.utils;
      if (!c) return undefined;
      return (await send(url, await getCallerIdentity(url, c))).status === 200 ? true : undefined;
    }, 30_000, 3);
    times.get(entry)!.push(Number(process.hrtime.bigint() - t0) / 1e6);
    await stop(proc);
  }
}
for (const [entry, t] of times) {
  const s = [...t].sort((a, b) => a - b);
  console.log(`${entry}: median ${s[s.length >> 1].toFixed(0)} ms, min ${s[0].toFixed(0)}, max ${s[s.length - 1].toFixed(0)} (${s.length} runs)`);
}
