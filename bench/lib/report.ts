/** Markdown for the figures: throughput (call × server), SDK latency, cold start, targets. */
import type { ColdStart } from './cold-start.js';
import type { Latency } from './latency.js';
import type { SelfTime } from './profile.js';
import type { LoadResult } from './wrk.js';

/** One run, or the median of several (`rounds`: every run's req/s, in the order they ran). */
export type Outcome = { ok: true; load: LoadResult; rounds?: number[] } | { ok: false; why: string };

/**
 * The run that stands for several: a failed or erroneous one if any (so it is reported, never hidden),
 * else the run of median req/s (the lower middle of an even count).
 */
export function medianRun(outcomes: Outcome[]): Outcome {
  const failed = outcomes.find((o) => !o.ok || o.load.non2xx > 0 || o.load.socketErrors > 0);
  if (failed || outcomes.length === 0) return failed ?? { ok: false, why: 'not run' };
  const ok = outcomes as Array<Extract<Outcome, { ok: true }>>;
  const sorted = [...ok].sort((a, b) => a.load.rps - b.load.rps);
  return { ok: true, load: sorted[(sorted.length - 1) >> 1].load, rounds: ok.map((o) => o.load.rps) };
}
export interface Figures {
  env: string[];
  calls: string[];
  servers: string[];
  throughput: Map<string, Outcome>; // `${call}|${server}`
  latency: Map<string, Latency | string>;
  coldStart: Map<string, ColdStart | string>;
  profile?: Map<string, SelfTime[] | string>;
  /** two Gatehouse servers under the same scenario, outside any organization and as its members */
  organizationPair?: { outside: string; member: string };
  notes: string[];
}

