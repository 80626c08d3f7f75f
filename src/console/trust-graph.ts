/**
 * The trust graph: who may assume which role, across the accounts whose IAM
 * the identity could read (GetAccountAuthorizationDetails). Pure: it takes
 * those answers and decides each edge with the policy engine, as AWS would —
 * the role's trust policy AND the principal's identity policies (with its
 * boundary) for sts:AssumeRole — and says which side allows. What the
 * signed-in identity knows without reading IAM (itself, and the roles it
 * switched to: each switch proves its edge) is always in it.
 */
import { compilePolicy, evaluate, type AttachedPolicy, type PolicySet, type PrincipalInfo } from '../policy/index.js';

/** The parts of GetAccountAuthorizationDetails' answer the graph reads (SDK v3 shapes; documents URL-encoded). */
export interface AuthDetails {
  UserDetailList?: Array<{ UserName?: string; Arn?: string; UserId?: string; GroupList?: string[]; UserPolicyList?: Doc[]; AttachedManagedPolicies?: Ref[]; PermissionsBoundary?: { PermissionsBoundaryArn?: string }; Tags?: Tag[] }>;
  GroupDetailList?: Array<{ GroupName?: string; GroupPolicyList?: Doc[]; AttachedManagedPolicies?: Ref[] }>;
  RoleDetailList?: Array<{ RoleName?: string; Arn?: string; RoleId?: string; AssumeRolePolicyDocument?: string; RolePolicyList?: Doc[]; AttachedManagedPolicies?: Ref[]; PermissionsBoundary?: { PermissionsBoundaryArn?: string }; Tags?: Tag[] }>;
  Policies?: Array<{ Arn?: string; PolicyVersionList?: Array<{ Document?: string; IsDefaultVersion?: boolean }> }>;
}
type Doc = { PolicyName?: string; PolicyDocument?: string };
type Ref = { PolicyArn?: string };
type Tag = { Key?: string; Value?: string };

/** One account's GetAccountAuthorizationDetails answer (or refusal), and the identity it was asked as. */
export interface ReadAccount { account: string; label: string; as?: string; details?: AuthDetails; error?: { code: string; message: string } }

export type NodeKind = 'user' | 'role' | 'account' | 'service' | 'federated' | 'anyone';
/** self: the signed-in identity. */
export interface GraphNode { id: string; label: string; kind: NodeKind; account?: string; self?: boolean }
/**
 * allowed: both sides allow (the assume succeeds); trust-only / identity-only: one side allows;
 * trust-allows: the trust policy allows and the principal's own side was not readable (or is not IAM's);
 * switched: neither side was readable, but the signed-in identity switched to the role in this sign-in.
 */
