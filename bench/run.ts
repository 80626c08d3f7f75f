/**
 * npm run bench [-- --seconds 10 --connections 32 --rounds 3 --profile --no-write]
 * Gatehouse, moto and a bare node:http server, each in its own process on 127.0.0.1,
 * under the same validly signed requests replayed by wrk, each call measured --rounds times
 * with the servers taking turns (the median run counts); then SDK latency and cold start (on this Node and on Node 22/24 when found: bench/lib/node-lines.ts).
 * Prints a markdown report and writes it to bench/results.md.
 */
import { execSync } from 'node:child_process';
import { cpus } from 'node:os';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultProcesses } from '../src/cli/commands/serve.js';
import { quietWaiter } from './lib/cpu.js';
import { gatehouseColdStart, motoColdStart } from './lib/cold-start.js';
import { nodeLines } from './lib/node-lines.js';
import { sdkLatency } from './lib/latency.js';
import { cleanUp, stop, tempDir } from './lib/procs.js';
import { topSelfTime } from './lib/profile.js';
import { medianRun, render, type Figures, type Outcome } from './lib/report.js';
import { motoRoots, setUpScenario, type Scenario } from './lib/scenario.js';
import { ORGANIZATION_ACCOUNTS, seedOrganizationIn } from './lib/organization.js';
import { buildGatehouse, startBare, startGatehouse, startMoto, type Running } from './lib/servers.js';
import { assumeRole, getCallerIdentity, listBuckets, send, type SignedRequest } from './lib/sign.js';
import { ensureWrk, runWrk, type LoadOptions } from './lib/wrk.js';

const { values: opt } = parseArgs({ options: {
  seconds: { type: 'string', default: '10' }, warmup: { type: 'string', default: '2' },
  connections: { type: 'string', default: '32' }, threads: { type: 'string', default: '1' },
  rounds: { type: 'string', default: '3' },
  'quiet-wait': { type: 'string', default: '240' },
  'sdk-calls': { type: 'string', default: '2000' }, 'cold-runs': { type: 'string', default: '5' },
  profile: { type: 'boolean', default: false }, 'no-write': { type: 'boolean', default: false },
} });
const load: LoadOptions = { threads: Number(opt.threads), connections: Number(opt.connections), seconds: Number(opt.seconds), warmupSeconds: Number(opt.warmup) };

// Bounded in time whatever happens: every child and temp dir goes with us.
const deadline = setTimeout(() => { process.stderr.write('bench: over 15 minutes, giving up\n'); cleanUp(); process.exit(2); }, 15 * 60_000);
deadline.unref();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => { cleanUp(); process.exit(130); });
process.on('exit', cleanUp);

