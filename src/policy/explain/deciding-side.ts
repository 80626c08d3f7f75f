/**
 * Which side decided, in words: AWS's AccessDenied for a cross-account
 * sts:AssumeRole names no side ("Troubleshoot access denied error messages"),
 * yet "Cross-account policy evaluation logic" needs both the caller's own
 * policies and the role's trust policy (or the resource's policy) to allow.
 * This says which one did not, or that both did.
 */
import { isRoleTrustRequest, resourceAccountOf } from '../evaluate/request.js';
import type { AuthzRequest, Decision, PrincipalInfo, PolicyType, TraceEntry } from '../types.js';

/** "user random_user", "role s3-list-role (session x)", "the root user of account 1…". */
export function principalLabel(p: PrincipalInfo): string {
  if (p.type === 'Root') return `the root user of account ${p.account}`;
  if (p.type === 'Anonymous') return 'an anonymous caller';
  const session = /:assumed-role\/([^/]+)\/(.+)$/.exec(p.arn);
  if (session) return `role ${session[1]} (session ${session[2]})`;
  const name = p.arn.slice(p.arn.lastIndexOf('/') + 1);
  if (p.type === 'AssumedRole') return `role ${name}`;
  return `user ${name}`;
}

const allows = (trace: TraceEntry[], type: TraceEntry['policyType']) => trace.some((t) => t.policyType === type && t.matched && t.effect === 'Allow');

const LABEL: Record<PolicyType, string> = {
  identity: 'identity-based policy', resource: 'resource-based policy', boundary: 'permissions boundary',
  session: 'session policy', scp: 'service control policy', rcp: 'resource control policy',
};

/** One sentence on what decided `d`, naming the side that denied; the tree prints it beside that policy type. */
export function decidingSide(req: AuthzRequest, d: Decision): string {
  const who = principalLabel(req.principal);
  const trust = isRoleTrustRequest(req);
  const crossAccount = req.principal.type !== 'Anonymous' && req.principal.account !== resourceAccountOf(req);
  const other = trust ? 'the role\'s trust policy' : 'the resource\'s own policy';
  const bothMust = trust
    ? `for a role${crossAccount ? ' in another account' : ''} both the role's trust policy and the caller's own policy must allow it`
    : `across accounts both the resource's own policy and the caller's own policy must allow it`;

  if (d.allowed) {
    if (d.trace.some((t) => t.policyType === 'root')) return 'the root user may do anything in its own account';
    if (crossAccount || trust) return `both sides allow: ${who}'s own policies and ${other}`;
    return allows(d.trace, 'resource') ? 'the resource\'s own policy allows it' : `an identity-based policy of ${who} allows it`;
  }
  const type = d.deniedBy ?? 'identity';
  if (d.decision === 'ExplicitDeny') {
    const s = d.trace.find((t) => t.policyType === type && t.matched && t.effect === 'Deny');
    const where = type === 'resource' && trust ? 'the role\'s trust policy' : `a ${LABEL[type]}`;
    return `${s ? `statement ${s.statement} of ${s.policyId}` : where} denies ${req.action} explicitly, whatever else allows it`;
  }
  switch (type) {
    case 'identity':
      return `no identity-based policy of ${who} allows ${req.action} on ${req.resource}${crossAccount || trust ? `; ${bothMust}` : ''}`;
    case 'resource': {
      const mine = allows(d.trace, 'identity') ? `${who}'s own policy allows it, but ` : '';
      if (trust) return `${mine}the trust policy of ${req.resource} does not allow ${who}; ${bothMust}`;
      const has = d.trace.some((t) => t.policyType === 'resource');
      return `${mine}${has ? `no statement of ${req.resource}'s policy allows ${who}` : `${req.resource} has no resource-based policy`}; ${bothMust}`;
    }
    case 'boundary':
      return `the permissions boundary does not allow ${req.action}: it caps what ${who}'s identity-based policies grant`;
    case 'session':
      return `no session policy allows ${req.action}: session policies cap what ${who}'s policies grant`;
    case 'scp':
      return scpGap(req, d);
    default:
      return `no ${LABEL[type]} allows ${req.action}`;
  }
}

/** The first level of the organization (0 = its root … the account last) whose SCPs allow nothing of the request: every level must allow. */
function scpGap(req: AuthzRequest, d: Decision): string {
  const scp = d.trace.filter((t) => t.policyType === 'scp' && t.level !== undefined);
  const levels = [...new Set(scp.map((t) => t.level!))];
  const gap = levels.find((l) => !scp.some((t) => t.level === l && t.matched && t.effect === 'Allow'));
  const where = gap === undefined ? '' : ` at level ${gap} of the organization (0 is its root, the account last)`;
  const attached = [...new Set(scp.filter((t) => t.level === gap && t.policyId !== '-').map((t) => t.policyId))];
  return `no service control policy${where} allows ${req.action}${attached.length ? `: ${attached.join(', ')} ${attached.length > 1 ? 'do' : 'does'} not` : gap !== undefined ? ': no SCP is attached there' : ''}; every level from the root to the account must allow it`;
}
