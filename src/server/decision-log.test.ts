import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecisionLog } from './decision-log.js';
import type { AuthzRequest, Decision } from '../policy/index.js';

const req = (n: number) => ({ principal: { type: 'User', arn: `arn:aws:iam::111122223333:user/u${n}`, account: '111122223333' }, action: 'iam:GetUser', resource: '*', context: {} }) as AuthzRequest;
const allow = { decision: 'Allow', allowed: true, trace: [] } as unknown as Decision;

test('the decision log keeps the most recent entries, oldest first', () => {
  const log = new DecisionLog(3);
  for (let i = 1; i <= 2; i++) log.record(req(i), allow);
  assert.deepEqual(log.recent().map((e) => e.principal.split('/')[1]), ['u1', 'u2']);
  for (let i = 3; i <= 7; i++) log.record(req(i), allow);
  assert.deepEqual(log.recent().map((e) => e.principal.split('/')[1]), ['u5', 'u6', 'u7']);
  assert.deepEqual(log.recent(2).map((e) => e.principal.split('/')[1]), ['u6', 'u7']);
});
