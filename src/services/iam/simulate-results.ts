/**
 * One simulated decision in IAM's result shape (IAM API Reference,
 * "EvaluationResult", "Statement", "ResourceSpecificResult"): the engine's
 * decision, the statements that decided it, the context keys it missed.
 */
import { evaluate, missingContextKeys, type AuthzRequest, type Decision, type OrgPlace, type PolicySet, type PrincipalInfo, type RequestContext, type TraceEntry } from '../../policy/index.js';

const EVAL_DECISION = { Allow: 'allowed', ExplicitDeny: 'explicitDeny', ImplicitDeny: 'implicitDeny' } as const;

export interface SimulationInput {
  principal: PrincipalInfo;
  policies: PolicySet;
  /** the account owning resources whose ARN names none (ResourceOwner) */
  resourceOwner?: string;
  /** the organization of the resource's owner, when it is in one (aws:ResourceOrgID, aws:ResourceOrgPaths) */
  resourceOrg?: OrgPlace;
  context: RequestContext;
}

export interface Simulated {
  request: AuthzRequest;
  decision: Decision;
  missing: string[];
}

export function simulateOne(input: SimulationInput, action: string, resource: string): Simulated {
  const request: AuthzRequest = { principal: input.principal, action, resource, resourceAccount: input.resourceOwner, context: input.context, resourceOrg: input.resourceOrg };
  return { request, decision: evaluate(request, input.policies), missing: missingContextKeys(request, input.policies) };
}

/** Where a policy came from, as SourcePolicyId / SourcePolicyType say it. */
export function policySource(id: string): { SourcePolicyId: string; SourcePolicyType: string } {
  const inline = /^arn:[^:]+:iam::\d{12}:(user|group|role)\/.* \(inline policy (.+)\)$/.exec(id);
  if (inline) return { SourcePolicyId: inline[2], SourcePolicyType: inline[1] };
  if (/^arn:[^:]+:iam::aws:policy\//.test(id)) return { SourcePolicyId: id.slice(id.lastIndexOf('/') + 1), SourcePolicyType: 'aws-managed' };
  if (/^arn:[^:]+:iam::\d{12}:policy\//.test(id)) return { SourcePolicyId: id.slice(id.lastIndexOf('/') + 1), SourcePolicyType: 'user-managed' };
  if (id === 'ResourcePolicy' || id.endsWith('(trust policy)')) return { SourcePolicyId: id === 'ResourcePolicy' ? id : 'RoleTrustPolicy', SourcePolicyType: 'resource' };
  return { SourcePolicyId: id, SourcePolicyType: 'none' }; // PolicyInputList.N and the like
}

/** An explicit deny is reported by its Deny statements alone; an allow by the Allow statements of identity and resource policies. */
function decidingStatements(d: Decision): TraceEntry[] {
  if (d.decision === 'ImplicitDeny') return [];
  const effect = d.decision === 'ExplicitDeny' ? 'Deny' : 'Allow';
  return d.trace.filter((t) => t.matched && t.effect === effect && t.policyType !== 'root' && (effect === 'Deny' || t.policyType === 'identity' || t.policyType === 'resource'));
}

const position = (p?: { line: number; column: number }) => (p ? { Line: p.line, Column: p.column } : undefined);

export function matchedStatements(d: Decision) {
  return decidingStatements(d).map((t) => ({ ...policySource(t.policyId), StartPosition: position(t.start), EndPosition: position(t.end) }));
}

function boundaryDetail(policies: PolicySet, d: Decision) {
  if (!policies.boundary) return undefined;
  const own = d.trace.filter((t) => t.policyType === 'boundary' && t.matched);
  return { AllowedByPermissionsBoundary: own.some((t) => t.effect === 'Allow') && !own.some((t) => t.effect === 'Deny') };
}

/**
 * "Specifies whether the simulated operation is allowed by the Organizations service control policies that impact
 * the simulated user's account" (OrganizationsDecisionDetail): only where SCPs bind the account.
 */
function organizationsDetail(policies: PolicySet, d: Decision) {
  if (!policies.scps?.length || policies.principalIsManagementAccount) return undefined;
  const scp = d.trace.filter((t) => t.policyType === 'scp' && t.level !== undefined);
  const denied = scp.some((t) => t.matched && t.effect === 'Deny');
  const everyLevel = policies.scps.every((_, level) => scp.some((t) => t.level === level && t.matched && t.effect === 'Allow'));
  return { AllowedByOrganizations: !denied && everyLevel };
}

/** One EvaluationResult; a named resource also gets its ResourceSpecificResults entry. */
export function evaluationResult(input: SimulationInput, s: Simulated) {
  const { request, decision, missing } = s;
  const common = {
    MatchedStatements: matchedStatements(decision),
    MissingContextValues: missing,
    PermissionsBoundaryDecisionDetail: boundaryDetail(input.policies, decision),
  };
  return {
    EvalActionName: request.action,
    EvalResourceName: request.resource,
    EvalDecision: EVAL_DECISION[decision.decision],
    ...common,
    OrganizationsDecisionDetail: organizationsDetail(input.policies, decision),
    ResourceSpecificResults: request.resource === '*' ? undefined : [{
      EvalResourceName: request.resource, EvalResourceDecision: EVAL_DECISION[decision.decision], ...common,
    }],
  };
}
