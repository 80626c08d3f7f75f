import type { Identity } from '../api';
import { Link } from '../router';
import { roleHistory } from '../roleHistory';
import { Buckets } from './Buckets';
import { Notice } from '../components/Notice';
import { Arn } from '../components/Arn';

/** Console home: who the console acts as, and the S3 buckets that identity sees. */
export function Home({ identity, onExpired }: { identity: Identity; onExpired: () => void }) {
  const { signedIn, role } = identity;
  const history = roleHistory();
  return (
    <>
      <h1>Console home</h1>
      <dl className="facts">
        <dt>Signed in as</dt><dd><Arn value={signedIn.arn} />{signedIn.mfa ? ' (with MFA)' : ''}</dd>
        <dt>Account</dt><dd>{signedIn.accountLabel} ({signedIn.account})</dd>
        {role && <><dt>Currently active as</dt><dd><Arn value={role.arn} /></dd><dt>Role account</dt><dd>{role.accountLabel} ({role.account})</dd><dt>Role session expires</dt><dd>{new Date(role.expiresAt).toLocaleString()}</dd></>}
        <dt>Console session expires</dt><dd>{new Date(identity.expiresAt).toLocaleString()}</dd>
      </dl>
      {history.length > 0 && signedIn.type !== 'Root' && (
        <p>Recent roles: {history.map((h, i) => (
          <span key={i}>{i > 0 ? ', ' : ''}<Link to={`/switchrole?account=${encodeURIComponent(h.account)}&roleName=${encodeURIComponent(h.roleName)}&displayName=${encodeURIComponent(h.displayName)}&color=${encodeURIComponent(h.color)}`}>{h.displayName || h.roleName} @ {h.account}</Link></span>
        ))}</p>
      )}
      <Buckets onExpired={onExpired} heading="h2" whenDenied={(e) => (
        <Notice title={`${role ? role.roleName : signedIn.userName ?? 'This identity'} may not list S3 buckets here`}>
          <p>AWS answered <strong>{e.code}</strong>: {e.message}</p>
          {signedIn.type !== 'Root' && <p>If you work through a role in another account (as the scenario's <code>random_user</code> does in prod), <Link to="/switchrole">switch role</Link> next.</p>}
        </Notice>
      )} />
    </>
  );
}
