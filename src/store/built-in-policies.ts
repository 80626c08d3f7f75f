/**
 * Managed policies that exist in every account without living in any
 * (AWS managed policies, arn:aws:iam::aws:policy/…). The services register
 * them once at start-up; the Policies repository answers for them as for
 * rows of its own, read-only.
 */
import type { PolicyRow, PolicyVersionRow } from './policies.js';

export interface BuiltInPolicy { row: PolicyRow; versions: PolicyVersionRow[] }

const byArn = new Map<string, BuiltInPolicy>();

export function registerBuiltInPolicies(list: BuiltInPolicy[]): void {
  for (const p of list) byArn.set(p.row.arn, p);
}

export const builtInPolicy = (arn: string) => byArn.get(arn);
export const builtInPolicies = (): BuiltInPolicy[] => [...byArn.values()];
