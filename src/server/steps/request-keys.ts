/**
 * Condition keys a request carries beyond the global ones: what the
 * operation's input says (the service authorization reference lists, per
 * action, which keys it supports) and the tags of the IAM resource acted on.
 * One table, so handlers never assemble context themselves.
 */
import { parseArn } from '../../core/arn.js';
import type { RequestContext } from '../../policy/index.js';
import type { Store, TaggedType } from '../../store/index.js';
import type { Input } from '../../services/operation.js';
import { requestTagKeys } from '../../services/request-tag-keys.js';

type Rule = (input: Input, store: Store, account: string) => RequestContext;

/** aws:RequestTag/KEY and aws:TagKeys from a Tags input. */
const requestTags: Rule = (i) => requestTagKeys(i.Tags ?? []);
const removedTagKeys: Rule = (i) => (i.TagKeys?.length ? { 'aws:TagKeys': i.TagKeys } : {});
/** The boundary being set, for the operations that set one. */
const newBoundary: Rule = (i) => ({ 'iam:PermissionsBoundary': i.PermissionsBoundary });
/** The boundary the user or role has now, for operations that change its permissions. */
const currentBoundary = (type: 'user' | 'role'): Rule => (i, store, account) => {
  const name = type === 'user' ? i.UserName : i.RoleName;
  const row = name === undefined ? undefined : type === 'user' ? store.users.get(account, name) : store.roles.get(account, name);
  return { 'iam:PermissionsBoundary': row?.permissions_boundary ?? undefined };
};
const policyArn: Rule = (i) => ({ 'iam:PolicyARN': i.PolicyArn });
const both = (...rules: Rule[]): Rule => (i, s, a) => Object.assign({}, ...rules.map((r) => r(i, s, a)));

/**
 * Operation → its own action's extra keys (Service Authorization Reference,
 * "Actions defined by AWS Identity and Access Management"). sts:AssumeRole
 * passes sts:RoleSessionName and sts:ExternalId itself, with the trust policy.
 * No implemented operation passes a role to a service yet, so iam:PassedToService
 * is never set; MFA keys wait for MFA sessions (see mfaKeys in authorize.ts).
 */
export const OPERATION_KEYS: Partial<Record<string, Rule>> = {
  'iam:CreateUser': both(requestTags, newBoundary),
  'iam:CreateRole': both(requestTags, newBoundary),
  'iam:CreatePolicy': requestTags,
  'iam:CreateInstanceProfile': requestTags,
  'iam:CreateOpenIDConnectProvider': requestTags,
  'iam:CreateSAMLProvider': requestTags,
  'iam:CreateVirtualMFADevice': requestTags,
  'iam:TagUser': requestTags,
  'iam:TagRole': requestTags,
  'iam:TagPolicy': requestTags,
  'iam:TagInstanceProfile': requestTags,
  'iam:TagOpenIDConnectProvider': requestTags,
  'iam:TagSAMLProvider': requestTags,
  'iam:TagMFADevice': requestTags,
  'iam:UntagUser': removedTagKeys,
  'iam:UntagRole': removedTagKeys,
  'iam:UntagPolicy': removedTagKeys,
  'iam:UntagInstanceProfile': removedTagKeys,
  'iam:UntagOpenIDConnectProvider': removedTagKeys,
  'iam:UntagSAMLProvider': removedTagKeys,
  'iam:UntagMFADevice': removedTagKeys,
  'iam:PutUserPermissionsBoundary': newBoundary,
  'iam:PutRolePermissionsBoundary': newBoundary,
  'iam:DeleteUserPermissionsBoundary': currentBoundary('user'),
  'iam:DeleteRolePermissionsBoundary': currentBoundary('role'),
  'iam:PutUserPolicy': currentBoundary('user'),
  'iam:PutRolePolicy': currentBoundary('role'),
  'iam:DeleteUserPolicy': currentBoundary('user'),
  'iam:DeleteRolePolicy': currentBoundary('role'),
  'iam:AttachUserPolicy': both(policyArn, currentBoundary('user')),
  'iam:AttachRolePolicy': both(policyArn, currentBoundary('role')),
  'iam:DetachUserPolicy': both(policyArn, currentBoundary('user')),
  'iam:DetachRolePolicy': both(policyArn, currentBoundary('role')),
  'iam:AttachGroupPolicy': policyArn,
  'iam:DetachGroupPolicy': policyArn,
  // "Actions defined by AWS Organizations": the creating and tagging actions take the request's tags.
  'organizations:CreateAccount': requestTags,
  'organizations:CreateOrganizationalUnit': requestTags,
  'organizations:CreatePolicy': requestTags,
  'organizations:TagResource': requestTags,
  'organizations:UntagResource': removedTagKeys,
};

export interface OperationRef {
  service: string;
  operation: string;
  input: Input;
}

/** Keys from the table, only for the operation's own action (not e.g. an iam:PassRole it checks on the side). */
export function operationKeys(op: OperationRef | undefined, action: string, store: Store, account: string): RequestContext {
  if (!op) return {};
  const name = `${op.service}:${op.operation}`;
  const rule = OPERATION_KEYS[name];
  return rule && name.toLowerCase() === action.toLowerCase() ? rule(op.input, store, account) : {};
}

/** Tagged IAM resources: how a resource ARN names the row its tags hang on. */
const TAGGED: Array<[RegExp, TaggedType, (a: string, m: RegExpExecArray) => string]> = [
  [/^user\/(?:.*\/)?([^/]+)$/, 'user', (_a, m) => m[1]],
  [/^role\/(?:.*\/)?([^/]+)$/, 'role', (_a, m) => m[1]],
  [/^policy\//, 'policy', (a) => a],
  [/^instance-profile\/(?:.*\/)?([^/]+)$/, 'instance-profile', (_a, m) => m[1]],
  [/^oidc-provider\//, 'oidc-provider', (a) => a],
  [/^saml-provider\//, 'saml-provider', (a) => a],
  [/^mfa\//, 'mfa', (a) => a],
];

/** aws:ResourceTag/KEY for the IAM or Organizations resource acted on (absent while it does not exist yet). */
export function resourceTagKeys(store: Store, resource: string): RequestContext {
  const arn = parseArn(resource);
  if (arn?.service === 'organizations') return organizationsResourceTags(store, arn.resource);
  if (!arn || arn.service !== 'iam' || !/^\d{12}$/.test(arn.account)) return {};
  for (const [re, type, key] of TAGGED) {
    const m = re.exec(arn.resource);
    if (!m) continue;
    const name = key(resource, m);
    // Cached until an IAM write (tags change only by IAM's Tag/Untag operations and deletions).
    const tags = store.cached(`tags\0${arn.account}\0${type}\0${name}`, () => store.tags.list(arn.account, type, name));
    return Object.fromEntries(tags.map((t) => [`aws:ResourceTag/${t.Key}`, t.Value]));
  }
  return {};
}

/**
 * An account's, OU's, root's or policy's tags: its id ends the ARN (…:ou/o-…/ou-…). Cached until the next
 * Organizations write (they all forget cached reads).
 */
function organizationsResourceTags(store: Store, resource: string): RequestContext {
  const id = resource.slice(resource.lastIndexOf('/') + 1);
  if (!/^(?:\d{12}|ou-|r-|p-)/.test(id)) return {};
  const tags = store.cached(`org-tags\0${id}`, () => store.orgTags.list(id));
  return Object.fromEntries(tags.map((t) => [`aws:ResourceTag/${t.Key}`, t.Value]));
}
