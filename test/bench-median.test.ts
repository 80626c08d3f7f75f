/** The benchmark's figure for a call measured in rounds: the median run, and never a hidden failure. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { medianRun, type Outcome } from '../bench/lib/report.js';

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
