/**
 * What a temporary credential changes in every later request: its session
 * policies, its tags, its MFA context, and the operations AWS refuses to
 * sessions of some kinds. The request pipeline asks here; STS writes what
 * is read here when it issues the session.
 */
import { accessDenied } from '../../core/aws-error.js';
import type { AttachedPolicy } from '../../policy/index.js';
import type { Store } from '../../store/index.js';
import type { Principal } from '../principal.js';
import { compiledPolicy } from '../iam/public.js';

/** Allows nothing: a federated user who was given no session policy has no permissions ("GetFederationToken", API Reference). */
const NOTHING = '{"Version":"2012-10-17","Statement":[]}';

/**
 * The session policies of a session, resolved now (a managed session policy
 * is read at its current default version); undefined when the session has none.
 */
export function sessionPolicies(store: Store, p: Principal): AttachedPolicy[] | undefined {
  const s = p.session;
  if (!s) return undefined;
  const out: AttachedPolicy[] = [];
  if (s.policy) out.push({ id: `${p.arn} (session policy)`, policy: compiledPolicy(s.policy) });
  for (const arn of s.policyArns ?? []) {
    // A managed session policy deleted since the session began allows nothing.
    out.push({ id: arn, policy: compiledPolicy(store.policies.defaultDocument(arn) ?? NOTHING) });
  }
  if (out.length === 0 && s.kind === 'federated') out.push({ id: `${p.arn} (no session policy)`, policy: compiledPolicy(NOTHING) });
  return out.length > 0 ? out : undefined;
}

/**
 * What a federated user made by root (GetFederationToken with root's keys,
 * which AWS allows though it does not recommend it) starts from: root's
 * standing, that is everything, which its session policies then narrow
 * ("Permissions for GetFederationToken": the intersection of the caller's
 * permissions and the session policies). IAM and STS stay refused to it.
 */
const EVERYTHING = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
export function rootFederatedPolicies(p: Principal): AttachedPolicy[] | undefined {
  if (p.type !== 'FederatedUser' || p.session?.sourceUserName !== undefined) return undefined;
  return [{ id: `arn:aws:iam::${p.account}:root (root's permissions)`, policy: compiledPolicy(EVERYTHING) }];
}

/** The principal's tags with the session's tags over them (session tags override IAM tags of the same key, "Passing session tags in AWS STS"). */
export function withSessionTags(p: Principal, tags: Record<string, string> | undefined): Record<string, string> | undefined {
  const own = p.session?.tags;
  if (!own || Object.keys(own).length === 0) return tags;
  const out: Record<string, string> = {};
  const lower = new Set(Object.keys(own).map((k) => k.toLowerCase()));
  for (const [k, v] of Object.entries(tags ?? {})) if (!lower.has(k.toLowerCase())) out[k] = v;
  return { ...out, ...own };
}

/**
 * aws:MultiFactorAuthPresent / aws:MultiFactorAuthAge ("AWS global
 * condition context keys"): absent for long-term access keys; for temporary
 * credentials "true" and the seconds since MFA was checked, or "false" when
 * the session was made without MFA.
 */
export function mfaContext(p: Principal, nowMs: number): Record<string, string> {
  const s = p.session;
  if (!s) return {};
  if (!s.mfaAt) return { 'aws:MultiFactorAuthPresent': 'false' };
  return {
    'aws:MultiFactorAuthPresent': 'true',
    'aws:MultiFactorAuthAge': String(Math.max(0, Math.floor((nowMs - Date.parse(s.mfaAt)) / 1000))),
  };
}

/** STS operations each kind of non-role session may call ("Compare AWS STS credentials"). */
const STS_ALLOWED: Record<string, ReadonlySet<string>> = {
  user: new Set(['AssumeRole', 'GetCallerIdentity']),
  root: new Set(['AssumeRole', 'GetCallerIdentity']),
  federated: new Set(['GetCallerIdentity']),
};

/**
 * GetSessionToken credentials "cannot call IAM API operations unless MFA
 * authentication information is included", nor any STS operation but
 * AssumeRole and GetCallerIdentity; GetFederationToken credentials cannot
 * call IAM at all, nor STS but GetCallerIdentity (IAM User Guide,
 * "Compare AWS STS credentials"). AWS answers AccessDenied "Cannot call
 * OPERATION with session credentials".
 */
export function refuseSessionCall(p: Principal, service: string, operation: string): void {
  const kind = p.session?.kind;
  // A console sign-in acts as the user (or root) itself: only its policies limit it.
  if (!kind || kind === 'role' || kind === 'console') return;
  const refused = service === 'iam'
    ? kind === 'federated' || !p.session!.mfaAt
    : service === 'sts' && !STS_ALLOWED[kind].has(operation);
  if (refused) throw accessDenied(`Cannot call ${operation} with session credentials`);
}
