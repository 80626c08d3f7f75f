import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeDecisions, Pending } from './peers.js';
import type { LoggedDecision } from '../decision-log.js';

const d = (at: string, action: string): LoggedDecision => ({ at, principal: 'arn:aws:iam::111122223333:user/u', action, resource: '*', decision: 'Allow', trace: [] as never });

test('decisions of several processes merge into one log, oldest first, the newest n kept', () => {
  const one = [d('2026-11-26T00:00:01.000Z', 'a'), d('2026-11-26T00:00:03.000Z', 'c')];
  const two = [d('2026-11-26T00:00:02.000Z', 'b'), d('2026-11-26T00:00:04.000Z', 'd')];
  assert.deepEqual(mergeDecisions([one, two], 10).map((x) => x.action), ['a', 'b', 'c', 'd']);
  assert.deepEqual(mergeDecisions([one, two], 2).map((x) => x.action), ['c', 'd']);
  assert.deepEqual(mergeDecisions([[], []], 5), []);
});

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