const log = (s: string) => process.stderr.write(`bench: ${s}\n`);
const sh = (cmd: string) => { try { return execSync(cmd, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return '?'; } };
const errText = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

const CALLS = ['sts:GetCallerIdentity', 'sts:AssumeRole', 's3:ListBuckets'] as const;
type Call = typeof CALLS[number];
/** What a 200 for each call must contain, so a replay that "succeeds" with the wrong answer is caught. */
const EXPECT: Record<Call, string> = { 'sts:GetCallerIdentity': 'random_user', 'sts:AssumeRole': 'AccessKeyId', 's3:ListBuckets': 'prod-data-' };
const signFor = (call: Call, url: string, s: Scenario): Promise<SignedRequest> =>
  call === 'sts:GetCallerIdentity' ? getCallerIdentity(url, s.user)
    : call === 'sts:AssumeRole' ? assumeRole(url, s.user, s.roleArn) : listBuckets(url, s.session);

const work = tempDir('work');
/** The same scenario with utils and prod members of an organization: what SCPs and RCPs cost a request. */
const IN_ORGANIZATION = 'gatehouse, members of an organization';
const f: Figures = {
  env: [], calls: [...CALLS], servers: ['gatehouse', IN_ORGANIZATION, 'moto', 'bare node:http'],
  organizationPair: { outside: 'gatehouse', member: IN_ORGANIZATION },
  throughput: new Map(), latency: new Map(), coldStart: new Map(), notes: [],
};

const wrkMissing = ensureWrk();
// Others may share this machine: wait for quiet before each measurement, 4 minutes in all at most.
const waitForQuiet = quietWaiter(Number(opt['quiet-wait']) * 1000);
log('bundling gatehouse (esbuild, into bench/.build)');
await buildGatehouse();

const running: Running[] = [];
const scenarios = new Map<string, Scenario>();
const up = async (name: string, boot: () => Promise<{ r: Running; s?: Scenario }>) => {
  try {
    log(`starting ${name}`);
    const { r, s } = await boot();
    running.push(r);
    if (s) scenarios.set(name, s);
  } catch (e) {
    log(`${name} cannot run: ${errText(e)}`);
    for (const call of CALLS) f.throughput.set(`${call}|${name}`, { ok: false, why: `${name} did not start: ${errText(e)}` });
  }
};
await up('gatehouse', async () => {
  const r = await startGatehouse(tempDir('gatehouse'));
  return { r, s: await setUpScenario(r.url, r.roots.utils, r.roots.prod) };
});
await up(IN_ORGANIZATION, async () => {
  const dir = tempDir('gatehouse-org');
  const accounts = ['--accounts', ORGANIZATION_ACCOUNTS.join(',')];
  // The organization is written into the data dir between a first start (which makes the accounts) and the measured one.
  await stop((await startGatehouse(dir, [], accounts)).proc);
  await seedOrganizationIn(dir);
  const r = await startGatehouse(dir, [], accounts);
  return { r: { ...r, name: IN_ORGANIZATION }, s: await setUpScenario(r.url, r.roots.utils, r.roots.prod) };
});
await up('moto', async () => {
  const r = await startMoto();
  const roots = await motoRoots(r.url);
  return { r, s: await setUpScenario(r.url, roots.utils, roots.prod) };
});
await up('bare node:http', async () => ({ r: await startBare() }));

// A shared machine's speed drifts (the bare server alone moves by a third between runs): each call is
// measured in rounds, the servers taking turns in each, and each server's median run is its figure.
const rounds = Math.max(1, Number(opt.rounds));
for (const call of CALLS) {
  const signed = new Map<string, SignedRequest>();
  const runs = new Map<string, Outcome[]>();
  for (const r of running) {
    // The bare server answers anything; it gets Gatehouse's request bytes (same size and shape).
    const s = scenarios.get(r.name) ?? scenarios.get('gatehouse') ?? scenarios.get('moto');
    if (!s) { runs.set(r.name, [{ ok: false, why: 'no scenario to sign with' }]); continue; }
    if (wrkMissing) { runs.set(r.name, [{ ok: false, why: wrkMissing }]); continue; }
    try {
      const req = await signFor(call, r.url, s);
      const probe = await send(r.url, req);
      if (probe.status !== 200 || (r.name !== 'bare node:http' && !probe.body.includes(EXPECT[call]))) {
        throw new Error(`the signed request is not answered 200 with the expected body: ${probe.status} ${probe.body.slice(0, 300).replace(/\s+/g, ' ')}`);
      }
      signed.set(r.name, req);
      runs.set(r.name, []);
    } catch (e) {
      runs.set(r.name, [{ ok: false, why: errText(e) }]);
      log(`  ${call} → ${r.name} failed: ${errText(e)}`);
    }
  }
  for (let round = 1; round <= rounds; round++) {
    for (const r of running) {
      const req = signed.get(r.name);
      if (!req) continue;
      try {
        const before = await waitForQuiet();
        log(`${call} → ${r.name}, round ${round}/${rounds} (machine load before: ${before.toFixed(2)} cores): wrk ${load.warmupSeconds}s warm-up + ${load.seconds}s`);
        const result = await runWrk(r.url, req, load, work, r.proc.child.pid);
        runs.get(r.name)!.push({ ok: true, load: result });
        log(`  ${Math.round(result.rps)} req/s, ${result.non2xx} non-2xx, ${result.socketErrors} socket errors, server ${result.serverCores?.toFixed(2)} cores, others ${result.otherCores?.toFixed(2)} cores`);
      } catch (e) {
        runs.get(r.name)!.push({ ok: false, why: errText(e) });
        log(`  ${call} → ${r.name} failed: ${errText(e)}`);
      }
    }
  }
  for (const [server, outcomes] of runs) f.throughput.set(`${call}|${server}`, medianRun(outcomes));
}

const sdkCalls = Number(opt['sdk-calls']);
for (const r of running) {
  const s = scenarios.get(r.name) ?? scenarios.get('gatehouse');
  if (!s || r.name === IN_ORGANIZATION) continue;
  await waitForQuiet();
  log(`SDK latency: ${sdkCalls} GetCallerIdentity → ${r.name}`);
  try { f.latency.set(r.name, await sdkLatency(r.url, s.user, sdkCalls)); } catch (e) { f.latency.set(r.name, errText(e)); }
}
for (const r of running) await stop(r.proc);

if (opt.profile) {
  f.profile = new Map();
  for (const call of CALLS) {
    log(`profiling gatehouse under ${call} load (node --cpu-prof)`);
    const profDir = tempDir('prof');
    try {
      const r = await startGatehouse(tempDir('gatehouse-prof'), ['--cpu-prof', '--cpu-prof-dir', profDir]);
      const s = await setUpScenario(r.url, r.roots.utils, r.roots.prod);
      if (wrkMissing) throw new Error(wrkMissing);
      await runWrk(r.url, await signFor(call, r.url, s), { ...load, warmupSeconds: 0 }, work);
      await stop(r.proc, 10_000);
      f.profile.set(call, topSelfTime(profDir));
    } catch (e) { f.profile.set(call, errText(e)); }
  }
}

const coldRuns = Number(opt['cold-runs']);
log(`cold start: ${coldRuns} runs each`);
// The bundle on each Node line found (this one, 22 and 24: lib/node-lines.ts says where they come from).
const { lines: nodeLinesFound, missing: nodeLinesMissing } = await nodeLines();
for (const line of nodeLinesFound) {
  const name = `gatehouse (bundle, gatehouse.cjs) on Node ${line.version}`;
  try { f.coldStart.set(name, await gatehouseColdStart(coldRuns, waitForQuiet, line)); } catch (e) { f.coldStart.set(name, errText(e)); }
}
for (const m of nodeLinesMissing) f.coldStart.set(`gatehouse on ${m.split(':')[0]}`, m.slice(m.indexOf(':') + 2));
try { f.coldStart.set('moto', await motoColdStart(coldRuns, waitForQuiet)); } catch (e) { f.coldStart.set('moto', errText(e)); }

const dirty = sh('git status --porcelain -- src package.json') ? ' (src/ had uncommitted changes)' : '';
f.env = [
  `${new Date().toISOString()}, gatehouse ${sh('git rev-parse --short HEAD')}${dirty}, Node ${process.version}, moto ${sh('python3 -c "import moto; print(moto.__version__)"')}, ${sh('python3 --version')}`,
  `${cpus().length} × ${cpus()[0]?.model.trim()}; all servers and the load generator on this one machine, 127.0.0.1`,
  `load: ${wrkMissing ? `none (${wrkMissing})` : `${sh('wrk --version 2>&1 | head -1').split(' [')[0]}, \`wrk -t${load.threads} -c${load.connections} -d${load.seconds}s --latency\` after a ${load.warmupSeconds}s warm-up and a wait (≤ ${opt['quiet-wait']} s in all) for the shared machine to go quiet, one signed request replayed (Lua script for method, headers, body); each call measured in ${rounds} round${rounds > 1 ? 's' : ''}, the servers taking turns, each server's median run in the table`}`,
  'rerun: `npm run bench` (add `-- --profile` for the CPU profile sections)',
];
f.notes = [
  'moto does **not** enforce IAM by default: its AssumeRole and ListBuckets skip the trust-policy and identity-policy checks Gatehouse makes, and its signature is not verified. Gatehouse runs with enforcement on (it always is).',
  `Gatehouse is the shipped bundle (\`src/cli/main.ts\` bundled as \`scripts/bundle.mjs\` does, into \`bench/.build/\`) with \`serve --accounts utils,prod\` on a fresh data dir, state made through the JS SDK v3 as in the README's bastion scenario. With its default \`--processes\` (one a core, at most 4) it serves with ${defaultProcesses()} processes on this machine; moto is one Python process (threaded), the bare server one Node process.`,
  'GetCallerIdentity is signed by random_user\'s access key; AssumeRole is random_user (utils) assuming s3-list-role in prod; ListBuckets uses that role session\'s credentials (session token signed). Every request is signed once and checked to answer 200 with the expected body before it is replayed.',
  `"${IN_ORGANIZATION}" is the same bundle and scenario with a third account, mgmt, managing an organization whose nested OU holds utils and prod: random_user's AssumeRole and the role session's ListBuckets meet SCPs at four levels (root, OU, nested OU, account: FullAWSAccess on each, an allowing SCP of its own on each OU) and, for AssumeRole, the RCPs of prod (RCPFullAWSAccess at each level).`,
  'The bare server is node:http answering a fixed GetCallerIdentity-sized body: the ceiling of this machine for this load generator. It receives Gatehouse\'s request bytes.',
  '"server CPU" is the cores the server\'s processes used during the run and "CPU per request" that time over the requests answered (a figure the machine\'s swings move less than req/s); "other load" is what the rest of the machine used besides the server and wrk (other work on this shared machine). Over 0.2 cores of other load is flagged: the figures of that row are depressed.',
  'The load generator and the servers share the machine\'s cores; the SDK latency is dominated by the SDK client itself (see the bare row).',
  'Cold start: each run is a new process on a new data dir; the bundle\'s first start writes its code cache (~/.cache/gatehouse, as any user\'s first start does: Node\'s own compile cache from Node 22.1, V8\'s through vm.Script on Node 20), the later runs start from it. Node 22 and 24 come from GATEHOUSE_NODE22 / GATEHOUSE_NODE24 or the cache dir `.ci/run` installs them into (`.ci/node-versions.sh 24 22`).',
];

const md = render(f);
process.stdout.write(md);
if (!opt['no-write']) writeFileSync(new URL('./results.md', import.meta.url), md);
cleanUp();
process.exit(0);
