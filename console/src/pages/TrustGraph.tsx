import { useMemo } from 'react';
import dagre from '@dagrejs/dagre';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Document';
import { useLoad } from '../components/useLoad';
import { ApiError } from '../api';

type Status = 'allowed' | 'trust-only' | 'identity-only' | 'denied' | 'trust-allows';
interface Graph {
  accounts: Array<{ account: string; label: string; error?: { code: string; message: string } }>;
  nodes: Array<{ id: string; label: string; kind: string; account?: string }>;
  edges: Array<{ from: string; to: string; status: Status; explicitDeny?: boolean }>;
}

const STATUS_TEXT: Record<Status, string> = {
  allowed: 'both sides allow',
  'trust-only': 'only the trust policy allows',
  'identity-only': "only the principal's policies allow",
  denied: 'neither side allows',
  'trust-allows': "trust policy allows; the principal's side is not readable here",
};

const NODE_W = 220;
const NODE_H = 44;

function layout(g: Graph) {
  const d = new dagre.graphlib.Graph();
  d.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 120, marginx: 16, marginy: 16 });
  d.setDefaultEdgeLabel(() => ({}));
  for (const n of g.nodes) d.setNode(n.id, { width: NODE_W, height: NODE_H });
  for (const e of g.edges) d.setEdge(e.from, e.to);
  dagre.layout(d);
  const size = d.graph() as { width?: number; height?: number };
  return {
    width: Math.max(size.width ?? 0, 300), height: Math.max(size.height ?? 0, 100),
    nodes: g.nodes.map((n) => ({ ...n, x: d.node(n.id).x, y: d.node(n.id).y })),
    edges: g.edges.map((e) => ({ ...e, points: d.edge(e.from, e.to).points as Array<{ x: number; y: number }> })),
  };
}

const short = (s: string) => (s.length > 30 ? `${s.slice(0, 29)}…` : s);
const accountName = (g: Graph, id?: string) => (id ? g.accounts.find((a) => a.account === id)?.label ?? id : '');

/** Principals → roles across the accounts the console can read as this identity; each edge decided by the policy engine. */
export function TrustGraphPage({ onExpired }: { onExpired: () => void }) {
  const { data, error, loading } = useLoad<Graph>('trust-graph', onExpired);
  const laid = useMemo(() => (data && data.nodes.length > 0 ? layout(data) : undefined), [data]);
  return (
    <>
      <h1>Trust graph</h1>
      <p>Who may assume which role: an arrow from a principal to a role, solid green when both the role's trust policy and the principal's own policies allow <code>sts:AssumeRole</code>.</p>
      <Loading loading={loading} />
      <ErrorBox error={error} />
      {data?.accounts.map((a) => a.error && (
        <ErrorBox key={a.account} error={new ApiError(a.error.code, a.error.message, 403)} title={`Account ${a.label} (${a.account}) can't be read as this identity.`} />
      ))}
      {data && (
        <ul className="legend" aria-label="Legend">
          {(Object.keys(STATUS_TEXT) as Status[]).map((s) => <li key={s}><svg width="40" height="10" aria-hidden="true"><line x1="0" y1="5" x2="40" y2="5" className={`edge ${s}`} /></svg> {STATUS_TEXT[s]}</li>)}
        </ul>
      )}
      {laid && data && (
        <div className="graph-scroll" tabIndex={0} aria-label="Trust graph picture (the table below lists the same edges)">
          <svg role="img" aria-labelledby="graph-title" width={laid.width} height={laid.height} viewBox={`0 0 ${laid.width} ${laid.height}`}>
            <title id="graph-title">Trust graph: {data.edges.length} principal-to-role edges</title>
            <defs>
              {(Object.keys(STATUS_TEXT) as Status[]).map((s) => (
                <marker key={s} id={`arrow-${s}`} viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
                  <path d="M 0 0 L 10 5 L 0 10 z" className={`arrow ${s}`} />
                </marker>
              ))}
            </defs>
            {laid.edges.map((e, i) => (
              <polyline key={i} points={e.points.map((p) => `${p.x},${p.y}`).join(' ')} className={`edge ${e.status}`} markerEnd={`url(#arrow-${e.status})`} />
            ))}
            {laid.nodes.map((n) => (
              <g key={n.id} transform={`translate(${n.x - NODE_W / 2},${n.y - NODE_H / 2})`} className={`node ${n.kind}`}>
                <rect width={NODE_W} height={NODE_H} rx="6" />
                <text x="10" y="18">{short(n.label)}</text>
                <text x="10" y="34" className="node-account">{n.account ? accountName(data, n.account) : n.kind}</text>
              </g>
            ))}
          </svg>
        </div>
      )}
      {data && (data.edges.length === 0 ? <p>No roles readable here are trusted by anyone.</p> : (
        <table>
          <caption>Edges</caption>
          <thead><tr><th scope="col">Principal</th><th scope="col">Role</th><th scope="col">Decision</th></tr></thead>
          <tbody>{data.edges.map((e, i) => (
            <tr key={i}><td className="arn">{e.from}</td><td className="arn">{e.to}</td><td>{STATUS_TEXT[e.status]}{e.explicitDeny ? ' (explicit deny)' : ''}</td></tr>
          ))}</tbody>
        </table>
      ))}
    </>
  );
}
