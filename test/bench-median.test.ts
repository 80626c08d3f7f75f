/** The benchmark's figure for a call measured in rounds: the median run, and never a hidden failure. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { medianRun, render, type Outcome } from '../bench/lib/report.js';

const run = (rps: number, non2xx = 0): Outcome => ({ ok: true, load: { tool: 'wrk', rps, requests: rps * 10, non2xx, socketErrors: 0, raw: '' } });

test('the median run stands for the rounds, with every round kept in order', () => {
  const m = medianRun([run(300), run(100), run(200)]);
  assert.ok(m.ok);
  assert.equal(m.load.rps, 200);
  assert.deepEqual(m.rounds, [300, 100, 200]);
  const even = medianRun([run(400), run(100), run(300), run(200)]);
  assert.ok(even.ok && even.load.rps === 200, 'the lower middle of an even count');
});

test('a failed or erroneous round is what is reported', () => {
  assert.deepEqual(medianRun([run(300), { ok: false, why: 'wrk died' }, run(200)]), { ok: false, why: 'wrk died' });
  const bad = medianRun([run(300), run(250, 4), run(200)]);
  assert.ok(bad.ok && bad.load.non2xx === 4);
  assert.equal(medianRun([]).ok, false);
});

test('the throughput table gives each server its CPU time per request and the ratios to moto and bare', () => {
  const load = (rps: number, serverCores: number): Outcome => ({ ok: true, load: { tool: 'wrk', rps, requests: rps * 10, non2xx: 0, socketErrors: 0, raw: '', serverCores, otherCores: 0 } });
  const md = render({
    env: [], calls: ['sts:AssumeRole'], servers: ['gatehouse', 'moto', 'bare node:http'], notes: [], latency: new Map(), coldStart: new Map(),
    throughput: new Map([['sts:AssumeRole|gatehouse', load(8000, 1.6)], ['sts:AssumeRole|moto', load(200, 1)], ['sts:AssumeRole|bare node:http', load(20000, 1)]]),
  });
  const row = md.split('\n').find((l) => l.startsWith('| sts:AssumeRole | gatehouse |'))!.split('|').map((c) => c.trim());
  const header = md.split('\n').find((l) => l.startsWith('| call |'))!.split('|').map((c) => c.trim());
  const cell = (name: string) => row[header.indexOf(name)];
  assert.equal(cell('CPU per request'), '200 µs');
  assert.equal(cell('× moto'), '40.0×');
  assert.equal(cell('× bare'), '0.40×');
  assert.equal(cell('targets (≥20× moto, ≥0.5× bare)'), 'PASS moto, MISS bare');
  const bare = md.split('\n').find((l) => l.startsWith('| sts:AssumeRole | bare node:http |'))!.split('|').map((c) => c.trim());
  assert.equal(bare[header.indexOf('CPU per request')], '50 µs');
});
