import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Document';
import { useLoad } from '../components/useLoad';

interface TraceEntry { policyType: string; policyId: string; statement: string; effect: string; matched: boolean; note?: string }
interface Entry { at: string; principal: string; action: string; resource: string; decision: string; trace: TraceEntry[]; reason?: string }

/** The decision log: recent authorization decisions about this account's principals, each with the trace that decided it. */
export function Decisions({ onExpired }: { onExpired: () => void }) {
  const { data, error, loading, reload } = useLoad<{ account: string; entries: Entry[] }>('decisions', onExpired);
  return (
    <>
      <h1>Decision log</h1>
      <p>Recent authorization decisions about principals of account {data?.account ?? '…'}, newest first. <button type="button" className="secondary" onClick={() => void reload()}>Refresh</button></p>
      <Loading loading={loading} />
      <ErrorBox error={error} />
      {data && (data.entries.length === 0 ? <p>No decisions yet.</p> : (
        <table className="decisions">
          <thead><tr><th scope="col">Time</th><th scope="col">Principal</th><th scope="col">Action</th><th scope="col">Resource</th><th scope="col">Decision</th></tr></thead>
          <tbody>{data.entries.map((e, i) => (
            <tr key={i}>
              <td>{new Date(e.at).toLocaleTimeString()}</td>
              <td className="arn">{e.principal}</td>
              <td>{e.action}</td>
              <td className="arn">{e.resource}</td>
              <td>
                <span className={e.decision === 'Allow' ? 'allow' : 'deny'}>{e.decision}</span>
                <details>
                  <summary>Explain</summary>
                  {e.reason && <p className="reason">{e.reason}</p>}
                  {e.trace.length === 0 ? <p>No policy statement applied.</p> : (
                    <ul className="trace">{e.trace.map((t, j) => (
                      <li key={j}>{t.matched ? '✔' : '·'} <strong>{t.policyType}</strong> {t.effect} {t.statement} — <span className="arn">{t.policyId}</span>{t.note ? ` (${t.note})` : ''}</li>
                    ))}</ul>
                  )}
                </details>
              </td>
            </tr>
          ))}</tbody>
        </table>
      ))}
    </>
  );
}
