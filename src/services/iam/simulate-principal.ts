/**
 * The principal a simulation runs as, and the policies it brings, read from
 * the store: for SimulatePrincipalPolicy's PolicySourceArn/CallerArn and for
 * `gatehouse explain --data-dir`. A role (or a session of it) is simulated as
 * a session of that role; a group brings only its own policies.
 */
import { AwsError, noSuchEntity } from '../../core/aws-error.js';
import { parseArn } from '../../core/arn.js';
import type { PolicySet, PrincipalInfo } from '../../policy/index.js';
import type { Store } from '../../store/index.js';
import type { Principal } from '../principal.js';
import { groupPolicies, policiesFor, principalTags } from './public.js';
import { accountOrganization, scpPolicies } from '../organizations/enforcement.js';

export interface SimulatedPrincipal {
  info: PrincipalInfo;
  policies: PolicySet;
  kind: 'root' | 'user' | 'role' | 'group';
}

export const invalidInput = (message: string) => new AwsError('InvalidInput', message, 400);

type Parsed = { kind: 'root' | 'user' | 'role' | 'group'; account: string; name: string; session?: string };

/** arn:aws:iam::A:root | user/… | role/… | group/…, or arn:aws:sts::A:assumed-role/ROLE/SESSION. */
export function parsePrincipalArn(arn: string): Parsed | undefined {
  const a = parseArn(arn);
  if (!a || !/^\d{12}$/.test(a.account)) return undefined;
  if (a.service === 'sts') {
    const m = /^assumed-role\/([^/]+)\/([^/]+)$/.exec(a.resource);
    return m ? { kind: 'role', account: a.account, name: m[1], session: m[2] } : undefined;
  }
  if (a.service !== 'iam') return undefined;
  if (a.resource === 'root') return { kind: 'root', account: a.account, name: 'root' };
  const m = /^(user|role|group)\/(?:.*\/)?([^/]+)$/.exec(a.resource);
  return m ? { kind: m[1] as Parsed['kind'], account: a.account, name: m[2] } : undefined;
}

/** The principal with its account's organization: aws:PrincipalOrg* keys and the SCPs its requests meet. */
export function principalFromArn(store: Store, arn: string): SimulatedPrincipal {
  const p = storedPrincipal(store, arn);
  const org = accountOrganization(store, p.info.account);
  if (!org) return p;
  return { ...p, info: { ...p.info, org: org.place }, policies: { ...p.policies, ...scpPolicies(org) } };
}

function storedPrincipal(store: Store, arn: string): SimulatedPrincipal {
  const p = parsePrincipalArn(arn);
  if (!p) throw invalidInput(`Invalid ARN ${arn}: expected a user, group, role or assumed-role ARN.`);
  if (!store.accounts.byId(p.account)) throw noSuchEntity(`The account ${p.account} cannot be found.`);
  if (p.kind === 'root') {
    return { kind: 'root', info: { type: 'Root', arn: `arn:aws:iam::${p.account}:root`, account: p.account, userId: p.account }, policies: { identity: [] } };
  }
  if (p.kind === 'user') {
    const u = store.users.get(p.account, p.name);
    if (!u || (arn.startsWith('arn:aws:iam:') && u.arn !== arn)) throw noSuchEntity(`The user with name ${p.name} cannot be found.`);
    const principal: Principal = { type: 'User', account: p.account, arn: u.arn, userId: u.id, accessKeyId: '', userName: u.name };
    return { kind: 'user', info: infoOf(store, principal), policies: policiesFor(store, principal) };
  }
  if (p.kind === 'group') {
    const g = store.groups.get(p.account, p.name);
    if (!g || g.arn !== arn) throw noSuchEntity(`The group with name ${p.name} cannot be found.`);
    // A group is never a caller: its simulation has its policies but no one to name in a resource policy.
    return { kind: 'group', info: { type: 'User', arn: g.arn, account: p.account }, policies: { identity: groupPolicies(store, p.account, g.name) } };
  }
  const r = store.roles.get(p.account, p.name);
  if (!r || (!p.session && r.arn !== arn)) throw noSuchEntity(`The role with name ${p.name} cannot be found.`);
  const session = p.session;
  const principal: Principal = {
    type: 'AssumedRole', account: p.account, accessKeyId: '',
    arn: session ? `arn:aws:sts::${p.account}:assumed-role/${r.name}/${session}` : r.arn,
    userId: session ? `${r.id}:${session}` : r.id,
    role: { name: r.name, id: r.id, arn: r.arn, sessionName: session ?? '', chained: false, issuedAt: '', expiresAt: '' },
  };
  return { kind: 'role', info: infoOf(store, principal), policies: policiesFor(store, principal) };
}

function infoOf(store: Store, p: Principal): PrincipalInfo {
  return {
    // The engine knows no federated users: GetFederationToken sessions are judged as the user-like principals they are.
    type: p.type === 'FederatedUser' ? 'User' : p.type, arn: p.arn, account: p.account, roleArn: p.role?.arn, userId: p.userId, username: p.userName,
    tags: principalTags(store, p),
  };
}
