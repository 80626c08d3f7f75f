import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Document';
import { useLoad } from '../components/useLoad';
import { Link } from '../router';
import { Arn } from '../components/Arn';

export function IamTabs({ current }: { current: 'users' | 'roles' | 'policies' }) {
  const tab = (id: typeof current, label: string, to: string) => <li><Link to={to} aria-current={current === id ? 'page' : undefined}>{label}</Link></li>;
  return (
    <nav aria-label="IAM" className="tabs">
      <ul>{tab('users', 'Users', '/iam/users')}{tab('roles', 'Roles', '/iam/roles')}{tab('policies', 'Policies', '/iam/policies')}</ul>
    </nav>
  );
}

export function Users({ onExpired }: { onExpired: () => void }) {
  const { data, error, loading } = useLoad<{ users: Array<{ name: string; arn: string; created?: string; passwordLastUsed?: string }> }>('iam/users', onExpired);
  return (
    <>
      <IamTabs current="users" />
      <h1>Users</h1>
      <Loading loading={loading} />
      <ErrorBox error={error} title="You can't list users as this identity." />
      {data && (
        <table>
          <thead><tr><th scope="col">User name</th><th scope="col">ARN</th><th scope="col">Created</th><th scope="col">Console last sign-in</th></tr></thead>
          <tbody>{data.users.map((u) => (
            <tr key={u.arn}><td><Link to={`/iam/users/${encodeURIComponent(u.name)}`}>{u.name}</Link></td><td><Arn value={u.arn} /></td><td>{u.created ? new Date(u.created).toLocaleString() : ''}</td><td>{u.passwordLastUsed ? new Date(u.passwordLastUsed).toLocaleString() : 'Never'}</td></tr>
          ))}</tbody>
        </table>
      )}
    </>
  );
}

export function Roles({ onExpired }: { onExpired: () => void }) {
  const { data, error, loading } = useLoad<{ roles: Array<{ name: string; arn: string; description?: string }> }>('iam/roles', onExpired);
  return (
    <>
      <IamTabs current="roles" />
      <h1>Roles</h1>
      <Loading loading={loading} />
      <ErrorBox error={error} title="You can't list roles as this identity." />
      {data && (
        <table>
          <thead><tr><th scope="col">Role name</th><th scope="col">ARN</th><th scope="col">Description</th></tr></thead>
          <tbody>{data.roles.map((r) => (
            <tr key={r.arn}><td><Link to={`/iam/roles/${encodeURIComponent(r.name)}`}>{r.name}</Link></td><td><Arn value={r.arn} /></td><td>{r.description ?? ''}</td></tr>
          ))}</tbody>
        </table>
      )}
    </>
  );
}

export function Policies({ scope, onExpired }: { scope: string; onExpired: () => void }) {
  const { data, error, loading } = useLoad<{ policies: Array<{ name: string; arn: string; attachments?: number; description?: string }> }>(`iam/policies?scope=${encodeURIComponent(scope)}`, onExpired);
  const filter = (s: string, label: string) => <li><Link to={`/iam/policies?scope=${s}`} aria-current={scope === s ? 'page' : undefined}>{label}</Link></li>;
  return (
    <>
      <IamTabs current="policies" />
      <h1>Policies</h1>
      <nav aria-label="Policy type" className="filters"><ul>{filter('Local', 'Customer managed')}{filter('AWS', 'AWS managed')}{filter('All', 'All')}</ul></nav>
      <Loading loading={loading} />
      <ErrorBox error={error} title="You can't list policies as this identity." />
      {data && (
        <table>
          <thead><tr><th scope="col">Policy name</th><th scope="col">ARN</th><th scope="col">Attached to</th></tr></thead>
          <tbody>{data.policies.map((p) => (
            <tr key={p.arn}><td><Link to={`/iam/policy?arn=${encodeURIComponent(p.arn)}`}>{p.name}</Link></td><td><Arn value={p.arn} /></td><td>{p.attachments ?? 0}</td></tr>
          ))}</tbody>
        </table>
      )}
    </>
  );
}
