import { Fragment, useState, type FormEvent } from 'react';
import { qs } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Document';
import { useLoad } from '../components/useLoad';
import { Arn } from '../components/Arn';
import { navigate } from '../router';

interface TraceEntry { policyType: string; policyId: string; statement: string; effect: string; matched: boolean; note?: string }
interface Entry { at: string; principal: string; action: string; resource: string; decision: string; trace: TraceEntry[]; reason?: string }
interface Log { account: string; accountLabel: string; entries: Entry[] }

/** The filters as the page's URL and the API take them: /decisions?deniedOnly=true&principal=…&action=… */
interface Filter { deniedOnly: boolean; principal: string; action: string }
const filterOf = (q: URLSearchParams): Filter => ({ deniedOnly: q.get('deniedOnly') === 'true', principal: q.get('principal') ?? '', action: q.get('action') ?? '' });
const queryOf = (f: Filter) => qs({ deniedOnly: f.deniedOnly ? 'true' : undefined, principal: f.principal.trim() || undefined, action: f.action.trim() || undefined });

/** The decision log: recent authorization decisions about this account's principals, each with the trace that decided it. */
export function Decisions({ query, onExpired }: { query: URLSearchParams; onExpired: () => void }) {
  const applied = filterOf(query);
  const search = queryOf(applied);
  const { data, error, loading, reload } = useLoad<Log>(`decisions${search ? `?${search}` : ''}`, onExpired);
  const filtered = search !== '';
  return (
    <>
      <h1>Decision log</h1>
      <p>
        Recent authorization decisions about principals of account {data ? `${data.accountLabel} (${data.account})` : '…'}, newest first.{' '}
        <button type="button" className="secondary" onClick={() => void reload()}>Refresh</button>
      </p>
      {/* The form is keyed by the applied filter so it shows the URL's filter after back/forward. */}
      <FilterForm key={search} applied={applied} entries={data?.entries ?? []} />
      <Loading loading={loading} />
      <ErrorBox error={error} />
      {data && (data.entries.length === 0
        ? <p>{filtered ? 'No decisions match this filter.' : 'No decisions yet.'}</p>
        : <DecisionTable entries={data.entries} />)}
    </>
  );
}

function FilterForm({ applied, entries }: { applied: Filter; entries: Entry[] }) {
  const [f, setF] = useState(applied);
  const apply = (next: Filter) => { const q = queryOf(next); navigate(`/decisions${q ? `?${q}` : ''}`); };
  const submit = (e: FormEvent) => { e.preventDefault(); apply(f); };
  const distinct = (pick: (e: Entry) => string) => [...new Set(entries.map(pick))].sort();
  return (
    <form className="filters-form" onSubmit={submit} aria-label="Filter decisions">
      <label className="check"><input type="checkbox" checked={f.deniedOnly} onChange={(e) => apply({ ...f, deniedOnly: e.target.checked })} /> Denials only</label>
      <div>
        <label htmlFor="filter-principal">Principal ARN</label>
        <input id="filter-principal" list="principals-seen" value={f.principal} onChange={(e) => setF({ ...f, principal: e.target.value })} placeholder="arn:aws:iam::123456789012:user/name" />
        <datalist id="principals-seen">{distinct((e) => e.principal).map((p) => <option key={p} value={p} />)}</datalist>
      </div>
      <div>
        <label htmlFor="filter-action">Action</label>
        <input id="filter-action" list="actions-seen" value={f.action} onChange={(e) => setF({ ...f, action: e.target.value })} placeholder="s3:CreateBucket" />
        <datalist id="actions-seen">{distinct((e) => e.action).map((a) => <option key={a} value={a} />)}</datalist>
      </div>
      <div className="actions">
        <button type="submit">Filter</button>
        {queryOf(applied) && <button type="button" className="secondary" onClick={() => apply({ deniedOnly: false, principal: '', action: '' })}>Clear filter</button>}
      </div>
    </form>
  );
}

/** Fixed column widths, and each trace in a full-width row of its own, so opening one moves no column. */
function DecisionTable({ entries }: { entries: Entry[] }) {
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (i: number) => setOpen((o) => { const n = new Set(o); if (n.has(i)) n.delete(i); else n.add(i); return n; });
  return (
    <table className="decisions">
      <colgroup><col className="c-time" /><col className="c-principal" /><col className="c-action" /><col /><col className="c-decision" /></colgroup>
      <thead><tr><th scope="col">Time</th><th scope="col">Principal</th><th scope="col">Action</th><th scope="col">Resource</th><th scope="col">Decision</th></tr></thead>
      <tbody>{entries.map((e, i) => (
        <Fragment key={i}>
          <tr className={open.has(i) ? 'opened' : undefined}>
            <td>{new Date(e.at).toLocaleTimeString()}</td>
            <td><Arn value={e.principal} /></td>
            <td className="action">{e.action}</td>
            <td><Arn value={e.resource} /></td>
            <td>
              <span className={e.decision === 'Allow' ? 'allow' : 'deny'}>{e.decision}</span>{' '}
              <button type="button" className="link" aria-expanded={open.has(i)} aria-controls={`trace-${i}`} onClick={() => toggle(i)}>Explain</button>
            </td>
          </tr>
          {open.has(i) && (
            <tr className="trace-row" id={`trace-${i}`}>
              <td colSpan={5}>
                {e.reason && <p className="reason">{e.reason}</p>}
                {e.trace.length === 0 ? <p>No policy statement applied.</p> : (
                  <ul className="trace">{e.trace.map((t, j) => (
                    <li key={j}>{t.matched ? '✔' : '·'} <strong>{t.policyType}</strong> {t.effect} {t.statement} — <Arn value={t.policyId} />{t.note ? ` (${t.note})` : ''}</li>
                  ))}</ul>
                )}
              </td>
            </tr>
          )}
        </Fragment>
      ))}</tbody>
    </table>
  );
}
