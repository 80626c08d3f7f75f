/**
 * Builds the policy engine's request from a principal and an action, adds
 * the global condition keys and the operation's own keys, and turns a denial
 * into AWS's AccessDenied.
 */
import { accessDenied } from '../../core/aws-error.js';
import { evaluate, denialMessage, type AuthzRequest, type Decision, type PolicySet, type PrincipalInfo, type RequestContext } from '../../policy/index.js';
import { policiesFor, principalTags } from '../../services/iam/public.js';
import type { AuthorizeOptions } from '../../services/operation.js';
import type { Principal } from '../../services/principal.js';
import type { Store } from '../../store/index.js';
import type { Clock } from '../../core/clock.js';
import type { DecisionLog } from '../decision-log.js';
import type { ReadCache } from '../read-cache.js';
import { operationKeys, resourceTagKeys, type OperationRef } from './request-keys.js';

export interface RequestFacts {
  sourceIp: string;
  secure: boolean;
  region: string;
  family: 'query' | 's3';
  /** the operation being served, for its own condition keys */
  operation?: OperationRef;
}

/** What a principal brings to every decision, cached between writes: its policies and its tags. */
export interface PrincipalFacts {
  policies: PolicySet;
  tags?: Record<string, string>;
}

export function principalInfo(p: Principal, tags?: Record<string, string>): PrincipalInfo {
  return { type: p.type, arn: p.arn, account: p.account, roleArn: p.role?.arn, userId: p.userId, username: p.userName, tags };
}

const isoSeconds = (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z');

/**
 * "AWS global condition context keys": the ones every request has. The
 * principal's own keys (PrincipalArn, userid, username, PrincipalTag/*) the
 * engine adds from PrincipalInfo. aws:CalledVia and aws:SourceIdentity stay
 * absent: calls here are direct, and AssumeRole refuses SourceIdentity for now.
 */
function globalKeys(p: Principal, facts: RequestFacts, clock: Clock): RequestContext {
  const now = clock.now();
  return {
    'aws:SourceIp': facts.sourceIp,
    'aws:SecureTransport': String(facts.secure),
    'aws:CurrentTime': isoSeconds(now.toISOString()),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    'aws:RequestedRegion': facts.region,
    'aws:TokenIssueTime': p.role ? isoSeconds(p.role.issuedAt) : undefined,
    'aws:ViaAWSService': 'false',
    'aws:PrincipalIsAWSService': 'false',
    ...mfaKeys(p),
  };
}

/**
 * aws:MultiFactorAuthPresent / aws:MultiFactorAuthAge are absent for
 * long-term access keys, as AWS documents, and for sessions made without
 * MFA. Issue 5 (MFA sessions) sets them here: "true" and the seconds since
 * the MFA-authenticated session was issued.
 */
function mfaKeys(_p: Principal): RequestContext {
  return {};
}

/** All sessions of a role share the role's policies; each user has its own. */
const policyKey = (p: Principal) => (p.role ? `role:${p.role.arn}:${p.role.id}` : `${p.type}:${p.arn}`);

export interface Authorizer {
  (action: string, resource: string, options?: AuthorizeOptions): void;
  /** Loads the caller's policies now, outside the request's transaction, so the cache holds only committed state. */
  prime(): void;
}

export function makeAuthorizer(
  store: Store, clock: Clock, principal: Principal, facts: RequestFacts, log: DecisionLog, cache?: ReadCache<PrincipalFacts>,
): Authorizer {
  let own: PrincipalFacts | undefined;
  const principalFacts = (): PrincipalFacts => {
    if (own) return own;
    const key = policyKey(principal);
    own = cache?.get(key);
    if (!own) {
      own = { policies: policiesFor(store, principal), tags: principalTags(store, principal) };
      if (!store.db.inTransaction) cache?.set(key, own);
    }
    return own;
  };
  const authorize = (action: string, resource: string, options: AuthorizeOptions = {}): void => {
    const { policies, tags } = principalFacts();
    const req: AuthzRequest = {
      principal: principalInfo(principal, tags), action, resource, resourceAccount: options.resourceAccount,
      context: {
        ...globalKeys(principal, facts, clock),
        ...resourceTagKeys(store, resource),
        ...operationKeys(facts.operation, action, store, principal.account),
        ...options.context,
      },
    };
    const decision = evaluate(req, { ...policies, resource: options.resourcePolicy });
    log.record(req, decision);
    if (!decision.allowed) throw accessDenied(message(req, decision, facts));
  };
  return Object.assign(authorize, { prime: () => void principalFacts() });
}

/** S3 spells the resource in quotes and says only "Access Denied" across accounts (S3 User Guide, "Troubleshoot access denied (403 Forbidden) errors"). */
function message(req: AuthzRequest, d: Decision, facts: RequestFacts): string {
  const text = denialMessage(req, d);
  if (facts.family !== 's3') return text;
  if (req.resourceAccount !== undefined && req.resourceAccount !== req.principal.account) return 'Access Denied';
  return text.replace(` on resource: ${req.resource}`, ` on resource: "${req.resource}"`);
}
