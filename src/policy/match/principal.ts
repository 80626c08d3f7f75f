/**
 * Principal / NotPrincipal in resource-based and trust policies
 * ("AWS JSON policy elements: Principal"): `"*"` is everyone; an account id or
 * `arn:aws:iam::ACCT:root` stands for the whole account; a role ARN covers
 * the sessions of that role; user and session ARNs name one principal.
 */
import type { PrincipalInfo } from '../types.js';

export interface PrincipalSpec {
  anyone: boolean;
  accounts: ReadonlySet<string>;
  /** User, role and assumed-role session ARNs, and unique ids (AIDA…, AROA…). */
  arns: ReadonlySet<string>;
  /** Service, Federated and CanonicalUser entries: recorded, never one of our principals. */
  others: readonly string[];
}

/**
 * How a statement's principal covers the caller, weakest to strongest. The
 * level decides which implicit denies still apply ("Policy evaluation logic",
 * resource-based policies table): `account` delegates to the account's own
 * policies, `role` is limited by the session's boundary and session policies,
 * `direct` (user or session ARN, or "*") grants on its own within an account.
 */
export type PrincipalMatch = 'none' | 'account' | 'role' | 'direct';

const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/;

export function compilePrincipal(value: unknown): PrincipalSpec {
  const spec = { anyone: false, accounts: new Set<string>(), arns: new Set<string>(), others: [] as string[] };
  if (value === '*') return { ...spec, anyone: true };
  if (!value || typeof value !== 'object') return spec;
  for (const [type, entries] of Object.entries(value as Record<string, unknown>)) {
    for (const entry of ([] as unknown[]).concat(entries).map(String)) {
      if (type !== 'AWS') spec.others.push(`${type}:${entry}`);
      else if (entry === '*') spec.anyone = true;
      else if (ACCOUNT_ID.test(entry)) spec.accounts.add(entry);
      else if (ROOT_ARN.test(entry)) spec.accounts.add(ROOT_ARN.exec(entry)![1]);
      else spec.arns.add(entry);
    }
  }
  return spec;
}

export function matchPrincipal(spec: PrincipalSpec, p: PrincipalInfo): PrincipalMatch {
  if (spec.anyone || spec.arns.has(p.arn)) return 'direct';
  if (p.federated && spec.others.includes(`Federated:${p.federated}`)) return 'direct';
  // IAM may hold a principal as its unique id (AIDA…/AROA…), e.g. once the user or role is deleted; it names only that entity.
  if (p.type === 'User' && p.userId && spec.arns.has(p.userId)) return 'direct';
  if (p.type === 'AssumedRole' && p.roleArn && spec.arns.has(p.roleArn)) return 'role';
  if (p.type === 'AssumedRole' && p.userId && spec.arns.has(p.userId.split(':')[0])) return 'role';
  if (p.type !== 'Anonymous' && spec.accounts.has(p.account)) return 'account';
  return 'none';
}

export const strongest = (a: PrincipalMatch, b: PrincipalMatch): PrincipalMatch => {
  const rank = { none: 0, account: 1, role: 2, direct: 3 };
  return rank[a] >= rank[b] ? a : b;
};

/**
 * NotPrincipal with Deny exempts a caller only when every identity AWS checks
 * for it is listed ("AWS JSON policy elements: NotPrincipal", key points): the
 * account, then the user; for a session the account, the role and the session.
 * Naming the user alone leaves its account, and so the user, denied.
 */
export function notPrincipalExempts(spec: PrincipalSpec, p: PrincipalInfo): boolean {
  if (spec.anyone) return true;
  if (p.type === 'Anonymous') return false;
  if (!spec.accounts.has(p.account)) return false;
  if (p.type === 'Root') return true;
  if (p.type === 'User') return spec.arns.has(p.arn) || (p.userId !== undefined && spec.arns.has(p.userId));
  const roleListed = (p.roleArn !== undefined && spec.arns.has(p.roleArn)) || (p.userId !== undefined && spec.arns.has(p.userId.split(':')[0]));
  return roleListed && spec.arns.has(p.arn);
}
