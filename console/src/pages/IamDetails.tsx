import { Document, Loading } from '../components/Document';
import { ErrorBox } from '../components/ErrorBox';
import { useLoad } from '../components/useLoad';
import { Link } from '../router';
import { IamTabs } from './IamLists';
import { Arn } from '../components/Arn';
import { PartError, type Part } from '../components/PartError';

type Ref = { name: string; arn: string };
type Inline = Array<{ name: string; document?: string }>;

function Permissions({ attached, inline }: { attached: Part<Ref[]>; inline: Part<Inline> }) {
  return (
    <>
      <h2>Attached managed policies</h2>
      <PartError error={attached.error} />
      {attached.value && (attached.value.length === 0 ? <p>None.</p> : (
        <ul>{attached.value.map((p) => <li key={p.arn}><Link to={`/iam/policy?arn=${encodeURIComponent(p.arn)}`}>{p.name}</Link> <Arn value={p.arn} /></li>)}</ul>
      ))}
      <h2>Inline policies</h2>
      <PartError error={inline.error} />
      {inline.value && (inline.value.length === 0 ? <p>None.</p> : inline.value.map((p) => (
        <section key={p.name} aria-label={`Inline policy ${p.name}`}><h3>{p.name}</h3><Document text={p.document} label={`Inline policy ${p.name}`} /></section>
      )))}
    </>
  );
}

export function UserDetail({ name, onExpired }: { name: string; onExpired: () => void }) {
  const { data, error, loading } = useLoad<{ user: { name: string; arn: string; id: string; created?: string; permissionsBoundary?: string }; attached: Part<Ref[]>; inline: Part<Inline>; groups: Part<string[]> }>(`iam/users/${encodeURIComponent(name)}`, onExpired);
  return (
    <>
      <IamTabs current="users" />
      <h1>User {name}</h1>
      <Loading loading={loading} />
      <ErrorBox error={error} />
      {data && (
        <>
          <dl className="facts"><dt>ARN</dt><dd><Arn value={data.user.arn} /></dd><dt>User ID</dt><dd>{data.user.id}</dd>
            {data.user.permissionsBoundary && <><dt>Permissions boundary</dt><dd><Arn value={data.user.permissionsBoundary} /></dd></>}</dl>
          <h2>Groups</h2>
          <PartError error={data.groups.error} />
          {data.groups.value && <p>{data.groups.value.length ? data.groups.value.join(', ') : 'None.'}</p>}
          <Permissions attached={data.attached} inline={data.inline} />
        </>
      )}
    </>
  );
}

export function RoleDetail({ name, onExpired }: { name: string; onExpired: () => void }) {
  const { data, error, loading } = useLoad<{ role: { name: string; arn: string; description?: string; maxSessionDuration?: number; trustPolicy?: string; permissionsBoundary?: string }; attached: Part<Ref[]>; inline: Part<Inline> }>(`iam/roles/${encodeURIComponent(name)}`, onExpired);
  return (
    <>
      <IamTabs current="roles" />
      <h1>Role {name}</h1>
      <Loading loading={loading} />
      <ErrorBox error={error} />
      {data && (
        <>
          <dl className="facts"><dt>ARN</dt><dd><Arn value={data.role.arn} /></dd>
            {data.role.description && <><dt>Description</dt><dd>{data.role.description}</dd></>}
            <dt>Maximum session duration</dt><dd>{(data.role.maxSessionDuration ?? 3600) / 3600} hour(s)</dd></dl>
          <h2>Trust policy</h2>
          <Document text={data.role.trustPolicy} label="Trust policy" />
          <Permissions attached={data.attached} inline={data.inline} />
        </>
      )}
    </>
  );
}

export function PolicyDetail({ arn, onExpired }: { arn: string; onExpired: () => void }) {
  const { data, error, loading } = useLoad<{ policy: { name: string; arn: string; description?: string; defaultVersion?: string; attachments?: number }; document: Part<string> }>(`iam/policy?arn=${encodeURIComponent(arn)}`, onExpired);
  return (
    <>
      <IamTabs current="policies" />
      <h1>Policy {data?.policy.name ?? ''}</h1>
      <Loading loading={loading} />
      <ErrorBox error={error} />
      {data && (
        <>
          <dl className="facts"><dt>ARN</dt><dd><Arn value={data.policy.arn} /></dd>
            {data.policy.description && <><dt>Description</dt><dd>{data.policy.description}</dd></>}
            <dt>Default version</dt><dd>{data.policy.defaultVersion}</dd><dt>Attachments</dt><dd>{data.policy.attachments ?? 0}</dd></dl>
          <h2>Policy document</h2>
          <PartError error={data.document.error} />
          <Document text={data.document.value} label="Policy document" />
        </>
      )}
    </>
  );
}
