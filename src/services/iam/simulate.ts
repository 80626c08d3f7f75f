/**
 * IAM's policy simulator API, backed by the same engine that decides every
 * request (IAM API Reference, "SimulatePrincipalPolicy" and
 * "SimulateCustomPolicy"). Only the context given in ContextEntries is used,
 * plus what the engine knows of the simulated principal (its ARN, ids, tags).
 */
import { validatePolicy, compilePolicy, type AttachedPolicy, type PolicyKind, type RequestContext as Context } from '../../policy/index.js';
import type { Input, OperationTable } from '../operation.js';
import { paginate } from './paginate.js';
import { evaluationResult, simulateOne, type SimulationInput } from './simulate-results.js';
import { invalidInput, principalFromArn, type SimulatedPrincipal } from './simulate-principal.js';

interface ContextEntry { ContextKeyName?: string; ContextKeyValues?: string[]; ContextKeyType?: string }

/** List types are multivalued keys; the others take one value. */
export function contextFromEntries(entries: ContextEntry[] = []): Context {
  const out: Context = {};
  for (const e of entries) {
    if (!e.ContextKeyName) continue;
    const values = e.ContextKeyValues ?? [];
    out[e.ContextKeyName] = e.ContextKeyType?.endsWith('List') || values.length !== 1 ? values : values[0];
  }
  return out;
}

function compileInput(text: string, kind: PolicyKind, id: string): AttachedPolicy {
  const problems = validatePolicy(text, kind);
  if (problems.length > 0) throw invalidInput(`${id}: ${problems[0].message}${problems[0].detail ? ` (${problems[0].detail})` : ''}`);
  return { id, policy: compilePolicy(text) };
}

/** ResourceOwner is an account id or its root ARN. */
function ownerAccount(owner: string | undefined): string | undefined {
  if (owner === undefined) return undefined;
  const m = /^(?:arn:[^:]+:iam::)?(\d{12})(?::root)?$/.exec(owner);
  if (!m) throw invalidInput(`Invalid ResourceOwner ${owner}: expected an account id or arn:aws:iam::ACCOUNT:root.`);
  return m[1];
}

/**
 * CallerArn may only name an IAM user (API Reference, CallerArn). For
 * SimulateCustomPolicy a user this server does not hold is still a caller:
 * only its ARN, account and name take part.
 */
function callerOf(i: Input, store: Parameters<typeof principalFromArn>[0], mustExist: boolean): SimulatedPrincipal | undefined {
  if (i.CallerArn === undefined) return undefined;
  const m = /^arn:[^:]+:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(i.CallerArn);
  if (!m) throw invalidInput(`Invalid CallerArn ${i.CallerArn}: only the ARN of an IAM user can be the caller.`);
  if (mustExist || store.users.get(m[1], m[2])?.arn === i.CallerArn) return principalFromArn(store, i.CallerArn);
  return { kind: 'user', info: { type: 'User', arn: i.CallerArn, account: m[1], username: m[2] }, policies: { identity: [] } };
}

function results(i: Input, sim: SimulationInput) {
  const actions: string[] = i.ActionNames ?? [];
  const resources: string[] = i.ResourceArns?.length ? i.ResourceArns : ['*'];
  const all = actions.flatMap((a) => resources.map((r) => evaluationResult(sim, simulateOne(sim, a, r))));
  const page = paginate(all, i);
  return { EvaluationResults: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
}

export const simulateOperations: OperationTable = {
  SimulatePrincipalPolicy: {
    action: 'iam:SimulatePrincipalPolicy',
    resource: (i) => i.PolicySourceArn,
    handle(i, ctx) {
      const source = principalFromArn(ctx.store, i.PolicySourceArn);
      if (source.kind === 'root') throw invalidInput(`Invalid PolicySourceArn ${i.PolicySourceArn}: expected a user, group or role.`);
      const caller = callerOf(i, ctx.store, true);
      if (i.ResourcePolicy !== undefined && !caller && source.kind !== 'user')
        throw invalidInput('CallerArn is required when ResourcePolicy is given and PolicySourceArn is not an IAM user.');
      const extra = (i.PolicyInputList ?? []).map((t: string, n: number) => compileInput(t, 'identity', `PolicyInputList.${n + 1}`));
      const boundaryInput = (i.PermissionsBoundaryPolicyInputList ?? []).map((t: string, n: number) => compileInput(t, 'boundary', `PermissionsBoundaryPolicyInputList.${n + 1}`));
      const sim: SimulationInput = {
        // "simulate calling the API operations as Bob, as if Bob had David's policies"
        principal: caller?.info ?? source.info,
        policies: {
          identity: [...source.policies.identity, ...extra],
          // A boundary given as input replaces the entity's own (API Reference, PermissionsBoundaryPolicyInputList).
          boundary: boundaryInput[0] ?? source.policies.boundary,
          resource: i.ResourcePolicy !== undefined ? compileInput(i.ResourcePolicy, 'resource', 'ResourcePolicy') : undefined,
          // The simulator evaluates the SCPs of the simulated entity's account (SimulatePrincipalPolicy, OrganizationsDecisionDetail).
          scps: source.policies.scps,
          principalIsManagementAccount: source.policies.principalIsManagementAccount,
        },
        resourceOwner: ownerAccount(i.ResourceOwner),
        context: contextFromEntries(i.ContextEntries),
      };
      return results(i, sim);
    },
  },
  SimulateCustomPolicy: {
    action: 'iam:SimulateCustomPolicy',
    handle(i, ctx) {
      const caller = callerOf(i, ctx.store, false);
      const policies = (i.PolicyInputList ?? []).map((t: string, n: number) => compileInput(t, 'identity', `PolicyInputList.${n + 1}`));
      const boundary = (i.PermissionsBoundaryPolicyInputList ?? []).map((t: string, n: number) => compileInput(t, 'boundary', `PermissionsBoundaryPolicyInputList.${n + 1}`));
      if (i.ResourcePolicy !== undefined && !caller) throw invalidInput('CallerArn is required when ResourcePolicy is given.');
      const account = ctx.account;
      const sim: SimulationInput = {
        // Without a caller the policies are simulated for an anonymous user of the calling account.
        principal: caller?.info ?? { type: 'User', arn: `arn:aws:iam::${account}:user/`, account },
        policies: {
          identity: policies, boundary: boundary[0],
          resource: i.ResourcePolicy !== undefined ? compileInput(i.ResourcePolicy, 'resource', 'ResourcePolicy') : undefined,
        },
        resourceOwner: ownerAccount(i.ResourceOwner),
        context: contextFromEntries(i.ContextEntries),
      };
      return results(i, sim);
    },
  },
};
