/**
 * What AWS Organizations accepts as an SCP or RCP, beyond the IAM grammar:
 *  - "SCP syntax": Version "2012-10-17"; no Principal or NotPrincipal (SCPs
 *    limit the principals of the accounts they are attached to).
 *  - "RCP syntax": Version "2012-10-17"; Principal is required and must be
 *    "*"; no NotPrincipal and no NotAction; Effect "Allow" only in the
 *    AWS-managed RCPFullAWSAccess, so a customer RCP holds Deny statements.
 *  - "Quotas for AWS Organizations": 5,120 characters for either, every
 *    character counting, white space included.
 *  - "RCP syntax", Action: only actions of the services in "List of AWS
 *    services that support RCPs" (or "*"), since an RCP can limit nothing else.
 * Organizations rejects such documents with MalformedPolicyDocumentException.
 */
import { property, stringList, type Node } from '../parse/json-tree.js';
import type { PolicyKind } from '../types.js';
import { Phase, type Diagnostics } from './diagnostics.js';
import { MSG } from './messages.js';

export type OrganizationsKind = Extract<PolicyKind, 'scp' | 'rcp'>;
export const isOrganizationsKind = (kind: PolicyKind): kind is OrganizationsKind => kind === 'scp' || kind === 'rcp';

export const ORGANIZATIONS_POLICY_MAX = 5120;
/**
 * Services an RCP may name: the five RCPs launched with (S3, STS, KMS, SQS, Secrets Manager) and the five
 * added since (ECR, OpenSearch Serverless, Cognito, CloudWatch Logs, DynamoDB), per "List of AWS services
 * that support RCPs". Wider than RCP_SERVICES (what Gatehouse enforces them on): a document valid in
 * AWS must be accepted here too.
 */
export const RCP_ACTION_SERVICES: ReadonlySet<string> = new Set([
  's3', 'sts', 'kms', 'sqs', 'secretsmanager', 'ecr', 'aoss', 'cognito-identity', 'logs', 'dynamodb',
]);
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
  const actions = property(node, 'Action');
  for (const a of (actions && stringList(actions)) ?? []) {
    const vendor = String(a.value).split(':')[0].toLowerCase();
    if (a.value !== '*' && String(a.value).includes(':') && !RCP_ACTION_SERVICES.has(vendor)) {
      bad(a, 'Action', `RCPs support only actions of ${[...RCP_ACTION_SERVICES].join(', ')} ("List of AWS services that support RCPs"), not ${a.value}`);
    }
  }
  const effect = property(node, 'Effect');
  if (effect?.type === 'string' && /^allow$/i.test(effect.value)) {
    bad(effect, 'Effect', 'Only the AWS-managed RCPFullAWSAccess may use "Allow"; RCPs you write can only deny');
  }
}
