import { qs, type Identity } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Document';
import { useLoad } from '../components/useLoad';
import { Notice } from '../components/Notice';
import { Link } from '../router';
import { PartError, type AwsErr as Refusal } from '../components/PartError';

type PolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
interface NodePolicies { type: PolicyType; enabled: boolean; attached?: Array<{ id: string; name: string; arn: string; awsManaged: boolean }>; error?: Refusal }
interface TreeNode {
  kind: 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';
  id: string; name: string; arn: string;
  email?: string; status?: string; joinedMethod?: string; management?: boolean;
  policies: NodePolicies[];
  children?: TreeNode[];
  childrenError?: Refusal;
}
interface View {
  account: string; accountLabel: string;
  organization?: { id: string; arn: string; featureSet: string; managementAccountId: string; managementAccountLabel: string; managementAccountEmail: string };
  refusal?: Refusal;
  root?: TreeNode;
}

/** The role AWS creates in every account the management account creates (CreateAccount's default RoleName). */
export const ORGANIZATION_ROLE = 'OrganizationAccountAccessRole';
const TYPE_LABEL: Record<PolicyType, string> = { SERVICE_CONTROL_POLICY: 'SCPs', RESOURCE_CONTROL_POLICY: 'RCPs' };
const KIND_LABEL: Record<TreeNode['kind'], string> = { ROOT: 'Root', ORGANIZATIONAL_UNIT: 'OU', ACCOUNT: 'Account' };
/** What reading the whole tree takes, as IAM actions. */
const READ_ACTIONS = ['DescribeOrganization', 'ListRoots', 'ListOrganizationalUnitsForParent', 'ListAccountsForParent', 'ListPoliciesForTarget'];

/** AWS Organizations as the acting identity may read it: root → OUs → accounts, each with its SCPs and RCPs. */
export function OrganizationPage({ identity, onExpired }: { identity: Identity; onExpired: () => void }) {
  const { data, error, loading } = useLoad<View>('organization', onExpired);
  const canSwitch = identity.signedIn.type !== 'Root';
  return (
    <>
      <h1>Organization</h1>
      <Loading loading={loading} />
      <ErrorBox error={error} />
      {data?.organization && (
        <dl className="facts">
          <dt>Organization</dt><dd>{data.organization.id}</dd>
          <dt>Management account</dt><dd>{data.organization.managementAccountLabel} ({data.organization.managementAccountId}){data.organization.managementAccountEmail ? `, ${data.organization.managementAccountEmail}` : ''}</dd>
          <dt>Feature set</dt><dd>{data.organization.featureSet}</dd>
        </dl>
      )}
      {data?.refusal && <Unreadable view={data} refusal={data.refusal} />}
      {data?.root && (
        <>
          <p>Each level of the path from the root to an account must allow an action for the account's principals (SCPs), and for requests to its resources (RCPs).{canSwitch ? ` Switch role opens the switch-role form for the account's ${ORGANIZATION_ROLE}.` : ' The root user cannot switch roles; sign in as an IAM user to switch into a member account.'}</p>
          <ul className="org-tree" aria-label="Organization tree">
            <Node node={data.root} canSwitch={canSwitch} />
          </ul>
        </>
      )}
    </>
  );
}

/** Why there is no tree: calm, since it is what the account or identity is, not the user's mistake. */
function Unreadable({ view, refusal }: { view: View; refusal: Refusal }) {
  const o = view.organization;
  const answered = <p>AWS answered <strong>{refusal.code}</strong>{refusal.message ? `: ${refusal.message}` : ''}</p>;
  if (!o) {
    if (refusal.code === 'AWSOrganizationsNotInUseException') {
      return <Notice title={`${view.accountLabel} is not in an organization`}>{answered}<p>A management account creates one with <code>aws organizations create-organization</code>, then creates or invites its member accounts.</p></Notice>;
    }
    return <Notice title="The organization can't be read as this identity">{answered}<p>Reading it needs <code>organizations:DescribeOrganization</code>.</p></Notice>;
  }
  if (o.managementAccountId !== view.account) {
    return (
      <Notice title={`${view.accountLabel} is a member account, not the management account`}>
        {answered}
        <p>Only the management account, <strong>{o.managementAccountLabel}</strong> ({o.managementAccountId}), sees the organization's roots, OUs, accounts and policies.</p>
      </Notice>
    );
  }
  return (
    <Notice title="The organization's structure can't be read as this identity">
      {answered}
      <p>The tree needs {READ_ACTIONS.map((a, i) => <span key={a}>{i > 0 ? ', ' : ''}<code>organizations:{a}</code></span>)} (for example through <code>AdministratorAccess</code>).</p>
    </Notice>
  );
}

function Node({ node, canSwitch }: { node: TreeNode; canSwitch: boolean }) {
  const label = `${KIND_LABEL[node.kind]} ${node.name}`;
  const member = node.kind === 'ACCOUNT' && !node.management && node.status === 'ACTIVE';
  return (
    <li className={`org-node ${node.kind.toLowerCase()}`} data-id={node.id}>
      <div className="org-node-head">
        <span className="org-kind">{KIND_LABEL[node.kind]}</span>
        <span><strong className="org-name">{node.name}</strong> <span className="muted">{node.id}{node.email ? ` · ${node.email}` : ''}{node.status && node.status !== 'ACTIVE' ? ` · ${node.status}` : ''}</span></span>
        {node.management && <span className="org-badge">management account</span>}
        {/* Organizations User Guide, "Accessing member accounts": an invited account gets no access role; its administrator must create it. */}
        {member && canSwitch && node.joinedMethod === 'INVITED' && <span className="muted org-invited">invited: has {ORGANIZATION_ROLE} only if it was created there</span>}
        {member && canSwitch && (
          <Link className="button secondary org-switch" aria-label={`Switch role into ${node.name} (${node.id}) as ${ORGANIZATION_ROLE}`}
            to={`/switchrole?${qs({ account: node.id, roleName: ORGANIZATION_ROLE, displayName: node.name.slice(0, 64) })}`}>
            Switch role
          </Link>
        )}
      </div>
      <ul className="org-policies" aria-label={`Policies attached to ${label}`}>
        {node.policies.map((p) => <li key={p.type}><Policies p={p} /></li>)}
      </ul>
      <PartError error={node.childrenError} title={`The children of ${label} can't be listed as this identity.`} />
      {node.children && node.children.length > 0 && (
        <ul aria-label={`In ${label}`}>
          {node.children.map((c) => <Node key={c.id} node={c} canSwitch={canSwitch} />)}
        </ul>
      )}
    </li>
  );
}

function Policies({ p }: { p: NodePolicies }) {
  const label = TYPE_LABEL[p.type];
  if (!p.enabled) return <><span className="org-policy-type">{label}:</span> <span className="muted">not enabled</span></>;
  if (p.error) return <><span className="org-policy-type">{label}:</span> <span className="error-code">{p.error.code}</span> <span className="muted">{p.error.message}</span></>;
  return (
    <>
      <span className="org-policy-type">{label}:</span>{' '}
      {p.attached!.length === 0 ? <span className="muted">none</span> : p.attached!.map((a, i) => (
        <span key={a.id}>{i > 0 ? ', ' : ''}<Link to={`/organization/policies/${encodeURIComponent(a.id)}`} className={`org-policy${a.awsManaged ? ' aws-managed' : ''}`} title={a.arn}>{a.name}</Link></span>
      ))}
    </>
  );
}
