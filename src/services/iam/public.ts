/**
 * What other services may ask of IAM: the policies that apply to a
 * principal, and a role's trust policy, compiled once per document text.
 */
import { compilePolicy, type AttachedPolicy, type CompiledPolicy, type PolicySet } from '../../policy/index.js';
import type { Store } from '../../store/index.js';
import type { Principal } from '../principal.js';
import type { OidcProviderRow } from '../../store/oidc-providers.js';
import type { SamlProviderRow } from '../../store/saml-providers.js';
import type { RoleRow } from '../../store/roles.js';
import { oidcUrlKey } from './oidc-providers.js';
// AWS managed policies register with the store on load, so their documents resolve wherever IAM is used.
import './aws-managed/index.js';
import { secretMatches } from './passwords.js';
import { newAccessKeyId, newSecretAccessKey, newUniqueId } from '../../core/ids.js';
import { roleArn, userArn } from '../../core/arn.js';
export { verifyMfaCode } from './mfa-devices.js';

// Compiled policies keyed by document text: a policy is parsed once, not per request.
const compiled = new Map<string, CompiledPolicy>();
const MAX_CACHED = 10_000;

export function compiledPolicy(text: string): CompiledPolicy {
  let c = compiled.get(text);
  if (!c) {
    c = compilePolicy(text);
    if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value!);
    compiled.set(text, c);
  }
  return c;
}

function managed(store: Store, account: string, type: 'user' | 'group' | 'role', name: string): AttachedPolicy[] {
  const out: AttachedPolicy[] = [];
  for (const arn of store.attachments.forEntity(account, type, name)) {
    const doc = store.policies.defaultDocument(arn);
    if (doc !== undefined) out.push({ id: arn, policy: compiledPolicy(doc) });
  }
  return out;
}

function inline(store: Store, account: string, type: 'user' | 'group' | 'role', name: string, arn: string): AttachedPolicy[] {
  return store.inlinePolicies.list(account, type, name)
    .map((p) => ({ id: `${arn} (inline policy ${p.policy_name})`, policy: compiledPolicy(p.document) }));
}

function boundary(store: Store, arn: string | null): AttachedPolicy | undefined {
  if (!arn) return undefined;
  const doc = store.policies.defaultDocument(arn);
  // A boundary whose policy is gone allows nothing, as an empty boundary would.
  return { id: arn, policy: compiledPolicy(doc ?? '{"Version":"2012-10-17","Statement":[]}') };
}

/** Identity policies, boundary and session policies that govern a principal. Root has none: it is allowed by being root. */
export function policiesFor(store: Store, p: Principal): PolicySet {
  if (p.type === 'User') {
    const u = store.users.get(p.account, p.userName!);
    if (!u) return { identity: [] };
    const identity = [...inline(store, p.account, 'user', u.name, u.arn), ...managed(store, p.account, 'user', u.name)];
    for (const g of store.groups.forUser(p.account, u.name)) {
      identity.push(...inline(store, p.account, 'group', g.name, g.arn), ...managed(store, p.account, 'group', g.name));
    }
    return { identity, boundary: boundary(store, u.permissions_boundary) };
  }
  if (p.type === 'AssumedRole') {
    const r = store.roles.get(p.account, p.role!.name);
    // A session whose role was deleted keeps no permissions.
    if (!r || r.id !== p.role!.id) return { identity: [] };
    return {
      identity: [...inline(store, p.account, 'role', r.name, r.arn), ...managed(store, p.account, 'role', r.name)],
      boundary: boundary(store, r.permissions_boundary),
    };
  }
  return { identity: [] };
}

/** A group's own policies (SimulatePrincipalPolicy with a group as its source). */
export function groupPolicies(store: Store, account: string, groupName: string): AttachedPolicy[] {
  const g = store.groups.get(account, groupName);
  return g ? [...inline(store, account, 'group', g.name, g.arn), ...managed(store, account, 'group', g.name)] : [];
}

/** aws:PrincipalTag/* come from the user's tags, or the role's for a role session ("AWS global condition context keys"). */
export function principalTags(store: Store, p: Principal): Record<string, string> | undefined {
  const tags = p.type === 'User' ? store.tags.list(p.account, 'user', p.userName!) : p.role ? store.tags.list(p.account, 'role', p.role.name) : [];
  return tags.length > 0 ? Object.fromEntries(tags.map((t) => [t.Key, t.Value])) : undefined;
}

