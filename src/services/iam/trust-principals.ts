/**
 * IAM refuses a trust policy that names a user or role that does not exist
 * ("Invalid principal in policy"). Gatehouse can tell only for the accounts
 * it serves; ARNs in other accounts are taken on trust, as are account roots.
 */
import { malformedPolicy } from '../../core/aws-error.js';
import { parseArn } from '../../core/arn.js';
import type { Store } from '../../store/index.js';

function awsPrincipals(text: string): string[] {
  const doc = JSON.parse(text) as { Statement?: unknown };
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const out: string[] = [];
  for (const s of statements as Array<Record<string, unknown> | undefined>) {
    for (const key of ['Principal', 'NotPrincipal']) {
      const p = s?.[key] as Record<string, unknown> | string | undefined;
      if (!p || typeof p === 'string') continue;
      const aws = p.AWS;
      out.push(...(Array.isArray(aws) ? aws : aws === undefined ? [] : [aws]).filter((v): v is string => typeof v === 'string'));
    }
  }
  return out;
}

export function checkTrustPrincipalsExist(store: Store, text: string): void {
  for (const value of awsPrincipals(text)) {
    const arn = parseArn(value);
    if (!arn || arn.service !== 'iam' || !store.accounts.byId(arn.account)) continue;
    const m = /^(user|role)\/(?:.*\/)?([^/]+)$/.exec(arn.resource);
    if (!m) continue;
    const row = m[1] === 'user' ? store.users.get(arn.account, m[2]) : store.roles.get(arn.account, m[2]);
    if (!row || row.arn !== value) throw malformedPolicy(`Invalid principal in policy: "AWS":"${value}"`);
  }
}
