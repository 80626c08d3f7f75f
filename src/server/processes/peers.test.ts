import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pending } from './peers.js';

test('a reply reaches the question of its id; an unsent or unanswered question resolves undefined', async () => {
  const p = new Pending<string>();
  let asked = 0;
  const first = p.ask((id) => { asked = id; return true; }, 1000);
  p.answer(asked + 100, 'stray');
  p.answer(asked, 'reply');
  assert.equal(await first, 'reply');
  assert.equal(await p.ask(() => false, 1000), undefined);
  // The timeout does not hold the process open (unref'd): this wait does.
  const [unanswered] = await Promise.all([p.ask(() => true, 20), new Promise((r) => setTimeout(r, 100))]);
  assert.equal(unanswered, undefined);
});
