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
 * switched: neither side was readable, but the signed-in identity switched to the role in this sign-in;
 * account-trust: from an account's node (or "anyone"): the trust policy names the whole account, so any
 * of its principals whose own policies allow may assume the role.
 */
export type EdgeStatus = 'allowed' | 'trust-only' | 'identity-only' | 'denied' | 'trust-allows' | 'switched' | 'account-trust';
/**
 * viaAccount: the trust policy names this principal only through its whole account (or "anyone") and its
 * own policies do not allow: the edge is a row of the table, and the picture draws the one account-trust
 * edge from that node instead of one such edge per principal of the account.
 */
export interface GraphEdge { from: string; to: string; status: EdgeStatus; explicitDeny?: boolean; viaAccount?: string }
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
      const names = namedPrincipals(trustText);
      const byName = new Set(names.filter((n) => n.kind === 'AWS' && !ACCOUNT_ROOT.test(n.value)).map((n) => n.value));
      for (const named of names) {
        if (named.kind === 'Service' || named.kind === 'Federated') {
          const id = `${named.kind}:${named.value}`;
          nodes.set(id, { id, label: named.value, kind: named.kind === 'Service' ? 'service' : 'federated' });
          addEdge({ from: id, to: r.Arn!, status: 'trust-allows' });
          continue;
        }
        const root = named.kind === 'AWS' ? ACCOUNT_ROOT.exec(named.value) : null;
        if (named.kind === '*' || root) {
          // Trust in a whole account (or anyone) is drawn as written: one edge from its node. Each principal
          // of a readable account still gets its decided edge; those its own policies do not let through
          // (and that the trust policy does not also name) are left to that one edge in the picture.
          const group: GraphNode = named.kind === '*' ? { id: '*', label: 'anyone (*)', kind: 'anyone' } : { id: `arn:aws:iam::${root![1]}:root`, label: accountRootLabel(nameOf(root![1])), kind: 'account', account: root![1] };
          nodes.set(group.id, nodes.get(group.id) ?? group);
          addEdge({ from: group.id, to: r.Arn!, status: 'account-trust' });
          for (const k of named.kind === '*' ? known : byAccount.get(root![1]) ?? []) {
            if (k.node.id === r.Arn) continue;
            const edge: GraphEdge = { from: k.node.id, to: r.Arn!, ...decide(k) };
            if (!byName.has(k.node.id) && (edge.status === 'trust-only' || (edge.status === 'denied' && !edge.explicitDeny))) edge.viaAccount = group.id;
            else nodes.set(k.node.id, k.node);
            // Named by ARN or through its account as well as by "*": the nearer name draws it.
            const before = edges.get(`${edge.from}\n${edge.to}`);
            if (!before || before.viaAccount === '*') addEdge(edge);
          }
          continue;
        }
        const k = byArn.get(named.value);
        if (k) {
          if (k.node.id === r.Arn) continue;
          nodes.set(k.node.id, k.node);
          addEdge({ from: k.node.id, to: r.Arn!, ...decide(k) });
        } else {
          // A principal the identity cannot read (its account unreadable, or not found there).
          const account = USER_OR_ROLE.exec(named.value)?.[1];
          nodes.set(named.value, nodes.get(named.value) ?? (account ? nodeOfArn(named.value, account, nameOf) : { id: named.value, label: named.value, kind: 'user' }));
          addEdge({ from: named.value, to: r.Arn!, status: 'trust-allows' });
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
 * could not be read (its own, or its account's when the trust policy names the account).
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
    } else if (edges.get(key)?.status === 'trust-allows' || (!edges.has(key) && !read.has(seen.account) && [`arn:aws:iam::${seen.account}:root`, '*'].some((g) => edges.has(`${g}\n${role.id}`)))) {
      edges.set(key, { from: self.id, to: role.id, status: 'switched' });
    }
  }
}

const ARN_ACCOUNT = /^arn:aws:iam::(\d{12}):/;
const USER_OR_ROLE = /^arn:aws:iam::(\d{12}):(?:user|role)\//;

/** A user, role or account root as the graph draws it, from its ARN. */
function nodeOfArn(arn: string, account: string, nameOf: (a: string) => string): GraphNode {
  const m = /^arn:aws:iam::\d{12}:(user|role)\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (!m) return { id: arn, label: accountRootLabel(nameOf(account)), kind: 'account', account };
  return { id: arn, label: `${m[2]} (${m[1]})`, kind: m[1] as 'user' | 'role', account };
}
