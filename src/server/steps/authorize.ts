/**
 * Builds the policy engine's request from a principal and an action, adds
 * the global condition keys and the operation's own keys, and turns a denial
 * into AWS's AccessDenied.
 */
import { accessDenied } from '../../core/aws-error.js';
import { evaluate, denialMessage, resourceAccountOf, type AuthzRequest, type Decision, type PolicySet, type PrincipalInfo, type RequestContext } from '../../policy/index.js';
import { policiesFor, principalTags } from '../../services/iam/public.js';
import type { AuthorizeOptions } from '../../services/operation.js';
import type { Principal } from '../../services/principal.js';
import type { Store } from '../../store/index.js';
import type { Clock } from '../../core/clock.js';
import type { DecisionLog } from '../decision-log.js';
import type { ReadCache } from '../../store/read-cache.js';
import { operationKeys, resourceTagKeys, type OperationRef } from './request-keys.js';
import type { Family } from './route.js';
import { accountOrganization, addRcpPolicies, anyOrganization, scpPolicies, type AccountOrganization } from '../../services/organizations/enforcement.js';
import { mfaContext, rootFederatedPolicies, sessionPolicies, withSessionTags } from '../../services/sts/session-rules.js';

export interface RequestFacts {
  sourceIp: string;
  secure: boolean;
  region: string;
  /** the wire family: S3's words its denials differently */
  family: Family;
  /** the operation being served, for its own condition keys */
  operation?: OperationRef;
}

/** What a principal brings to every decision, cached between writes: its policies and its tags. */
export interface PrincipalFacts {
  /** with the SCPs of the principal's account, when it is in an organization */
  policies: PolicySet;
  tags?: Record<string, string>;
  /** whether any organization existed when these facts were read: without one, no resource is in one */
  organizations: boolean;
  /** the organization of the principal's account */
  org?: AccountOrganization;
}

export function principalInfo(p: Principal, tags?: Record<string, string>, org?: AccountOrganization): PrincipalInfo {
  // The engine knows no federated users: a GetFederationToken session is judged as the user-like principal it is.
  return { type: p.type === 'FederatedUser' ? 'User' : p.type, arn: p.arn, account: p.account, roleArn: p.role?.arn, userId: p.userId, username: p.userName, tags, org: org?.place };
}

/** The facts policies and tags leave out: the organization of the principal's account and its SCPs. */
function withOrganization(store: Store, p: Principal, facts: Omit<PrincipalFacts, 'organizations'>): PrincipalFacts {
  const organizations = anyOrganization(store);
  const org = organizations && p.account ? accountOrganization(store, p.account) : undefined;
  if (org) Object.assign(facts.policies, scpPolicies(org));
  return Object.assign(facts, { organizations, org });
}

/**
 * The organization of the account a request's resource is in (RCPs, aws:ResourceOrgID…): the principal's own
 * from its facts, another account's from the store's cached reads (forgotten with the facts).
 */
function resourceOrganization(store: Store, own: PrincipalFacts, req: AuthzRequest): AccountOrganization | undefined {
  if (!own.organizations) return undefined;
  const account = resourceAccountOf(req);
  if (account === req.principal.account) return own.org;
  return account ? accountOrganization(store, account) : undefined;
}