/** A role as requests see it (AssumeRole and its kin read it on every call): cached until an IAM write. */
export function cachedRole(store: Store, account: string, roleName: string): RoleRow | undefined {
  return store.cached(roleReadKey(account, roleName), () => store.roles.get(account, roleName));
}

/** After this process changed a role outside IAM's writes (its last use). */
export function forgetCachedRole(store: Store, account: string, roleName: string): void {
  store.forgetCachedReads(roleReadKey(account, roleName));
}

const roleReadKey = (account: string, roleName: string) => `role\0${account}\0${roleName}`;

export function trustPolicyOf(store: Store, account: string, roleName: string): AttachedPolicy | undefined {
  const r = store.roles.get(account, roleName);
  return r ? trustPolicyOfRow(r) : undefined;
}

/** The trust policy of a role already read. */
export function trustPolicyOfRow(r: RoleRow): AttachedPolicy {
  return { id: `${r.arn} (trust policy)`, policy: compiledPolicy(r.trust_policy) };
}

/** Whether password is the user's console password (for the web console's sign-in); false without a login profile. */
export function verifyPassword(store: Store, account: string, userName: string, password: string): boolean {
  const profile = store.loginProfiles.get(account, userName);
  return profile !== undefined && secretMatches(password, profile.password_hash);
}

/**
 * The OIDC provider of an account that trusts tokens from issuerUrl (the
 * token's iss claim, https://host/path), for STS's AssumeRoleWithWebIdentity.
 */
export function oidcProviderFor(store: Store, account: string, issuerUrl: string): OidcProviderRow | undefined {
  const key = oidcUrlKey(issuerUrl) ?? issuerUrl.replace(/^https:\/\//i, '');
  return store.oidcProviders.list(account).find((p) => p.url === key);
}

/** A SAML provider by ARN, for STS's AssumeRoleWithSAML (its metadata holds the IdP's signing certificates). */
export function samlProviderFor(store: Store, account: string, arn: string): SamlProviderRow | undefined {
  const p = store.samlProviders.get(arn);
  return p && p.account_id === account ? p : undefined;
}

/**
 * The role an organization's management account reaches a member through (CreateAccount's RoleName,
 * OrganizationAccountAccessRole by default): AdministratorAccess, trusted by the management account's
 * root, as AWS sets it up ("Accessing a member account that has OrganizationAccountAccessRole").
 * Leaves a role of that name that already exists as it is.
 */
export function createOrganizationAccessRole(store: Store, account: string, roleName: string, managementAccount: string, now: Date): void {
  if (store.roles.get(account, roleName)) return;
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${managementAccount}:root` }, Action: 'sts:AssumeRole' }] };
  store.roles.insert({
    account_id: account, name: roleName, id: newUniqueId('AROA'), path: '/', arn: roleArn(account, '/', roleName),
    created_at: now.toISOString(), trust_policy: JSON.stringify(trust), description: null, max_session_duration: 3600, permissions_boundary: null,
  });
  store.attachments.attach(account, 'role', roleName, 'arn:aws:iam::aws:policy/AdministratorAccess');
}

/**
 * An IAM user of the account with AdministratorAccess and an active access key, made if missing
 * (`serve --organization`'s administrator of the management account: a root user may not assume roles).
 */
export function ensureAdministratorUser(store: Store, account: string, userName: string, now: Date): { accessKeyId: string; secretAccessKey: string } {
  if (!store.users.get(account, userName)) {
    store.users.insert({ account_id: account, name: userName, id: newUniqueId('AIDA'), path: '/', arn: userArn(account, '/', userName), created_at: now.toISOString(), permissions_boundary: null });
    store.attachments.attach(account, 'user', userName, 'arn:aws:iam::aws:policy/AdministratorAccess');
  }
  let key = store.accessKeys.forUser(account, userName).find((k) => k.status === 'Active');
  if (!key) {
    key = {
      access_key_id: newAccessKeyId('AKIA', account), account_id: account, user_name: userName, secret: newSecretAccessKey(),
      status: 'Active', created_at: now.toISOString(), last_used_at: null, last_used_service: null, last_used_region: null,
    };
    store.accessKeys.insert(key);
  }
  return { accessKeyId: key.access_key_id, secretAccessKey: key.secret };
}
