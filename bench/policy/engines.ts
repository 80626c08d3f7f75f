/**
 * The two engines behind one interface, fed the same BenchSet. Gatehouse runs
 * as the server does (policies compiled once, then evaluated per request)
 * and, for comparison, compiling on every decision. @cloud-copilot/iam-simulate
 * (AGPL: a dev dependency of this benchmark only, never imported by src/)
 * runs its runSimulation on the JSON documents.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { compilePolicy, evaluate, type AttachedPolicy, type PrincipalInfo } from '../../src/policy/index.js';
import { ACCOUNT, PRINCIPAL, type BenchRequest, type BenchSet } from './cases.js';

export type Verdict = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
export interface Engine { name: string; decide(r: BenchRequest): Verdict | Promise<Verdict> }

const principal: PrincipalInfo = { type: 'User', arn: PRINCIPAL, account: ACCOUNT, username: 'bench', tags: { team: 'blue' } };
const withTime = (r: BenchRequest) => ({ ...r.context, 'aws:CurrentTime': '2024-06-01T00:00:00Z' });

export function gatehouseCompiled(set: BenchSet): Engine {
  const identity: AttachedPolicy[] = set.policies.map((p) => ({ id: p.name, policy: compilePolicy(JSON.stringify(p.document)) }));
  return {
    name: 'gatehouse (compiled once)',
    decide: (r) => evaluate({ principal, action: r.action, resource: r.resource, context: withTime(r) }, { identity }).decision,
  };
}

export function gatehouseCold(set: BenchSet): Engine {
  const texts = set.policies.map((p) => [p.name, JSON.stringify(p.document)] as const);
  return {
    name: 'gatehouse (parse + compile every decision)',
    decide: (r) => {
      const identity = texts.map(([id, t]) => ({ id, policy: compilePolicy(t) }));
      return evaluate({ principal, action: r.action, resource: r.resource, context: withTime(r) }, { identity }).decision;
    },
  };
}

const IAM_SIMULATE: Record<string, Verdict> = { Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' };

export function iamSimulate(set: BenchSet): Engine {
  const identityPolicies = set.policies.map((p) => ({ name: p.name, policy: p.document }));
  return {
    name: '@cloud-copilot/iam-simulate',
    async decide(r) {
      const result = await runSimulation({
        request: {
          principal: PRINCIPAL, action: r.action, resource: { resource: r.resource, accountId: ACCOUNT },
          contextVariables: { ...withTime(r), 'aws:username': 'bench', 'aws:PrincipalArn': PRINCIPAL, 'aws:PrincipalAccount': ACCOUNT },
        },
        identityPolicies, serviceControlPolicies: [], resourceControlPolicies: [],
      }, {});
      if (result.resultType === 'error') throw new Error(`iam-simulate: ${JSON.stringify(result.errors)}`);
      return IAM_SIMULATE[result.overallResult] ?? (result.overallResult as Verdict);
    },
  };
}
