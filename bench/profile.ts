/**
 * npm run bench:profile [-- --call sts:AssumeRole --seconds 8 --processes N --node-arg=--flag --no-prof --save FILE.cpuprofile]
 * Gatehouse alone under one replayed call with node --cpu-prof: prints self and total time per
 * function, heaviest first. For finding where a call's time goes, not for figures (see bench/run.ts).
 */
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cleanUp, stop, tempDir } from './lib/procs.js';
import { topSelfTime, topTotalTime } from './lib/profile.js';
import { setUpScenario } from './lib/scenario.js';
import { buildGatehouse, startGatehouse } from './lib/servers.js';
import { assumeRole, getCallerIdentity, listBuckets, send } from './lib/sign.js';
import { ensureWrk, runWrk } from './lib/wrk.js';

const { values: opt } = parseArgs({ options: {
  call: { type: 'string', default: 'sts:AssumeRole' }, seconds: { type: 'string', default: '8' },
  connections: { type: 'string', default: '32' }, top: { type: 'string', default: '25' },
  'no-prof': { type: 'boolean', default: false }, save: { type: 'string' },
  // --processes 1 puts every request in the one profiled process (helpers are not profiled).
  processes: { type: 'string' },
  // extra node flags for the server's main process (e.g. --max-semi-space-size=64), to try V8 settings
  'node-arg': { type: 'string', multiple: true },
} });
process.on('exit', cleanUp);
const missing = ensureWrk();
if (missing) throw new Error(missing);
await buildGatehouse();
const profDir = tempDir('prof');
const r = await startGatehouse(tempDir('gatehouse-prof'), [...(opt['node-arg'] ?? []), ...(opt['no-prof'] ? [] : ['--cpu-prof', '--cpu-prof-dir', profDir])], opt.processes ? ['--processes', opt.processes] : []);
const s = await setUpScenario(r.url, r.roots.utils, r.roots.prod);
const req = opt.call === 'sts:GetCallerIdentity' ? await getCallerIdentity(r.url, s.user)
  : opt.call === 'sts:AssumeRole' ? await assumeRole(r.url, s.user, s.roleArn) : await listBuckets(r.url, s.session);
const probe = await send(r.url, req);
if (probe.status !== 200) throw new Error(`probe: ${probe.status} ${probe.body.slice(0, 200)}`);
const result = await runWrk(r.url, req, { threads: 1, connections: Number(opt.connections), seconds: Number(opt.seconds), warmupSeconds: 2 }, tempDir('work'), r.proc.child.pid);
await stop(r.proc, 10_000);
if (opt.save) { const f = readdirSync(profDir).find((x) => x.endsWith('.cpuprofile')); if (f) copyFileSync(join(profDir, f), opt.save); }
const top = Number(opt.top);
const fmt = (rows: { fn: string; ms: number; share: number }[]) => rows.map((x) => `${(x.share * 100).toFixed(1).padStart(5)}%  ${x.ms.toFixed(0).padStart(6)} ms  ${x.fn}`).join('\n');
// Server CPU time per request moves less than req/s when others share the machine.
const cpuUsPerRequest = ((result.serverCores ?? 0) * Number(opt.seconds) * 1e6) / result.requests;
console.log(`${opt.call}: ${Math.round(result.rps)} req/s, ${cpuUsPerRequest.toFixed(0)} µs server CPU per request (server ${result.serverCores?.toFixed(2)} cores, others ${result.otherCores?.toFixed(2)})`);
if (opt['no-prof']) process.exit(0);
console.log(`\n# self time\n${fmt(topSelfTime(profDir, top))}`);
console.log(`\n# total time (self + callees)\n${fmt(topTotalTime(profDir, top))}`);
