/**
 * `gatehouse explain`'s answer, computed from a store the way the server
 * judges the same request: the caller's identity policies and boundary, the
 * resource's own policy as the operation would load it (a role's trust
 * policy for sts:AssumeRole*, a bucket's policy for S3), the resource's
 * owner as the resource account, and the server's refusals that are no
 * policy's (a root assuming a role, a role that does not exist). Data-dir
 * mode calls it on the store; a running server calls it for
 * POST /_gatehouse/explain, so both modes answer alike.
 * As in IAM's simulator, only the context given is used, plus what the
 * principal brings (its ARN, ids, tags).
 */
import { parseArn } from '../core/arn.js';
import { AwsError } from '../core/aws-error.js';
import {
  compilePolicy, decidingSide, denialMessage, isRoleTrustRequest, resourceAccountOf, validatePolicy,
  type AttachedPolicy, type Decision, type OrgPlace, type PrincipalInfo, type PolicyKind, type RequestContext,
} from '../policy/index.js';
import type { Store } from '../store/index.js';
import { roleNameOf } from './sts/assume-role.js';
import { trustPolicyOfRow } from './iam/public.js';
import { invalidInput, principalFromArn } from './iam/simulate-principal.js';
import { simulateOne } from './iam/simulate-results.js';
import { bucketAuthorization } from './s3/access.js';
import { actionHint } from './known-actions.js';
import { accountOrganization, addRcpPolicies } from './organizations/enforcement.js';

export interface PolicyText { text: string; /** where it came from, for an error message (a file name) */ source: string }

export interface ExplainQuery {
  principal: string;
  action: string;
  resource: string;
  context: RequestContext;
  /** the resource's account when its ARN names none (S3 without a bucket of this server) */
  resourceOwner?: string;
  /** a resource policy that replaces the one the store holds */
  resourcePolicy?: PolicyText;
  sessionPolicies: PolicyText[];
}

export interface TraceLine {
  policyType: string; policyId: string; statement: string; effect?: string; matched: boolean; note?: string;
  /** SCPs and RCPs: the level of the organization (0 is its root, the account last) */
  level?: number;
}

/** What both modes print. */
export interface Explanation {
  principal: string;
  action: string;
  resource: string;
  /** Unknown: a part the answer depends on could not be seen (see unseen). */
  decision: Decision['decision'] | 'Unknown';
  allowed: boolean;
  /** The policy type that denied or failed to allow. */
  deniedBy?: string;
  /** Which side decided, in words (both must allow across accounts and for a role's trust). */
  reason: string;
  /** AWS's AccessDenied text for this denial. */
  message?: string;
  missingContextValues: string[];
  /** Every statement evaluated, or (from IAM's simulator) only the deciding ones. */
  trace: TraceLine[];
  /** What the answer could not see, and so does not cover. */
  unseen: string[];
  /** e.g. an action this server never judges requests as, with the nearest one it does. */
  hints: string[];
  /** How it was answered, when not by this function (IAM's simulator, and why). */
  via?: string;
}

export function explainRequest(store: Store, q: ExplainQuery): Explanation {
  const who = principalFromArn(store, q.principal);
  const hints = [actionHint(q.action)].filter((h): h is string => h !== undefined);
  const answer = (x: Omit<Explanation, 'principal' | 'action' | 'resource' | 'unseen' | 'hints'>): Explanation =>
    ({ principal: q.principal, action: q.action, resource: q.resource, ...x, unseen: [], hints });
  const refused = (reason: string, message: string) =>
    answer({ decision: 'ImplicitDeny', allowed: false, reason, message, missingContextValues: [], trace: [] });

  const target = isRoleTrustRequest(q) && !q.resourcePolicy ? roleOf(store, q.resource) : undefined;
  if (target) {
    // As AssumeRole itself refuses (src/services/sts/assume-role.ts).
    if (who.kind === 'root' && /^sts:assumerole$/i.test(q.action)) return refused('the server refuses: roles may not be assumed by root accounts', 'Roles may not be assumed by root accounts.');
    if (!target.role) {
      return refused(`there is no role ${q.resource}: the server denies assuming a role it does not hold as it denies one the caller may not assume`,
        `User: ${who.info.arn} is not authorized to perform: ${q.action} on resource: ${q.resource}`);
    }
  }
  const s3 = target ? undefined : bucketOf(store, q.resource, who.info);
  const resource = q.resourcePolicy ? compiled(q.resourcePolicy, 'resource', 'ResourcePolicy')
    : target?.role ? trustPolicyOfRow(target.role) : s3?.options.resourcePolicy;
  const session = q.sessionPolicies.map((p, i) => compiled(p, 'session', `SessionPolicy.${i + 1}`));
  const sim = {
    principal: who.info, policies: { ...who.policies, resource, session: session.length ? session : undefined },
    // A missing bucket is judged in the caller's own account before S3 answers NoSuchBucket.
    resourceOwner: q.resourceOwner ?? target?.role?.account_id ?? s3?.options.resourceAccount ?? (s3 ? who.info.account : undefined),
    context: q.context,
    resourceOrg: undefined as OrgPlace | undefined,
  };
  // The resource's account's RCPs, as the server applies them to whoever asks.
  const owner = resourceAccountOf({ principal: who.info, action: q.action, resource: q.resource, resourceAccount: sim.resourceOwner, context: {} });
  const resourceOrg = owner ? accountOrganization(store, owner) : undefined;
  if (resourceOrg) {
    sim.resourceOrg = resourceOrg.place;
    addRcpPolicies(sim.policies, resourceOrg);
  }
  const { request, decision, missing } = simulateOne(sim, q.action, q.resource);
  const x = answer({
    decision: decision.decision, allowed: decision.allowed, deniedBy: decision.deniedBy, reason: decidingSide(request, decision),
    message: denialMessage(request, decision) || undefined, missingContextValues: missing,
    trace: decision.trace.map((t) => ({ policyType: t.policyType, policyId: t.policyId, statement: t.statement, effect: t.effect, matched: t.matched, note: t.note, level: t.level })),
  });
  // The server applies a session's own session policies, which travel in its token and are nowhere to read here.
  if (decision.allowed && /^arn:[^:]+:sts::/.test(q.principal) && !session.length)
    x.hints.push('if this session was given session policies when it began (they travel in its token), they may deny what this allows: pass them with --session-policy');
  if (s3 && !s3.exists) x.hints.push(`there is no bucket ${s3.name}: a caller allowed this in its own account gets NoSuchBucket, others AccessDenied`);
  return x;
}

