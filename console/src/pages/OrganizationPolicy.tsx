import { Document, Loading } from '../components/Document';
import { ErrorBox } from '../components/ErrorBox';
import { useLoad } from '../components/useLoad';
import { Arn } from '../components/Arn';
import { PartError, type Part } from '../components/PartError';
import { Link } from '../router';

interface PolicyView {
  policy: { id: string; name: string; arn: string; type: string; description: string; awsManaged: boolean; content?: string };
  targets: Part<Array<{ id: string; name: string; type: string; arn: string }>>;
}
const TYPE_NAME: Record<string, string> = { SERVICE_CONTROL_POLICY: 'Service control policy (SCP)', RESOURCE_CONTROL_POLICY: 'Resource control policy (RCP)' };
const TARGET_TYPE: Record<string, string> = { ROOT: 'Root', ORGANIZATIONAL_UNIT: 'OU', ACCOUNT: 'Account' };

/** One SCP or RCP of the organization: its document and where it is attached. */
export function OrganizationPolicy({ id, onExpired }: { id: string; onExpired: () => void }) {
  const { data, error, loading } = useLoad<PolicyView>(`organization/policies/${encodeURIComponent(id)}`, onExpired);
  return (
    <>
      <p><Link to="/organization">Organization</Link></p>
      <h1>Policy {data?.policy.name ?? id}</h1>
      <Loading loading={loading} />
      <ErrorBox error={error} />
      {data && (
        <>
          <dl className="facts">
            <dt>Type</dt><dd>{TYPE_NAME[data.policy.type] ?? data.policy.type}{data.policy.awsManaged ? ' (AWS managed)' : ''}</dd>
            <dt>ID</dt><dd>{data.policy.id}</dd>
            <dt>ARN</dt><dd><Arn value={data.policy.arn} /></dd>
            {data.policy.description && <><dt>Description</dt><dd>{data.policy.description}</dd></>}
          </dl>
          <h2>Policy document</h2>
          <Document text={data.policy.content} label="Policy document" />
          <h2>Targets</h2>
          <PartError error={data.targets.error} title="Where the policy is attached can't be listed as this identity." />
          {data.targets.value && (data.targets.value.length === 0 ? <p>Not attached anywhere.</p> : (
            <table>
              <caption className="visually-hidden">Targets</caption>
              <thead><tr><th scope="col">Target</th><th scope="col">Type</th><th scope="col">ID</th></tr></thead>
              <tbody>{data.targets.value.map((t) => <tr key={t.id}><td>{t.name}</td><td>{TARGET_TYPE[t.type] ?? t.type}</td><td>{t.id}</td></tr>)}</tbody>
            </table>
          ))}
        </>
      )}
    </>
  );
}