export type EdgeStatus = 'allowed' | 'trust-only' | 'identity-only' | 'denied' | 'trust-allows' | 'switched';
export interface GraphEdge { from: string; to: string; status: EdgeStatus; explicitDeny?: boolean }
export interface TrustGraph {
  accounts: Array<{ account: string; label: string; as?: string; error?: { code: string; message: string } }>;
  /** every account the nodes name, by its Gatehouse name (or alias) */
  accountNames: Record<string, string>;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** What the console knows without reading IAM: who signed in, and the roles (ARNs) it switched to. */
export interface SeenIdentity { arn: string; account: string; switchedTo: string[] }

export interface GraphOptions {
  /** an account's name for people (alias or Gatehouse name), else its id */
  nameOf?: (account: string) => string;
  seen?: SeenIdentity;
}

const decode = (s: string | undefined) => {
  if (s === undefined) return undefined;
  try { return decodeURIComponent(s); } catch { return s; }
};

function compiled(id: string, text: string | undefined): AttachedPolicy | undefined {
  if (text === undefined) return undefined;
  try { return { id, policy: compilePolicy(text) }; } catch { return undefined; }
}

/** A principal of a readable account, with the policies that govern it. */
interface Known { info: PrincipalInfo; policies: PolicySet; node: GraphNode }

function principalsOf(a: ReadAccount): Known[] {
  const d = a.details!;
  const managed = new Map<string, string | undefined>();
  for (const p of d.Policies ?? []) managed.set(p.Arn ?? '', decode(p.PolicyVersionList?.find((v) => v.IsDefaultVersion)?.Document));
  const attached = (refs: Ref[] | undefined) => (refs ?? []).flatMap((r) => compiled(r.PolicyArn ?? '', managed.get(r.PolicyArn ?? '')) ?? []);
  const inline = (owner: string, docs: Doc[] | undefined) => (docs ?? []).flatMap((p) => compiled(`${owner} (inline policy ${p.PolicyName})`, decode(p.PolicyDocument)) ?? []);
  const boundary = (arn: string | undefined) => (arn ? compiled(arn, managed.get(arn) ?? '{"Version":"2012-10-17","Statement":[]}') : undefined);
  const tags = (t: Tag[] | undefined) => (t && t.length > 0 ? Object.fromEntries(t.map((x) => [x.Key ?? '', x.Value ?? ''])) : undefined);
  const groups = new Map((d.GroupDetailList ?? []).map((g) => [g.GroupName ?? '', g]));
  const out: Known[] = [];
  for (const u of d.UserDetailList ?? []) {
    const identity = [...inline(u.Arn!, u.UserPolicyList), ...attached(u.AttachedManagedPolicies)];
    for (const gName of u.GroupList ?? []) {
      const g = groups.get(gName);
      if (g) identity.push(...inline(`group ${gName}`, g.GroupPolicyList), ...attached(g.AttachedManagedPolicies));
    }
    out.push({
      info: { type: 'User', arn: u.Arn!, account: a.account, username: u.UserName, userId: u.UserId, tags: tags(u.Tags) },
      policies: { identity, boundary: boundary(u.PermissionsBoundary?.PermissionsBoundaryArn) },
      node: { id: u.Arn!, label: `${u.UserName} (user)`, kind: 'user', account: a.account },
    });
  }
  for (const r of d.RoleDetailList ?? []) {
    // A role as a principal is one of its sessions (a role chain).
    out.push({
      info: { type: 'AssumedRole', arn: `arn:aws:sts::${a.account}:assumed-role/${r.RoleName}/session`, roleArn: r.Arn, account: a.account, userId: `${r.RoleId}:session`, tags: tags(r.Tags) },
      policies: { identity: [...inline(r.Arn!, r.RolePolicyList), ...attached(r.AttachedManagedPolicies)], boundary: boundary(r.PermissionsBoundary?.PermissionsBoundaryArn) },
      node: { id: r.Arn!, label: `${r.RoleName} (role)`, kind: 'role', account: a.account },
    });
  }
  return out;
}

/** Who a trust policy names in its Allow statements: AWS ARNs / account ids, services, identity providers, "*". */
function namedPrincipals(trust: string): Array<{ kind: 'AWS' | 'Service' | 'Federated' | '*'; value: string }> {
  let doc: { Statement?: unknown };
  try { doc = JSON.parse(trust); } catch { return []; }
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  const out: Array<{ kind: 'AWS' | 'Service' | 'Federated' | '*'; value: string }> = [];
  for (const s of statements as Array<{ Effect?: string; Principal?: unknown }>) {
    if (s.Effect !== 'Allow' || s.Principal === undefined) continue;
    if (s.Principal === '*') { out.push({ kind: '*', value: '*' }); continue; }
    for (const [kind, v] of Object.entries(s.Principal as Record<string, string | string[]>)) {
      for (const value of Array.isArray(v) ? v : [v]) {
        if (kind === 'AWS' && value === '*') out.push({ kind: '*', value });
        else if (kind === 'AWS' || kind === 'Service' || kind === 'Federated') out.push({ kind, value });
      }
    }
  }
  return out;
}

const ACCOUNT_ROOT = /^(?:arn:aws:iam::)?(\d{12})(?::root)?$/;

export function buildTrustGraph(accounts: ReadAccount[], options: GraphOptions = {}): TrustGraph {
  const nameOf = options.nameOf ?? ((id: string) => accounts.find((a) => a.account === id)?.label ?? id);
  const readable = accounts.filter((a) => a.details);
  const known = readable.flatMap(principalsOf);
  const byAccount = new Map<string, Known[]>();
  for (const k of known) byAccount.set(k.info.account, [...(byAccount.get(k.info.account) ?? []), k]);
  const byArn = new Map(known.map((k) => [k.node.id, k]));
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const addEdge = (e: GraphEdge) => edges.set(`${e.from}\n${e.to}`, e);

  for (const a of readable) {
    for (const r of a.details!.RoleDetailList ?? []) {
      const trustText = decode(r.AssumeRolePolicyDocument) ?? '';
      const trust = compiled(`${r.Arn} (trust policy)`, trustText);
      if (!trust) continue;
      nodes.set(r.Arn!, { id: r.Arn!, label: `${r.RoleName} (role)`, kind: 'role', account: a.account });
      const decide = (k: Known) => {
        const d = evaluate({ principal: k.info, action: 'sts:AssumeRole', resource: r.Arn!, resourceAccount: a.account, context: {} }, { ...k.policies, resource: trust });
        const matched = (type: string) => d.trace.some((t) => t.policyType === type && t.matched && t.effect === 'Allow');
        const status: EdgeStatus = d.allowed ? 'allowed' : matched('resource') && !matched('identity') ? 'trust-only' : matched('identity') && !matched('resource') ? 'identity-only' : 'denied';
        return { status, explicitDeny: d.decision === 'ExplicitDeny' };
      };
      for (const named of namedPrincipals(trustText)) {
        if (named.kind === 'Service' || named.kind === 'Federated') {
          const id = `${named.kind}:${named.value}`;
          nodes.set(id, { id, label: named.value, kind: named.kind === 'Service' ? 'service' : 'federated' });
          addEdge({ from: id, to: r.Arn!, status: 'trust-allows' });
          continue;
        }
        const root = named.kind === 'AWS' ? ACCOUNT_ROOT.exec(named.value) : null;
        const rootReadable = root !== null && readable.some((x) => x.account === root[1]);
        // A whole readable account (or anyone): each principal it covers gets its own decided edge.
        const covered = named.kind === '*' ? known : root ? (rootReadable ? byAccount.get(root[1]) ?? [] : []) : [byArn.get(named.value)].flatMap((k) => k ?? []);
        for (const k of covered) {
          if (k.node.id === r.Arn) continue;
          nodes.set(k.node.id, k.node);
          addEdge({ from: k.node.id, to: r.Arn!, ...decide(k) });
        }
        // Who stays unread: anyone, an account whose IAM the identity cannot read, a principal not found there.
        if (named.kind === '*' || (root && !rootReadable) || (!root && covered.length === 0)) {
          const id = named.kind === '*' ? '*' : root ? `arn:aws:iam::${root[1]}:root` : named.value;
          const label = named.kind === '*' ? 'anyone (*)' : root ? accountRootLabel(nameOf(root[1])) : named.value;
          const kind: NodeKind = named.kind === '*' ? 'anyone' : root ? 'account' : /:role\//.test(named.value) ? 'role' : 'user';
          nodes.set(id, { id, label, kind, account: root?.[1] });
          addEdge({ from: id, to: r.Arn!, status: 'trust-allows' });
        }
      }
    }
  }
  if (options.seen) addSeen(options.seen, new Set(readable.map((a) => a.account)), nodes, edges, nameOf);
  const named = new Set([...accounts.map((a) => a.account), ...[...nodes.values()].flatMap((n) => n.account ?? [])]);
  return {
    accounts: accounts.map((a) => ({ account: a.account, label: a.label, as: a.as, error: a.error })),
    accountNames: Object.fromEntries([...named].map((id) => [id, nameOf(id)])),
    nodes: [...nodes.values()],
    edges: [...edges.values()],
  };
}

const accountRootLabel = (name: string) => `${name} (account)`;

/**
 * The signed-in identity and the roles it switched to, with an edge for each
 * switch: AssumeRole succeeded, so both sides allowed it then. In an account
 * that was read, the policy engine's answer stands (it is today's, and a role
 * gone since is left out); a switch only tells the principal's side that
 * could not be read.
 */
function addSeen(seen: SeenIdentity, read: Set<string>, nodes: Map<string, GraphNode>, edges: Map<string, GraphEdge>, nameOf: (a: string) => string): void {
  const self = nodeOfArn(seen.arn, seen.account, nameOf);
  nodes.set(self.id, { ...(nodes.get(self.id) ?? self), self: true });
  for (const roleArn of seen.switchedTo) {
    const role = nodeOfArn(roleArn, ARN_ACCOUNT.exec(roleArn)?.[1] ?? seen.account, nameOf);
    const key = `${self.id}\n${role.id}`;
    if (!read.has(role.account!)) {
      nodes.set(role.id, nodes.get(role.id) ?? role);
      edges.set(key, { from: self.id, to: role.id, status: 'switched' });
    } else if (edges.get(key)?.status === 'trust-allows') {
      edges.set(key, { from: self.id, to: role.id, status: 'switched' });
    }
  }
}

const ARN_ACCOUNT = /^arn:aws:iam::(\d{12}):/;

/** A user, role or account root as the graph draws it, from its ARN. */
function nodeOfArn(arn: string, account: string, nameOf: (a: string) => string): GraphNode {
  const m = /^arn:aws:iam::\d{12}:(user|role)\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (!m) return { id: arn, label: accountRootLabel(nameOf(account)), kind: 'account', account };
  return { id: arn, label: `${m[2]} (${m[1]})`, kind: m[1] as 'user' | 'role', account };
}
