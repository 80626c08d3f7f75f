import { useState } from 'react';
import { api, type Identity } from '../api';
import { Link } from '../router';
import { ErrorBox } from './ErrorBox';

/** Who the console acts as ("display name / role @ account" while switched), and the way out of it. */
export function Header({ identity, path, onChange, onSignedOut }: { identity: Identity; path: string; onChange: (i: Identity) => void; onSignedOut: () => void }) {
  const [error, setError] = useState<unknown>();
  const { signedIn, role } = identity;
  const who = signedIn.type === 'Root' ? `root @ ${signedIn.accountLabel}` : `${signedIn.userName} @ ${signedIn.accountLabel}`;
  const switchBack = async () => {
    try { onChange(await api<Identity>('switch-back', { method: 'POST' })); setError(undefined); } catch (e) { setError(e); }
  };
  const signOut = async () => {
    try { await api('signout', { method: 'POST' }); onSignedOut(); } catch (e) { setError(e); }
  };
  return (
    <header className="top" role="banner">
      <div className="brand"><Link to="/">Gatehouse console</Link></div>
      <nav aria-label="Services">
        <ul>
          <li><Link to="/s3">S3</Link></li>
          <li><Link to="/iam/users">IAM</Link></li>
          <li><Link to="/organization">Organization</Link></li>
          <li><Link to="/trust-graph">Trust graph</Link></li>
          <li><Link to="/decisions">Decision log</Link></li>
        </ul>
      </nav>
      <div className="identity" role="group" aria-label="Identity">
        {role ? (
          <span className="role-badge" data-testid="current-identity" style={{ borderColor: role.color, backgroundColor: role.color }}
            title={`Signed in as ${who}; acting as ${role.arn}`}>
            {role.displayName ? `${role.displayName} / ` : ''}{role.roleName} @ {role.accountAsTyped}
          </span>
        ) : (
          <span className="who" data-testid="current-identity" title={signedIn.arn}>{who}</span>
        )}
        {/* On the switch-role page itself the form's own button is the only "Switch Role"; root may not switch at all, as on AWS. */}
        {path !== '/switchrole' && signedIn.type !== 'Root' && <Link to="/switchrole" className="button secondary">Switch role</Link>}
        {role && <button type="button" className="secondary" onClick={switchBack}>Switch back</button>}
        <button type="button" className="secondary" onClick={signOut}>Sign out</button>
      </div>
      {error ? <div className="header-error"><ErrorBox error={error} /></div> : null}
    </header>
  );
}