const isoSeconds = (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z');

/**
 * "AWS global condition context keys": the ones every request has. The
 * principal's own keys (PrincipalArn, userid, username, PrincipalTag/*) the
 * engine adds from PrincipalInfo. aws:CalledVia stays absent: calls here are
 * direct. aws:TokenIssueTime and aws:SourceIdentity come with temporary credentials.
 */
function globalKeys(p: Principal, facts: RequestFacts, clock: Clock): RequestContext {
  const nowMs = clock.nowMs();
  const { currentTime, epochTime } = timeKeys(nowMs);
  const keys: RequestContext = {
    'aws:SourceIp': facts.sourceIp,
    'aws:SecureTransport': String(facts.secure),
    'aws:CurrentTime': currentTime,
    'aws:EpochTime': epochTime,
    'aws:RequestedRegion': facts.region,
    'aws:TokenIssueTime': p.session ? isoSeconds(p.session.issuedAt) : undefined,
    'aws:SourceIdentity': p.session?.sourceIdentity,
    'aws:ViaAWSService': 'false',
    'aws:PrincipalIsAWSService': 'false',
  };
  // aws:MultiFactorAuthPresent / MultiFactorAuthAge: absent for long-term access keys, as AWS documents; sessions carry them.
  return p.session ? Object.assign(keys, mfaContext(p, nowMs)) : keys;
}

/** aws:CurrentTime and aws:EpochTime of a moment, formatted once a second rather than once a request. */
let lastTimeKeys = { second: NaN, currentTime: '', epochTime: '' };
function timeKeys(nowMs: number): { currentTime: string; epochTime: string } {
  const second = Math.floor(nowMs / 1000);
  if (lastTimeKeys.second !== second) {
    lastTimeKeys = { second, currentTime: isoSeconds(new Date(second * 1000).toISOString()), epochTime: String(second) };
  }
  return lastTimeKeys;
}

/** All sessions of a role share the role's policies; each user has its own (a federated user: the user's it was cut from). */
const policyKey = (p: Principal) =>
  p.role ? `role:${p.role.arn}:${p.role.id}` : p.session?.sourceUserName !== undefined ? `User:${p.account}:${p.session.sourceUserName}` : `${p.type}:${p.arn}`;

/** The principal whose IAM policies and tags apply: a federated user has the permissions of the user that made it (cut by session policies). */
function policyHolder(p: Principal): Principal {
  if (p.type !== 'FederatedUser') return p;
  return p.session?.sourceUserName !== undefined ? { ...p, type: 'User', userName: p.session.sourceUserName } : { ...p, type: 'Root' };
}

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
      const holder = policyHolder(principal);
      const ofRoot = rootFederatedPolicies(principal);
      own = withOrganization(store, principal, {
        policies: ofRoot ? { identity: ofRoot } : policiesFor(store, holder), tags: principal.type === 'FederatedUser' ? undefined : principalTags(store, holder),
      });
      if (!store.db.inTransaction) cache?.set(key, own);
    }
    return own;
  };
  const authorize = (action: string, resource: string, options: AuthorizeOptions = {}): void => {
    if (options.principal) return judgeAs(options.principal, action, resource, options);
    const own = principalFacts();
    // Session policies and tags belong to the one session, not to the role's cached facts.
    const session = sessionPolicies(store, principal);
    const info = principalInfo(principal, withSessionTags(principal, own.tags), own.org);
    // With nothing of the session's own, the principal's facts, the principal and the call decide (see allowedAlready).
    const memo = session === undefined && !hasSessionTags(principal) ? memoKey(info, action, resource, options) : undefined;
    const known = memo === undefined ? undefined : allowedAlready.get(own)?.get(memo);
    if (known) {
      log.record({ principal: info, action, resource, resourceAccount: options.resourceAccount, context: {} }, known);
      return;
    }
    // Object.assign, not spreads: V8 spreads a second object into a large one slowly (µs a request).
    const context = Object.assign(globalKeys(principal, facts, clock), resourceTagKeys(store, resource), operationKeys(facts.operation, action, store, principal.account), options.context);
    const req: AuthzRequest = { principal: info, action, resource, resourceAccount: options.resourceAccount, context };
    const set: PolicySet = Object.assign({}, own.policies, { resource: options.resourcePolicy });
    if (session) set.session = session;
    // A memoised allow holds as long as own does: the resource's organization is read from caches forgotten with it.
    const resourceOrg = resourceOrganization(store, own, req);
    if (resourceOrg) {
      req.resourceOrg = resourceOrg.place;
      addRcpPolicies(set, resourceOrg);
    }
    const decision = evaluate(req, set);
    log.record(req, decision);
    if (!decision.allowed) throw accessDenied(message(req, decision, facts));
    if (memo !== undefined && !decision.contextRead) remember(own, memo, decision);
  };
  /** A caller that is no principal of ours (a web identity): only the resource policy can allow it. */
  const judgeAs = (p: PrincipalInfo, action: string, resource: string, options: AuthorizeOptions): void => {
    const req: AuthzRequest = {
      principal: p, action, resource, resourceAccount: options.resourceAccount,
      context: Object.assign(globalKeys(principal, facts, clock), options.context),
    };
    const set: PolicySet = { identity: [], resource: options.resourcePolicy };
    // RCPs bind whoever asks, a web identity too ("RCP evaluation").
    const resourceOrg = options.resourceAccount && anyOrganization(store) ? accountOrganization(store, options.resourceAccount) : undefined;
    if (resourceOrg) {
      req.resourceOrg = resourceOrg.place;
      addRcpPolicies(set, resourceOrg);
    }
    const decision = evaluate(req, set);
    log.record(req, decision);
    if (!decision.allowed) throw accessDenied(message(req, decision, facts));
  };
  return Object.assign(authorize, { prime: () => void principalFacts() });
}

/**
 * Allow decisions that read no context, by the principal's facts they were made with: such a decision
 * holds for every request with the same facts (policies, boundary, tags), principal, action, resource
 * and resource policy, whatever its condition keys. PrincipalFacts are cached until a write that may
 * change them and then made anew, so a decision goes with the facts it came from; a resource policy is
 * told apart by its compiled document (compiledPolicy keeps one object per text). Denials are always
 * evaluated afresh: their message reads the context.
 */
const allowedAlready = new WeakMap<PrincipalFacts, Map<string, Decision>>();
const MAX_ALLOWED_PER_PRINCIPAL = 512;

function remember(own: PrincipalFacts, key: string, decision: Decision): void {
  let known = allowedAlready.get(own);
  if (!known) allowedAlready.set(own, (known = new Map()));
  if (known.size >= MAX_ALLOWED_PER_PRINCIPAL) known.clear();
  known.set(key, decision);
}

function memoKey(p: PrincipalInfo, action: string, resource: string, options: AuthorizeOptions): string {
  const rp = options.resourcePolicy;
  return `${action}\0${resource}\0${options.resourceAccount ?? ''}\0${p.type}\0${p.arn}\0${p.account}\0${p.roleArn ?? ''}\0${p.userId ?? ''}\0${p.username ?? ''}\0${rp ? `${rp.id}\0${documentId(rp.policy)}` : '-'}`;
}

const documentIds = new WeakMap<object, number>();
let nextDocumentId = 0;
function documentId(policy: object): number {
  let id = documentIds.get(policy);
  if (id === undefined) documentIds.set(policy, (id = ++nextDocumentId));
  return id;
}

const hasSessionTags = (p: Principal) => p.session?.tags !== undefined && Object.keys(p.session.tags).length > 0;

/** S3 spells the resource in quotes and says only "Access Denied" across accounts (S3 User Guide, "Troubleshoot access denied (403 Forbidden) errors"). */
function message(req: AuthzRequest, d: Decision, facts: RequestFacts): string {
  const text = denialMessage(req, d);
  if (facts.family !== 'rest-xml') return text;
  if (req.resourceAccount !== undefined && req.resourceAccount !== req.principal.account) return 'Access Denied';
  return text.replace(` on resource: ${req.resource}`, ` on resource: "${req.resource}"`);
}
