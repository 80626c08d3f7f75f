/**
 * npm run bench:policy — decisions per second of Gatehouse's policy engine
 * against @cloud-copilot/iam-simulate on the same cases in the same run, and
 * decision cost as the store grows to 10,000 roles. Prints a table and writes
 * bench/policy/results.md. Target: ≥ 20× iam-simulate; flat within 2×.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { largeSet, smallSet, type BenchSet } from './cases.js';
import { gatehouseCold, gatehouseCompiled, iamSimulate, type Engine } from './engines.js';
import { measureGrowth } from './store-growth.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const mark = (ok: boolean) => (ok ? 'PASS' : 'MISS');

/** Decisions per second over SECONDS, cycling through the set's requests, after a short warm-up. */
async function throughput(engine: Engine, set: BenchSet): Promise<number> {
  const reqs = set.requests;
  for (let i = 0; i < 200; i++) await engine.decide(reqs[i % reqs.length]);
  let n = 0;
  const start = performance.now();
  const end = start + SECONDS * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 50; i++) await engine.decide(reqs[(n + i) % reqs.length]);
    n += 50;
  }
  return n / ((performance.now() - start) / 1000);
}

async function agreement(a: Engine, b: Engine, set: BenchSet): Promise<string> {
  let same = 0;
  for (const r of set.requests) if ((await a.decide(r)) === (await b.decide(r))) same++;
  return `${same}/${set.requests.length}`;
}

const lines: string[] = [
  '# Policy engine benchmark', '',
  `- ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
  `- each figure: decisions in ${SECONDS} s on one core, requests cycled; both engines see the same policies, requests and context`,
  '- @cloud-copilot/iam-simulate is a dev dependency of this benchmark only (AGPL), never imported by src/', '',
  '| policy set | engine | decisions/s | × iam-simulate | decisions agree | target ≥ 20× |', '|---|---|---:|---:|---:|---|',
];
for (const set of [smallSet(), largeSet()]) {
  const peer = iamSimulate(set);
  const peerRate = await throughput(peer, set);
  lines.push(`| ${set.name} | ${peer.name} | ${fmt(peerRate)} | 1.0 | — | |`);
  for (const engine of [gatehouseCompiled(set), gatehouseCold(set)]) {
    const rate = await throughput(engine, set);
    const ratio = rate / peerRate;
    const target = engine.name.includes('compiled once') ? mark(ratio >= 20) : '(for reference)';
    lines.push(`| ${set.name} | ${engine.name} | ${fmt(rate)} | ${fmt(ratio, 1)} | ${await agreement(engine, peer, set)} | ${target} |`);
  }
}

const growth = measureGrowth([100, 1_000, 10_000]);
const base = growth[0];
lines.push('', '## Decision cost as the store grows', '',
  'A role session deciding `s3:GetObject`; each role has its own inline policy and two of 100 shared managed policies.', '',
  '| roles in the store | µs/decision, policies cached (between writes) | µs/decision, policies re-read (after a write) |', '|---:|---:|---:|');
for (const g of growth) lines.push(`| ${fmt(g.roles)} | ${fmt(g.cachedMicros, 2)} | ${fmt(g.afterWriteMicros, 2)} |`);
const last = growth[growth.length - 1];
const flat = last.cachedMicros / base.cachedMicros <= 2 && last.afterWriteMicros / base.afterWriteMicros <= 2;
lines.push('', `Flat within 2× from ${fmt(base.roles)} to ${fmt(last.roles)} roles: ${mark(flat)} ` +
  `(cached ${fmt(last.cachedMicros / base.cachedMicros, 2)}×, re-read ${fmt(last.afterWriteMicros / base.afterWriteMicros, 2)}×).`, '');

const report = lines.join('\n');
process.stdout.write(`${report}\n`);
writeFileSync(new URL('./results.md', import.meta.url), report);
