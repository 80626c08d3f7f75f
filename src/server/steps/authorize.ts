/**
 * Builds the policy engine's request from a principal and an action, adds
 * the global condition keys, and turns a denial into AWS's AccessDenied.
 */
import { accessDenied } from '../../core/aws-error.js';
import { evaluate, denialMessage, type AuthzRequest, type Decision, type PrincipalInfo } from '../../policy/index.js';
import { policiesFor } from '../../services/iam/public.js';
import type { AuthorizeOptions } from '../../services/operation.js';
import type { Principal } from '../../services/principal.js';
import type { Store } from '../../store/index.js';
import type { Clock } from '../../core/clock.js';
import type { DecisionLog } from '../decision-log.js';
import type { ReadCache } from '../read-cache.js';
import type { PolicySet } from '../../policy/index.js';

export interface RequestFacts {
  sourceIp: string;
  secure: boolean;
  region: string;
  family: 'query' | 's3';
}

export function principalInfo(p: Principal): PrincipalInfo {
  return { type: p.type, arn: p.arn, account: p.account, roleArn: p.role?.arn, userId: p.userId, username: p.userName };
}

function globalKeys(p: Principal, facts: RequestFacts, clock: Clock): Record<string, string | undefined> {
  const now = clock.now();
  return {
    'aws:SourceIp': facts.sourceIp,
    'aws:SecureTransport': String(facts.secure),
    'aws:CurrentTime': now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    'aws:RequestedRegion': facts.region,
    'aws:TokenIssueTime': p.role?.issuedAt.replace(/\.\d{3}Z$/, 'Z'),
    'aws:ViaAWSService': 'false',
  };
}

/** All sessions of a role share the role's policies; each user has its own. */
const policyKey = (p: Principal) => (p.role ? `role:${p.role.arn}:${p.role.id}` : `${p.type}:${p.arn}`);

export interface Authorizer {
  (action: string, resource: string, options?: AuthorizeOptions): void;
  /** Loads the caller's policies now, outside the request's transaction, so the cache holds only committed state. */
  prime(): void;
}

export function makeAuthorizer(store: Store, clock: Clock, principal: Principal, facts: RequestFacts, log: DecisionLog, cache?: ReadCache<PolicySet>): Authorizer {
  let own: PolicySet | undefined;
  const principalPolicies = (): PolicySet => {
    if (own) return own;
    const key = policyKey(principal);
    own = cache?.get(key);
    if (!own) {
      own = policiesFor(store, principal);
      if (!store.db.inTransaction) cache?.set(key, own);
    }
    return own;
  };
  const authorize = (action: string, resource: string, options: AuthorizeOptions = {}): void => {
    const req: AuthzRequest = {
      principal: principalInfo(principal), action, resource, resourceAccount: options.resourceAccount,
      context: { ...globalKeys(principal, facts, clock), ...options.context },
    };
    const policies = { ...principalPolicies(), resource: options.resourcePolicy };
    const decision = evaluate(req, policies);
    log.record(req, decision);
    if (!decision.allowed) throw accessDenied(message(req, decision, facts));
  };
  return Object.assign(authorize, { prime: () => void principalPolicies() });
}

/** S3 spells the resource in quotes and says only "Access Denied" across accounts (S3 User Guide, "Troubleshoot access denied (403 Forbidden) errors"). */
function message(req: AuthzRequest, d: Decision, facts: RequestFacts): string {
  const text = denialMessage(req, d);
  if (facts.family !== 's3') return text;
  if (req.resourceAccount !== undefined && req.resourceAccount !== req.principal.account) return 'Access Denied';
  return text.replace(` on resource: ${req.resource}`, ` on resource: "${req.resource}"`);
}
