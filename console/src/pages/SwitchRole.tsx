import { useState, type FormEvent } from 'react';
import { api, type Identity } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { navigate } from '../router';
import { rememberRole, roleHistory, type RoleHistoryEntry } from '../roleHistory';

/** AWS's display colours for a switched role (all readable with white text). */
export const COLORS: Array<[string, string]> = [
  ['Green', '#2e7d32'], ['Blue', '#0b5cad'], ['Red', '#b3261e'], ['Orange', '#a84300'], ['Purple', '#6a1b9a'], ['Grey', '#4a4a4a'],
];

/** Switch role: a real sts:AssumeRole as the signed-in identity; AWS's refusal is shown as it came. */
export function SwitchRole({ query, onSwitched, returnTo }: { query: URLSearchParams; onSwitched: (i: Identity) => void; returnTo: string }) {
  const [fields, setFields] = useState({
    account: query.get('account') ?? '', roleName: query.get('roleName') ?? '', displayName: query.get('displayName') ?? '',
    color: COLORS.find(([, hex]) => hex === query.get('color'))?.[1] ?? COLORS[0][1],
  });
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const history = roleHistory();
  const set = (k: keyof typeof fields) => (e: { target: { value: string } }) => setFields({ ...fields, [k]: e.target.value });

  const switchTo = async (entry: RoleHistoryEntry) => {
    setBusy(true);
    try {
      const who = await api<Identity>('switch-role', { method: 'POST', body: { ...entry, displayName: entry.displayName || undefined } });
      rememberRole(entry);
      setError(undefined);
      onSwitched(who);
      // Like AWS's console: back to the page the switch started from.
      navigate(returnTo);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => { e.preventDefault(); void switchTo(fields); };

  return (
    <section aria-labelledby="switch-heading" className="narrow">
      <h1 id="switch-heading">Switch role</h1>
      <p>Work in another account with a role's temporary credentials. Both the role's trust policy and your own policies must allow it.</p>
      <form onSubmit={submit}>
        <label htmlFor="account">Account ID or alias</label>
        <input id="account" name="account" required value={fields.account} onChange={set('account')} />
        <label htmlFor="roleName">IAM role name</label>
        <input id="roleName" name="roleName" required value={fields.roleName} onChange={set('roleName')} />
        <label htmlFor="displayName">Display name (optional)</label>
        <input id="displayName" name="displayName" maxLength={64} value={fields.displayName} onChange={set('displayName')} />
        <label htmlFor="color">Display color (optional)</label>
        <select id="color" name="color" value={fields.color} onChange={set('color')}>
          {COLORS.map(([name, hex]) => <option key={hex} value={hex}>{name}</option>)}
        </select>
        <ErrorBox error={error} title="The role could not be assumed." />
        <div className="actions">
          <button type="submit" id="input_switchrole_button" disabled={busy}>Switch Role</button>
          <button type="button" className="secondary" onClick={() => window.history.back()}>Cancel</button>
        </div>
      </form>
      {history.length > 0 && (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">Role history</h2>
          <ul className="history">
            {history.map((h) => (
              <li key={`${h.account}/${h.roleName}`}>
                <button type="button" className="history-entry" style={{ borderLeftColor: h.color }} disabled={busy} onClick={() => void switchTo(h)}>
                  {h.displayName ? `${h.displayName} / ` : ''}{h.roleName} @ {h.account}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
