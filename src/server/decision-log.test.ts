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
const batches = (store: Store) => [...store.decisionLog.newestFirst()];

test('recorded decisions reach the store when flushed, newest first; the timer flushes them unasked', async () => {
  const store = Store.open(':memory:');
  const log = new DecisionLog(store);
  for (let i = 1; i <= 3; i++) log.record(req(i), allow);
  assert.deepEqual(batches(store), [], 'nothing written on the request path');
  log.flush();
  assert.deepEqual(users(log.query({ limit: 10 })), ['u3', 'u2', 'u1']);
  assert.equal(batches(store).length, 1, 'a flush writes one batch');
  log.record(req(4), allow);
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(users(log.query({ limit: 1 })), ['u4']);
  assert.match(log.query({ limit: 1 })[0].at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  store.close();
});

test('the log keeps only the newest N, whether they come in one batch or several; it drops only whole batches it no longer needs', () => {
  const store = Store.open(':memory:');
  const log = new DecisionLog(store, 3);
  for (let i = 1; i <= 2; i++) log.record(req(i), allow);
  log.flush();
  for (let i = 3; i <= 7; i++) log.record(req(i), allow);
  log.flush();
  assert.deepEqual(users(log.query({ limit: 10 })), ['u7', 'u6', 'u5']);
  assert.deepEqual(batches(store).map((b) => b.entries), [3], 'a batch beyond the bound keeps its newest N; the older batch is dropped');
  log.record(req(8), allow);
  log.flush();
  assert.deepEqual(users(log.query({ limit: 10 })), ['u8', 'u7', 'u6'], 'reads never return more than N');
  assert.deepEqual(batches(store).map((b) => b.entries), [1, 3], 'the older batch is kept while the newer hold fewer than N');
  for (let i = 9; i <= 10; i++) log.record(req(i), allow);
  log.flush();
  assert.deepEqual(batches(store).map((b) => b.entries), [2, 1], 'and dropped once they hold N');
  assert.deepEqual(users(log.query({ limit: 10 })), ['u10', 'u9', 'u8']);
  assert.deepEqual(users(log.query({ principal: 'arn:aws:iam::111122223333:user/u7', limit: 10 })), [], 'a kept but surplus decision is not read');
  const none = new DecisionLog(store, 0);
  none.record(req(11), allow);
  none.flush();
  assert.deepEqual(batches(store), [], 'a bound of 0 keeps none');
  assert.deepEqual(none.query({ limit: 10 }), []);
  store.close();
});

test('queries filter by account, principal, action (any case) and denials; a denial keeps its trace and AWS reason', () => {
  const store = Store.open(':memory:');
  const log = new DecisionLog(store);
  log.record(req(1), allow);
  log.record(req(2, '444455556666', 's3:ListAllMyBuckets'), deny);
  log.record(req(3, '111122223333', 's3:ListAllMyBuckets'), deny);
  log.flush();
  assert.deepEqual(users(log.query({ account: '111122223333', limit: 10 })), ['u3', 'u1']);
  assert.deepEqual(users(log.query({ principal: 'arn:aws:iam::444455556666:user/u2', limit: 10 })), ['u2']);
  assert.deepEqual(users(log.query({ principal: 'arn:aws:iam::444455556666:user/u2', account: '111122223333', limit: 10 })), []);
  assert.deepEqual(users(log.query({ action: 'S3:listallmybuckets', limit: 10 })), ['u3', 'u2']);
  assert.deepEqual(users(log.query({ deniedOnly: true, account: '111122223333', limit: 10 })), ['u3']);
  const [entry] = log.query({ principal: 'arn:aws:iam::444455556666:user/u2', limit: 1 });
  assert.deepEqual(entry.trace, deny.trace);
  assert.equal(entry.decision, 'ImplicitDeny');
  assert.match(entry.reason!, /^User: arn:aws:iam::444455556666:user\/u2 is not authorized to perform: s3:ListAllMyBuckets on resource: \*/);
  assert.equal(log.query({ principal: 'arn:aws:iam::111122223333:user/u1', limit: 1 })[0].reason, undefined);
  store.close();
});

test('filters apply to the whole log, across batches, not to the newest page', () => {
  const store = Store.open(':memory:');
  const log = new DecisionLog(store, 1000);
  log.record(req(1, '111122223333', 's3:CreateBucket'), deny);
  log.flush();
  for (let b = 0; b < 5; b++) {
    for (let i = 0; i < 100; i++) log.record(req(2), allow);
    log.flush();
  }
  assert.ok(!users(log.query({ limit: 200 })).includes('u1'), 'the denial is older than the newest 200');
  assert.deepEqual(users(log.query({ deniedOnly: true, limit: 200 })), ['u1']);
  assert.deepEqual(users(log.query({ action: 's3:createbucket', limit: 200 })), ['u1']);
  assert.equal(log.query({ limit: 250 }).length, 250, 'a page spans batches');
  store.close();
});

test('a batch stores each string and each repeated decision\'s trace once', () => {
  const store = Store.open(':memory:');
  const log = new DecisionLog(store);
  const big = { ...deny, trace: [{ ...deny.trace[0], policyId: 'x'.repeat(1000) }] } as Decision;
  for (let i = 0; i < 500; i++) log.record(req(1), big);
  log.flush();
  const [batch] = batches(store);
  assert.equal(batch.entries, 500);
  assert.equal(batch.body.split('x'.repeat(1000)).length - 1, 1, 'the trace once');
  assert.equal(batch.body.split('arn:aws:iam::111122223333:user/u1').length - 1, 2, 'the principal once, and once in the one reason');
  const entries = log.query({ limit: 1000 });
  assert.equal(entries.length, 500);
  assert.ok(entries.every((e) => e.trace[0].policyId === 'x'.repeat(1000) && e.reason?.includes('user/u1')));
  store.close();
});
