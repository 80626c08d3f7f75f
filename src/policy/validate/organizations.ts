/**
 * What AWS Organizations accepts as an SCP or RCP, beyond the IAM grammar:
 *  - "SCP syntax": Version "2012-10-17"; no Principal or NotPrincipal (SCPs
 *    limit the principals of the accounts they are attached to).
 *  - "RCP syntax": Version "2012-10-17"; Principal is required and must be
 *    "*"; no NotPrincipal and no NotAction; Effect "Allow" only in the
 *    AWS-managed RCPFullAWSAccess, so a customer RCP holds Deny statements.
 *  - "Quotas for AWS Organizations": 5,120 characters for either, every
 *    character counting, white space included.
 * Organizations rejects such documents with MalformedPolicyDocumentException.
 */
import { property, type Node } from '../parse/json-tree.js';
import type { PolicyKind } from '../types.js';
import { Phase, type Diagnostics } from './diagnostics.js';
import { MSG } from './messages.js';

export type OrganizationsKind = Extract<PolicyKind, 'scp' | 'rcp'>;
export const isOrganizationsKind = (kind: PolicyKind): kind is OrganizationsKind => kind === 'scp' || kind === 'rcp';

export const ORGANIZATIONS_POLICY_MAX = 5120;
const NAME = { scp: 'An SCP', rcp: 'An RCP' } as const;

export function checkOrganizationsDocument(text: string, root: Node, kind: OrganizationsKind, out: Diagnostics): void {
  if (text.length > ORGANIZATIONS_POLICY_MAX) {
    out.add(Phase.Kind, 0, '', MSG.orgPolicyType, `${NAME[kind]} can be at most ${ORGANIZATIONS_POLICY_MAX} characters (white space counts); this one has ${text.length}`);
  }
  const version = property(root, 'Version');
  if (!version) out.add(Phase.Kind, root, 'Version', MSG.orgPolicyType, `${NAME[kind]} must have "Version": "2012-10-17"`);
  else if (version.type === 'string' && version.value === '2008-10-17') {
    out.add(Phase.Kind, version, 'Version', MSG.orgPolicyType, `${NAME[kind]} must have "Version": "2012-10-17"`);
  }
}

export function checkOrganizationsStatement(node: Node, path: string, kind: OrganizationsKind, out: Diagnostics): void {
  const bad = (n: Node, field: string, detail: string) => out.add(Phase.Kind, n, `${path}.${field}`, MSG.orgPolicyType, detail);
  const principal = property(node, 'Principal');
  const notPrincipal = property(node, 'NotPrincipal');
  if (kind === 'scp') {
    if (principal) bad(principal, 'Principal', 'SCPs cannot specify a principal');
    if (notPrincipal) bad(notPrincipal, 'NotPrincipal', 'SCPs cannot specify a principal');
    return;
  }
  if (notPrincipal) bad(notPrincipal, 'NotPrincipal', 'RCPs do not support NotPrincipal');
  const notAction = property(node, 'NotAction');
  if (notAction) bad(notAction, 'NotAction', 'RCPs do not support NotAction');
  if (!principal && !notPrincipal) out.add(Phase.Kind, node, `${path}.Principal`, MSG.orgPolicyType, 'An RCP statement must have "Principal": "*"');
  else if (principal && !(principal.type === 'string' && principal.value === '*')) bad(principal, 'Principal', 'The Principal of an RCP must be "*"');
  const effect = property(node, 'Effect');
  if (effect?.type === 'string' && /^allow$/i.test(effect.value)) {
    bad(effect, 'Effect', 'Only the AWS-managed RCPFullAWSAccess may use "Allow"; RCPs you write can only deny');
  }
}
