/**
 * Does a decision cost the same with 100 roles in the store as with 10,000?
 * Each role has an inline policy of its own and two of 100 shared managed
 * policies; a decision for a random role's session is timed both as the
 * server makes it between writes (the principal's compiled policies cached)
 * and right after a write (policies read from SQLite again; documents already
 * seen come compiled from compiledPolicy's cache, never re-parsed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate, type PolicySet } from '../../src/policy/index.js';
import { policiesFor } from '../../src/services/iam/public.js';
import { principalInfo } from '../../src/server/steps/authorize.js';
import type { Principal } from '../../src/services/principal.js';
import { Store } from '../../src/store/index.js';

const ACCOUNT = '111122223333';
const doc = (Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

function populate(store: Store, roles: number): void {
  const now = new Date().toISOString();
  store.transaction(() => {
    store.accounts.insert({ id: ACCOUNT, name: 'bench', created_at: now });
    for (let m = 0; m < 100; m++) {
      const arn = `arn:aws:iam::${ACCOUNT}:policy/shared-${m}`;
      store.policies.insert({ arn, account_id: ACCOUNT, name: `shared-${m}`, id: `ANPA${String(m).padStart(17, '0')}`, path: '/', description: null, default_version: 'v1', next_version: 2, created_at: now, updated_at: now });
      store.policies.insertVersion({ policy_arn: arn, version_id: 'v1', document: doc([{ Effect: 'Allow', Action: [`s3:Get*`, `sqs:Send*`], Resource: `arn:aws:s3:::bucket-${m}/*`, Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }]), created_at: now });
    }
    for (let i = 0; i < roles; i++) {
      const name = `role-${i}`;
      store.roles.insert({
        account_id: ACCOUNT, name, id: `AROA${String(i).padStart(17, '0')}`, path: '/', arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, created_at: now,
        trust_policy: doc([{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'sts:AssumeRole' }]), description: null, max_session_duration: 3600, permissions_boundary: null,
      });
      store.inlinePolicies.put(ACCOUNT, 'role', name, 'own', doc([{ Effect: 'Allow', Action: 'dynamodb:*', Resource: `arn:aws:dynamodb:*:${ACCOUNT}:table/${name}-*` }]));
      store.attachments.attach(ACCOUNT, 'role', name, `arn:aws:iam::${ACCOUNT}:policy/shared-${i % 100}`);
      store.attachments.attach(ACCOUNT, 'role', name, `arn:aws:iam::${ACCOUNT}:policy/shared-${(i * 7) % 100}`);
    }
  });
}

function session(i: number): Principal {
  const name = `role-${i}`;
  return {
    type: 'AssumedRole', account: ACCOUNT, accessKeyId: 'ASIA', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/s`, userId: `AROA${String(i).padStart(17, '0')}:s`,
    role: { name, id: `AROA${String(i).padStart(17, '0')}`, arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, sessionName: 's', chained: false, issuedAt: '', expiresAt: '' },
  };
}

export interface GrowthPoint { roles: number; cachedMicros: number; afterWriteMicros: number }

function decide(p: Principal, policies: PolicySet, i: number) {
  return evaluate({ principal: principalInfo(p), action: 's3:GetObject', resource: `arn:aws:s3:::bucket-${i % 100}/k`, context: { 'aws:RequestedRegion': 'us-east-1' } }, policies);
}

export function measureGrowth(sizes: number[], decisions = 20_000): GrowthPoint[] {
  const out: GrowthPoint[] = [];
  for (const roles of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
    const store = Store.open(join(dir, 'gatehouse.db'));
    try {
      populate(store, roles);
      const pick = (k: number) => (k * 7919) % roles;
      // Between writes: the server's ReadCache holds each principal's compiled policies.
      const cache = new Map<number, PolicySet>();
      for (let k = 0; k < Math.min(roles, 2000); k++) cache.set(pick(k), policiesFor(store, session(pick(k))));
      let t = process.hrtime.bigint();
      for (let k = 0; k < decisions; k++) { const i = pick(k % 2000); decide(session(i), cache.get(i)!, i); }
      const cachedMicros = Number(process.hrtime.bigint() - t) / 1000 / decisions;
      // Right after a write: policies read again, compiled documents reused.
      t = process.hrtime.bigint();
      const n = decisions / 4;
      for (let k = 0; k < n; k++) { const i = pick(k); decide(session(i), policiesFor(store, session(i)), i); }
      const afterWriteMicros = Number(process.hrtime.bigint() - t) / 1000 / n;
      out.push({ roles, cachedMicros, afterWriteMicros });
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}
