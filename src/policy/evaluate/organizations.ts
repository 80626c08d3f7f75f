/**
 * AWS Organizations authorization policies, as "How AWS enforcement code logic
 * evaluates requests" (IAM User Guide), "SCP evaluation" and "RCP evaluation"
 * (Organizations User Guide) describe them:
 *  - SCPs limit the PRINCIPAL: the SCPs of the principal's account apply,
 *    wherever the resource is. For an action to be allowed, every level from
 *    the organization root through each OU to the account must allow it; a
 *    Deny at any level denies. "SCPs don't affect users or roles in the
 *    management account", nor service-linked roles; they do restrict the root
 *    user of a member account.
 *  - RCPs limit the RESOURCE: the RCPs of the resource's account apply,
 *    whoever the caller is (other accounts, anonymous callers). Only Deny
 *    statements can be written; RCPFullAWSAccess is attached to every level and
 *    cannot be detached, so RCPs never implicitly deny. "RCPs don't affect
 *    resources in the management account", and apply only to the services in
 *    "List of AWS services that support RCPs".
 */
import type { AttachedPolicy, PolicySet, TraceEntry } from '../types.js';
import { evaluateType } from './policy-type.js';
import type { PreparedRequest } from './request.js';

/**
 * Services whose resources RCPs apply to. Confirmed from the stored AWS docs
 * (Control Tower "Controls implemented with RCPs" names these five); the
 * Organizations page has added more since, none of which Gatehouse serves.
 */
export const RCP_SERVICES: ReadonlySet<string> = new Set(['s3', 'sts', 'kms', 'sqs', 'secretsmanager']);

export interface OrganizationsResult {
  scpDenied: boolean;
  /** SCPs are in force and some level does not allow the action. */
  scpNotAllowed: boolean;
  rcpDenied: boolean;
}

/** Service-linked roles live under the path /aws-service-role/ ("Using service-linked roles"). */
export const isServiceLinkedRole = (roleArn: string | undefined): boolean => !!roleArn && /:role\/aws-service-role\//.test(roleArn);

export function evaluateOrganizations(req: PreparedRequest, policies: PolicySet, trace: TraceEntry[]): OrganizationsResult {
  const out: OrganizationsResult = { scpDenied: false, scpNotAllowed: false, rcpDenied: false };
  const scpExemption = scpExempt(req, policies);
  if (policies.scps?.length) {
    if (scpExemption) note(trace, 'scp', scpExemption);
    else {
      policies.scps.forEach((level, i) => {
        const r = evaluateLevel('scp', level, i, req, trace);
        if (r.denied) out.scpDenied = true;
        if (!r.allowed) {
          out.scpNotAllowed = true;
          if (level.length === 0) note(trace, 'scp', 'no SCP is attached at this level, so nothing is allowed', i);
        }
      });
    }
  }
  if (policies.rcps?.length) {
    const rcpExemption = rcpExempt(req, policies);
    if (rcpExemption) note(trace, 'rcp', rcpExemption);
    else {
      policies.rcps.forEach((level, i) => {
        if (evaluateLevel('rcp', level, i, req, trace).denied) out.rcpDenied = true;
      });
      if (!out.rcpDenied) {
        trace.push({ policyType: 'rcp', policyId: 'RCPFullAWSAccess', statement: '-', effect: 'Allow', matched: true, note: 'attached to every level and cannot be detached' });
      }
    }
  }
  return out;
}

function evaluateLevel(type: 'scp' | 'rcp', level: readonly AttachedPolicy[], index: number, req: PreparedRequest, trace: TraceEntry[]) {
  const from = trace.length;
  // RCP statements name Principal "*" and are matched like a resource policy's; SCPs name no principal.
  const r = evaluateType(type, level, req, { checkPrincipal: type === 'rcp', hasBoundary: false }, trace);
  for (let i = from; i < trace.length; i++) trace[i].level = index;
  return r;
}

function scpExempt(req: PreparedRequest, policies: PolicySet): string | undefined {
  const p = req.principal;
  if (p.type === 'Anonymous') return 'SCPs limit principals of member accounts; an anonymous caller has none';
  if (policies.principalIsManagementAccount) return "SCPs don't affect users or roles in the management account";
  if (p.type === 'AssumedRole' && isServiceLinkedRole(p.roleArn)) return "SCPs don't affect service-linked roles";
  return undefined;
}

function rcpExempt(req: PreparedRequest, policies: PolicySet): string | undefined {
  if (policies.resourceIsInManagementAccount) return "RCPs don't affect resources in the management account";
  const service = req.action.split(':')[0].toLowerCase();
  if (!RCP_SERVICES.has(service)) return `RCPs don't apply to ${service} (not in "List of AWS services that support RCPs")`;
  return undefined;
}

function note(trace: TraceEntry[], type: 'scp' | 'rcp', text: string, level?: number): void {
  trace.push({ policyType: type, policyId: '-', statement: '-', effect: 'Allow', matched: false, note: text, level });
}