/** What SCPs cost a request: the member's CPU per request over the same request's outside any organization. */
const ORGANIZATION_LIMIT = 1.1;
function organizationCost(f: Figures, pair: { outside: string; member: string }): string[] {
  const out = ['', `## Organizations: CPU per request of a member account under SCPs at four levels, against the same request outside any organization`, '',
    `| call | ${pair.outside} | ${pair.member} | ratio | target (≤ ${fmt(ORGANIZATION_LIMIT, 2)}) |`, '|---|---:|---:|---:|---|'];
  for (const call of f.calls) {
    const a = clean(f.throughput.get(`${call}|${pair.outside}`));
    const b = clean(f.throughput.get(`${call}|${pair.member}`));
    const cpu = (l: typeof a) => (l?.serverCores !== undefined && l.rps > 0 ? (l.serverCores * 1e6) / l.rps : undefined);
    const [x, y] = [cpu(a), cpu(b)];
    if (x === undefined || y === undefined) { out.push(`| ${call} | ${x === undefined ? '—' : `${fmt(x)} µs`} | ${y === undefined ? '—' : `${fmt(y)} µs`} | — | not measured |`); continue; }
    out.push(`| ${call} | ${fmt(x)} µs | ${fmt(y)} µs | ${fmt(y / x, 2)} | ${mark(y / x <= ORGANIZATION_LIMIT)} |`);
  }
  return out;
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const OTHER_LOAD_LIMIT = 0.2;
const cores = (c: number | undefined) => (c === undefined ? '' : `${fmt(c, 2)} cores`);
/** The server's CPU time per answered request: what a server pays for one, whatever share of the machine it got. */
const perRequest = (c: number | undefined, rps: number) => (c === undefined || rps <= 0 ? '' : `${fmt((c * 1e6) / rps)} µs`);
const mark = (pass: boolean) => (pass ? 'PASS' : 'MISS');
const clean = (o: Outcome | undefined) => (o?.ok && o.load.non2xx === 0 && o.load.socketErrors === 0 ? o.load : undefined);

export function render(f: Figures): string {
  const out: string[] = ['# Gatehouse benchmark', '', ...f.env.map((e) => `- ${e}`), ''];
  const loud: string[] = [];

  out.push('## Throughput (signed request replayed by the load generator)', '',
    '| call | server | req/s | non-2xx | socket errors | p50 | p99 | server CPU | CPU per request | other load | × moto | × bare | targets (≥20× moto, ≥0.5× bare) | every run, req/s |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|');
  for (const call of f.calls) {
    const moto = clean(f.throughput.get(`${call}|moto`));
    const bare = clean(f.throughput.get(`${call}|bare node:http`));
    for (const server of f.servers) {
      const o = f.throughput.get(`${call}|${server}`);
      if (!o) continue;
      if (!o.ok) { out.push(`| ${call} | ${server} | — | | | | | | | | | | not measured: ${o.why} | |`); loud.push(`${call} on ${server}: ${o.why}`); continue; }
      const l = o.load;
      const bad = l.non2xx > 0 || l.socketErrors > 0;
      if (bad) loud.push(`${call} on ${server}: ${l.non2xx} non-2xx responses and ${l.socketErrors} socket errors out of ${l.requests} — its req/s is NOT a valid figure`);
      if ((l.otherCores ?? 0) > OTHER_LOAD_LIMIT) loud.push(`${call} on ${server}: other processes kept ${fmt(l.otherCores!, 2)} cores busy during the run — the machine was not quiet, figures are low and noisy`);
      const vsMoto = moto && server !== 'moto' ? l.rps / moto.rps : undefined;
      const vsBare = bare && server !== 'bare node:http' ? l.rps / bare.rps : undefined;
      const targets = server === 'gatehouse' && !bad
        ? [vsMoto !== undefined ? `${mark(vsMoto >= 20)} moto` : 'moto n/a', vsBare !== undefined ? `${mark(vsBare >= 0.5)} bare` : 'bare n/a'].join(', ')
        : bad ? '**ERRORS — figure invalid**' : '';
      out.push(`| ${call} | ${server} | ${bad ? `~~${fmt(l.rps)}~~` : fmt(l.rps)} | ${l.non2xx} | ${l.socketErrors} | ${l.p50ms !== undefined ? `${fmt(l.p50ms, 2)} ms` : ''} | ${l.p99ms !== undefined ? `${fmt(l.p99ms, 2)} ms` : ''} | ${cores(l.serverCores)} | ${perRequest(l.serverCores, l.rps)} | ${cores(l.otherCores)} | ${vsMoto !== undefined ? `${fmt(vsMoto, 1)}×` : ''} | ${vsBare !== undefined ? `${fmt(vsBare, 2)}×` : ''} | ${targets} | ${(o.rounds ?? [l.rps]).map((x) => fmt(x)).join(' / ')} |`);
    }
  }

  if (f.organizationPair) out.push(...organizationCost(f, f.organizationPair));

  out.push('', '## End-to-end latency through the JS SDK v3 (sequential GetCallerIdentity, one client)', '',
    '| server | calls | p50 | p99 | mean | errors |', '|---|---:|---:|---:|---:|---:|');
  for (const [server, l] of f.latency) {
    if (typeof l === 'string') { out.push(`| ${server} | — | | | | not measured: ${l} |`); continue; }
    if (l.errors) loud.push(`SDK latency on ${server}: ${l.errors} calls failed`);
    out.push(`| ${server} | ${l.calls} | ${fmt(l.p50ms, 2)} ms | ${fmt(l.p99ms, 2)} ms | ${fmt(l.meanMs, 2)} ms | ${l.errors} |`);
  }

  out.push('', '## Cold start (spawn → first signed GetCallerIdentity answered 200, polled every 3 ms)', '',
    '| server | runs | median | min | max | target (< 300 ms) |', '|---|---:|---:|---:|---:|---|');
  for (const [server, c] of f.coldStart) {
    if (typeof c === 'string') { out.push(`| ${server} | — | | | | not measured: ${c} |`); continue; }
    const target = server.startsWith('gatehouse') ? mark(c.medianMs < 300) : '';
    out.push(`| ${server} | ${c.runs.length} | ${fmt(c.medianMs)} ms | ${fmt(c.minMs)} ms | ${fmt(c.maxMs)} ms | ${target} |`);
  }

  for (const [call, p] of f.profile ?? []) {
    out.push('', `## Gatehouse CPU profile under ${call} load (top self time, node --cpu-prof)`, '');
    if (typeof p === 'string') out.push(`not measured: ${p}`);
    else out.push('| function | self ms | share |', '|---|---:|---:|', ...p.map((x) => `| \`${x.fn}\` | ${fmt(x.ms)} | ${fmt(x.share * 100, 1)} % |`));
  }

  out.push('', '## Notes', '', ...f.notes.map((n) => `- ${n}`));
  if (loud.length) out.splice(out.indexOf('## Throughput (signed request replayed by the load generator)'), 0,
    '## ⚠ ERRORS IN THIS RUN', '', ...loud.map((l) => `- **${l}**`), '');
  return `${out.join('\n')}\n`;
}
