/**
 * The Organization page: the organization of the acting identity's account as a tree (root → OUs →
 * accounts), each node with the SCPs and RCPs attached to it. Everything is read with signed
 * Organizations calls as the acting identity, so its IAM policies (and the management-account rule)
 * decide what it sees: a part it may not read carries AWS's refusal instead of its content.
 */
import type { ApiContext } from './api-context.js';
import { call, organizationsClientFor, part, refusal, type Refusal } from './self-client.js';
import { accountLabel } from './accounts.js';

type Org = Awaited<ReturnType<typeof organizationsClientFor>>;

/** The policy types the page shows, in the order it shows them. */
export const SHOWN_POLICY_TYPES = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const;
type ShownType = (typeof SHOWN_POLICY_TYPES)[number];

export interface AttachedPolicy { id: string; name: string; arn: string; awsManaged: boolean }
/** One policy type at one node: not enabled at the root, the policies attached, or AWS's refusal to list them. */
export interface NodePolicies { type: ShownType; enabled: boolean; attached?: AttachedPolicy[]; error?: Refusal }
export interface OrgTreeNode {
  kind: 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';
  id: string;
  name: string;
  arn: string;
  /** accounts only */
  email?: string;
  status?: string;
  joinedMethod?: string;
  management?: boolean;
  policies: NodePolicies[];
  /** roots and OUs: OUs first, then accounts, each by name */
  children?: OrgTreeNode[];
  /** roots and OUs whose children could not be listed */
  childrenError?: Refusal;
}
export interface OrganizationView {
  /** the account the console acts in (the switched role's, else the signed-in identity's) */
  account: string;
  accountLabel: string;
  organization?: { id: string; arn: string; featureSet: string; managementAccountId: string; managementAccountLabel: string; managementAccountEmail: string };
  /** why there is no tree: not in an organization, or DescribeOrganization / ListRoots refused */
  refusal?: Refusal;
  root?: OrgTreeNode;
}

export async function organizationView(c: ApiContext): Promise<OrganizationView> {
  const account = c.session.role?.account ?? c.session.signedIn.account;
  const view: OrganizationView = { account, accountLabel: accountLabel(c.rt.store, account) };
  const client = await organizationsClientFor(c.endpoint, c.acting());
  const { org, sdk } = client;
  try {
    const o = (await org.send(new sdk.DescribeOrganizationCommand({}))).Organization!;
    view.organization = {
      id: o.Id!, arn: o.Arn!, featureSet: o.FeatureSet!, managementAccountId: o.MasterAccountId!,
      managementAccountLabel: accountLabel(c.rt.store, o.MasterAccountId!), managementAccountEmail: o.MasterAccountEmail ?? '',
    };
    const roots = (await org.send(new sdk.ListRootsCommand({}))).Roots ?? [];
    const root = roots[0];
    if (!root) return view;
    const enabled = new Set((root.PolicyTypes ?? []).filter((p) => p.Status === 'ENABLED').map((p) => p.Type));
    const tree = new TreeReader(client, enabled, view.organization.managementAccountId);
    view.root = await tree.node({ kind: 'ROOT', id: root.Id!, name: root.Name ?? 'Root', arn: root.Arn! });
  } catch (e) {
    view.refusal = refusal(e);
  }
  return view;
}

/** Reads the tree below the root, level by level, with the policies of every node. */
class TreeReader {
  constructor(private readonly client: Org, private readonly enabled: Set<string | undefined>, private readonly managementAccountId: string) {}

  async node(n: Omit<OrgTreeNode, 'policies'>): Promise<OrgTreeNode> {
    const [policies, below] = await Promise.all([
      this.policiesOf(n.id),
      n.kind === 'ACCOUNT' ? undefined : this.childrenOf(n.id),
    ]);
    return { ...n, policies, ...below };
  }

  private async childrenOf(parentId: string): Promise<Pick<OrgTreeNode, 'children' | 'childrenError'>> {
    const { org, sdk } = this.client;
    try {
      const [units, accounts] = await Promise.all([
        all(sdk.paginateListOrganizationalUnitsForParent({ client: org }, { ParentId: parentId }), (p) => p.OrganizationalUnits),
        all(sdk.paginateListAccountsForParent({ client: org }, { ParentId: parentId }), (p) => p.Accounts),
      ]);
      const byName = (a: { Name?: string; Id?: string }, b: { Name?: string; Id?: string }) => (a.Name ?? '').localeCompare(b.Name ?? '') || (a.Id ?? '').localeCompare(b.Id ?? '');
      const children = await Promise.all([
        ...units.sort(byName).map((u) => this.node({ kind: 'ORGANIZATIONAL_UNIT', id: u.Id!, name: u.Name ?? '', arn: u.Arn! })),
        ...accounts.sort(byName).map((a) => this.node({
          kind: 'ACCOUNT', id: a.Id!, name: a.Name ?? '', arn: a.Arn!, email: a.Email, status: a.State ?? a.Status,
          joinedMethod: a.JoinedMethod, management: a.Id === this.managementAccountId,
        })),
      ]);
      return { children };
    } catch (e) {
      return { childrenError: refusal(e) };
    }
  }

  private policiesOf(targetId: string): Promise<NodePolicies[]> {
    const { org, sdk } = this.client;
    return Promise.all(SHOWN_POLICY_TYPES.map(async (type): Promise<NodePolicies> => {
      if (!this.enabled.has(type)) return { type, enabled: false };
      try {
        const attached = await all(sdk.paginateListPoliciesForTarget({ client: org }, { TargetId: targetId, Filter: type }), (p) => p.Policies);
        return { type, enabled: true, attached: attached.map((p) => ({ id: p.Id!, name: p.Name ?? '', arn: p.Arn!, awsManaged: p.AwsManaged ?? false })) };
      } catch (e) {
        return { type, enabled: true, error: refusal(e) };
      }
    }));
  }
}

/** Every item of every page of a paginated call. */
async function all<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(items(page) ?? []));
  return out;
}

/** Organizations answers a policy's content as its author wrote it; the console shows it pretty-printed. */
function pretty(content: string | undefined): string | undefined {
  if (content === undefined) return undefined;
  try { return JSON.stringify(JSON.parse(content), null, 2); } catch { return content; }
}

/** One SCP or RCP: DescribePolicy (its document) and ListTargetsForPolicy (where it is attached), as the acting identity. */
export async function organizationPolicy(c: ApiContext) {
  const { org, sdk } = await organizationsClientFor(c.endpoint, c.acting());
  const p = (await call(() => org.send(new sdk.DescribePolicyCommand({ PolicyId: c.params[0] })))).Policy!;
  const s = p.PolicySummary!;
  const targets = await part(async () => (await all(sdk.paginateListTargetsForPolicy({ client: org }, { PolicyId: s.Id! }), (page) => page.Targets))
    .map((t) => ({ id: t.TargetId!, name: t.Name ?? '', type: t.Type!, arn: t.Arn! })));
  return {
    policy: { id: s.Id!, name: s.Name ?? '', arn: s.Arn!, type: s.Type!, description: s.Description ?? '', awsManaged: s.AwsManaged ?? false, content: pretty(p.Content) },
    targets,
  };
}
