import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecisionLog } from './decision-log.js';
import { Store } from '../store/index.js';
import type { AuthzRequest, Decision } from '../policy/index.js';

const req = (n: number, account = '111122223333', action = 'iam:GetUser') =>
  ({ principal: { type: 'User', arn: `arn:aws:iam::${account}:user/u${n}`, account }, action, resource: '*', context: {} }) as AuthzRequest;
const allow = { decision: 'Allow', allowed: true, trace: [] } as unknown as Decision;
const deny = {
  decision: 'ImplicitDeny', allowed: false, deniedBy: 'identity',
  trace: [{ policyType: 'identity', policyId: 'p', statements: [{ effect: 'Allow', matched: false, note: 'action does not match' }] }],
} as unknown as Decision;
const users = (entries: Array<{ principal: string }>) => entries.map((e) => e.principal.split('/')[1]);

test('recorded decisions reach the store when flushed, newest first; the timer flushes them unasked', async () => {
  const store = Store.open(':memory:');
  const log = new DecisionLog(store);
  for (let i = 1; i <= 3; i++) log.record(req(i), allow);
  assert.deepEqual(store.decisionLog.query({ limit: 10 }), [], 'nothing written on the request path');
  log.flush();
  assert.deepEqual(users(store.decisionLog.query({ limit: 10 })), ['u3', 'u2', 'u1']);
  log.record(req(4), allow);
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(users(store.decisionLog.query({ limit: 1 })), ['u4']);
  store.close();
});

test('the log keeps only the newest N, whether they come in one batch or several', () => {
  const store = Store.open(':memory:');
  const log = new DecisionLog(store, 3);
  for (let i = 1; i <= 2; i++) log.record(req(i), allow);
  log.flush();
  for (let i = 3; i <= 7; i++) log.record(req(i), allow);
  log.flush();
  assert.deepEqual(users(store.decisionLog.query({ limit: 10 })), ['u7', 'u6', 'u5']);
  log.record(req(8), allow);
  log.flush();
  assert.deepEqual(users(store.decisionLog.query({ limit: 10 })), ['u8', 'u7', 'u6']);
  const none = new DecisionLog(store, 0);
  none.record(req(9), allow);
  none.flush();
  assert.deepEqual(store.decisionLog.query({ limit: 10 }), [], 'a bound of 0 keeps none');
  store.close();
});

test('queries filter by account, principal, action (any case) and denials; a denial keeps its trace and AWS reason', () => {
  const store = Store.open(':memory:');
  const log = new DecisionLog(store);
  log.record(req(1), allow);
  log.record(req(2, '444455556666', 's3:ListAllMyBuckets'), deny);
  log.record(req(3, '111122223333', 's3:ListAllMyBuckets'), deny);
  log.flush();
  assert.deepEqual(users(store.decisionLog.query({ account: '111122223333', limit: 10 })), ['u3', 'u1']);
  assert.deepEqual(users(store.decisionLog.query({ principal: 'arn:aws:iam::444455556666:user/u2', limit: 10 })), ['u2']);
  assert.deepEqual(users(store.decisionLog.query({ action: 'S3:listallmybuckets', limit: 10 })), ['u3', 'u2']);
  assert.deepEqual(users(store.decisionLog.query({ deniedOnly: true, account: '111122223333', limit: 10 })), ['u3']);
  const [row] = store.decisionLog.query({ principal: 'arn:aws:iam::444455556666:user/u2', limit: 1 });
  assert.deepEqual(JSON.parse(row.trace), deny.trace);
  assert.match(row.reason!, /^User: arn:aws:iam::444455556666:user\/u2 is not authorized to perform: s3:ListAllMyBuckets on resource: \*/);
  assert.equal(store.decisionLog.query({ principal: 'arn:aws:iam::111122223333:user/u1', limit: 1 })[0].reason, null);
  store.close();
});
