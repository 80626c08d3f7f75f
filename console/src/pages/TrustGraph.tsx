import { useMemo } from 'react';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Document';
import { useLoad } from '../components/useLoad';
import { Arn } from '../components/Arn';
import { Link } from '../router';
import { Notice } from '../components/Notice';
import { layoutTrustGraph, type Layout } from '../graphLayout';

type Status = 'allowed' | 'trust-only' | 'identity-only' | 'denied' | 'trust-allows' | 'switched' | 'account-trust';
interface Graph {
  accounts: Array<{ account: string; label: string; as?: string; error?: { code: string; message: string } }>;
  accountNames: Record<string, string>;
  nodes: Array<{ id: string; label: string; kind: string; account?: string; self?: boolean }>;
  /** viaAccount: a row of the table that the picture draws as its account's one account-trust edge */
  edges: Array<{ from: string; to: string; status: Status; explicitDeny?: boolean; viaAccount?: string }>;
}

const STATUS_TEXT: Record<Status, string> = {
  allowed: 'both sides allow',
  switched: 'you switched to it since signing in (both sides allowed)',
  'trust-only': 'only the trust policy allows',
  'identity-only': "only the principal's policies allow",
  denied: 'neither side allows',
  'trust-allows': "trust policy allows; the principal's side is not readable here",
  'account-trust': 'trust policy names the whole account (or anyone): any principal there whose own policies allow',
};
/** What the picture says under an account's (or anyone's) name: who its account-trust edges stand for. */
const ACCOUNT_SUBTITLE = 'any principal whose policy allows';

const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const nameOf = (g: Graph) => (id: string) => g.accountNames[id] ?? id;

/** Principals → roles across the accounts the console can read as this identity; each edge decided by the policy engine. */
export function TrustGraphPage({ onExpired }: { onExpired: () => void }) {
  const { data, error, loading } = useLoad<Graph>('trust-graph', onExpired);
  const laid = useMemo(() => (data && data.nodes.length > 0 ? layoutTrustGraph(data.nodes, drawnEdges(data), nameOf(data)) : undefined), [data]);
  const unread = data?.accounts.filter((a) => a.error) ?? [];
  return (
    <>
      <h1>Trust graph</h1>
      <p>Who may assume which role: an arrow from a principal to a role, solid green when both the role's trust policy and the principal's own policies allow <code>sts:AssumeRole</code>. A trust policy that names a whole account is one arrow from that account; the table under the picture has every principal's decision.</p>
      <Loading loading={loading} />
      <ErrorBox error={error} />
      {data && unread.length > 0 && <Unreadable graph={data} unread={unread} />}
      {data && (
        <ul className="legend" aria-label="Legend">
          {(Object.keys(STATUS_TEXT) as Status[]).map((s) => <li key={s}><svg width="40" height="10" aria-hidden="true"><line x1="0" y1="5" x2="40" y2="5" className={`edge ${s}`} /></svg> {STATUS_TEXT[s]}</li>)}
        </ul>
      )}
      {laid && data && <Picture graph={data} laid={laid} />}
      {data && (data.edges.length === 0 ? <p>No edges known here yet: no role readable here is trusted by anyone, and you have not switched role since signing in.</p> : (
        <table className="edges">
          <caption>Edges (by role)</caption>
          <thead><tr><th scope="col">Principal</th><th scope="col">Role</th><th scope="col">Decision</th></tr></thead>
          <tbody>{[...data.edges].sort((a, b) => a.to.localeCompare(b.to) || a.from.localeCompare(b.from)).map((e, i) => (
            <tr key={i}><td><Arn value={e.from} /></td><td><Arn value={e.to} /></td><td>{STATUS_TEXT[e.status]}{e.explicitDeny ? ' (explicit deny)' : ''}</td></tr>
          ))}</tbody>
        </table>
      ))}
    </>
  );
}

/** What the page could not read, what reading it needs, and what it shows instead: calm, since it is not the user's mistake. */
function Unreadable({ graph, unread }: { graph: Graph; unread: Graph['accounts'] }) {
  return (
    <Notice title="Part of the graph can't be read as this identity">
      <p>
        The whole graph needs <code>iam:GetAccountAuthorizationDetails</code> in each account, for example through
        the AWS managed policy <code>IAMReadOnlyAccess</code>. It was refused in{' '}
        {unread.map((a, i) => <span key={a.account}>{i > 0 ? ' and ' : ''}<strong>{nameOf(graph)(a.account)}</strong> ({a.as ? <>as <Arn value={a.as} />, </> : null}{a.error!.code})</span>)}.
      </p>
      <p>
        Shown instead: you, and the roles you have <Link to="/switchrole">switched to</Link> since signing in (a switch
        that succeeded proves that edge).
      </p>
    </Notice>
  );
}

/** The picture draws trust in a whole account once, from the account, not once per principal of it. */
const drawnEdges = (g: Graph) => g.edges.filter((e) => !e.viaAccount);

function Picture({ graph, laid }: { graph: Graph; laid: Layout }) {
  const status = new Map(drawnEdges(graph).map((e) => [`${e.from}\n${e.to}`, e.status]));
  return (
    <div className="graph-scroll" tabIndex={0} aria-label="Trust graph picture (the table below lists the same edges)">
      <svg role="img" aria-labelledby="graph-title" width={laid.width} height={laid.height} viewBox={`0 0 ${laid.width} ${laid.height}`}>
        <title id="graph-title">Trust graph: {laid.edges.length} arrows for {graph.edges.length} principal-to-role edges</title>
        <defs>
          {(Object.keys(STATUS_TEXT) as Status[]).map((s) => (
            <marker key={s} id={`arrow-${s}`} viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="9" orient="auto">
              <path d="M 0 0 L 10 5 L 0 10 z" className={`arrow ${s}`} />
            </marker>
          ))}
        </defs>
        {laid.groups.map((g) => (
          <g key={g.id} className="group">
            <rect x={g.x} y={g.y} width={g.width} height={g.height} rx="8" />
            <text x={g.x + 10} y={g.y + 16}>{g.label}</text>
          </g>
        ))}
        {laid.edges.map((e) => {
          const s = status.get(`${e.from}\n${e.to}`)!;
          return <path key={`${e.from}\n${e.to}`} d={e.path} className={`edge ${s}`} markerEnd={`url(#arrow-${s})`} />;
        })}
        {graph.nodes.map((n) => {
          const p = laid.nodes.get(n.id)!;
          return (
            <g key={n.id} transform={`translate(${p.x},${p.y})`} className={`node ${n.kind}${n.self ? ' self' : ''}`}>
              <rect width={p.width} height={p.height} rx="6" />
              <text x="10" y={p.height / 2 - 3}>{short(n.label, 30)}</text>
              <text x="10" y={p.height / 2 + 13} className="node-account">{n.self ? 'you (signed in)' : n.kind === 'account' || n.kind === 'anyone' ? ACCOUNT_SUBTITLE : n.account ? nameOf(graph)(n.account) : n.kind}</text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