function compiled(p: PolicyText, kind: PolicyKind, id: string): AttachedPolicy {
  const problems = validatePolicy(p.text, kind);
  if (problems.length > 0) {
    const [first] = problems;
    throw invalidInput(`${p.source}:${first.line}:${first.column}: ${first.message}${first.detail ? ` ${first.detail}` : ''}`);
  }
  return { id, policy: compilePolicy(p.text) };
}

/** The role an sts:AssumeRole* resource names, as AssumeRole finds it: by account and name, the path included in the ARN. */
function roleOf(store: Store, arn: string) {
  const a = parseArn(arn)!;
  const name = roleNameOf(a.resource);
  const row = name ? store.roles.get(a.account, name) : undefined;
  return { role: row && row.arn === arn ? row : undefined };
}

/** An S3 bucket or object ARN: the bucket as the request path would judge it. */
function bucketOf(store: Store, arn: string, caller: PrincipalInfo) {
  const m = /^arn:aws:s3:::([^/]+)(?:\/.*)?$/.exec(arn);
  if (!m) return undefined;
  const b = store.buckets.get(m[1]);
  return { name: m[1], exists: !!b, options: b ? bucketAuthorization({ store }, b, caller) : {} };
}

const badQuery = (why: string) => new AwsError('ValidationError', `Body must be JSON {"principal", "action", "resource"?, "context"?, "resourceOwner"?, "resourcePolicy"?, "sessionPolicies"?}: ${why}`, 400);
const isText = (v: unknown): v is string => typeof v === 'string';
const isPolicyText = (v: unknown): v is PolicyText => !!v && typeof v === 'object' && isText((v as PolicyText).text) && isText((v as PolicyText).source);

/** The query of a POST /_gatehouse/explain body, checked. */
export function explainQueryOf(body: string): ExplainQuery {
  let q: Record<string, unknown>;
  try { q = JSON.parse(body || 'null'); } catch { throw badQuery('not JSON'); }
  if (!q || typeof q !== 'object' || Array.isArray(q)) throw badQuery('not an object');
  const { principal, action, resource = '*', context = {}, resourceOwner, resourcePolicy, sessionPolicies = [] } = q;
  if (!isText(principal) || !isText(action) || !isText(resource)) throw badQuery('principal, action and resource are strings');
  if (!context || typeof context !== 'object' || Object.values(context).some((v) => !isText(v) && !(Array.isArray(v) && v.every(isText))))
    throw badQuery('context maps keys to a string or a list of strings');
  if (resourceOwner !== undefined && !isText(resourceOwner)) throw badQuery('resourceOwner is a string');
  if (resourcePolicy !== undefined && !isPolicyText(resourcePolicy)) throw badQuery('resourcePolicy is {"text", "source"}');
  if (!Array.isArray(sessionPolicies) || !sessionPolicies.every(isPolicyText)) throw badQuery('sessionPolicies is a list of {"text", "source"}');
  return { principal, action, resource, context: context as RequestContext, resourceOwner, resourcePolicy, sessionPolicies };
}
