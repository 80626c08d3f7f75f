/**
 * IAM views: users, roles and policies with their documents, read as the
 * current identity. A part the identity may not read carries AWS's error
 * instead of its content, so a denial is shown where the content would be.
 */
import { query, type ApiContext } from './api-context.js';
import { call, part } from './self-client.js';

/** IAM answers policy documents URL-encoded; the console shows them parsed and pretty-printed. */
export function prettyDocument(encoded: string | undefined): string | undefined {
  if (encoded === undefined) return undefined;
  let text = encoded;
  try { text = decodeURIComponent(encoded); } catch { /* already plain */ }
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; }
}

export async function listUsers(c: ApiContext) {
  const { iam, sdk } = await c.clients();
  const out = await call(() => iam.send(new sdk.iam.ListUsersCommand({ MaxItems: 1000 })));
  return { users: (out.Users ?? []).map((u) => ({ name: u.UserName, arn: u.Arn, id: u.UserId, created: u.CreateDate?.toISOString(), passwordLastUsed: u.PasswordLastUsed?.toISOString() })) };
}

export async function getUser(c: ApiContext) {
  const name = c.params[0];
  const { iam, sdk } = await c.clients();
  const user = await call(() => iam.send(new sdk.iam.GetUserCommand({ UserName: name })));
  const attached = await part(async () => (await iam.send(new sdk.iam.ListAttachedUserPoliciesCommand({ UserName: name }))).AttachedPolicies ?? []);
  const inline = await part(async () => {
    const names = (await iam.send(new sdk.iam.ListUserPoliciesCommand({ UserName: name }))).PolicyNames ?? [];
    return Promise.all(names.map(async (n) => ({ name: n, document: prettyDocument((await iam.send(new sdk.iam.GetUserPolicyCommand({ UserName: name, PolicyName: n }))).PolicyDocument) })));
  });
  const groups = await part(async () => ((await iam.send(new sdk.iam.ListGroupsForUserCommand({ UserName: name }))).Groups ?? []).map((g) => g.GroupName));
  const u = user.User!;
  return {
    user: { name: u.UserName, arn: u.Arn, id: u.UserId, path: u.Path, created: u.CreateDate?.toISOString(), permissionsBoundary: u.PermissionsBoundary?.PermissionsBoundaryArn },
    attached: { ...attached, value: attached.value?.map((p) => ({ name: p.PolicyName, arn: p.PolicyArn })) },
    inline, groups,
  };
}

export async function listRoles(c: ApiContext) {
  const { iam, sdk } = await c.clients();
  const out = await call(() => iam.send(new sdk.iam.ListRolesCommand({ MaxItems: 1000 })));
  return { roles: (out.Roles ?? []).map((r) => ({ name: r.RoleName, arn: r.Arn, path: r.Path, created: r.CreateDate?.toISOString(), description: r.Description })) };
}

export async function getRole(c: ApiContext) {
  const name = c.params[0];
  const { iam, sdk } = await c.clients();
  const out = await call(() => iam.send(new sdk.iam.GetRoleCommand({ RoleName: name })));
  const attached = await part(async () => (await iam.send(new sdk.iam.ListAttachedRolePoliciesCommand({ RoleName: name }))).AttachedPolicies ?? []);
  const inline = await part(async () => {
    const names = (await iam.send(new sdk.iam.ListRolePoliciesCommand({ RoleName: name }))).PolicyNames ?? [];
    return Promise.all(names.map(async (n) => ({ name: n, document: prettyDocument((await iam.send(new sdk.iam.GetRolePolicyCommand({ RoleName: name, PolicyName: n }))).PolicyDocument) })));
  });
  const r = out.Role!;
  return {
    role: {
      name: r.RoleName, arn: r.Arn, path: r.Path, description: r.Description, created: r.CreateDate?.toISOString(), maxSessionDuration: r.MaxSessionDuration,
      trustPolicy: prettyDocument(r.AssumeRolePolicyDocument), permissionsBoundary: r.PermissionsBoundary?.PermissionsBoundaryArn,
    },
    attached: { ...attached, value: attached.value?.map((p) => ({ name: p.PolicyName, arn: p.PolicyArn })) },
    inline,
  };
}

export async function listPolicies(c: ApiContext) {
  const scope = query(c, 'scope', false) === 'AWS' ? 'AWS' : query(c, 'scope', false) === 'All' ? 'All' : 'Local';
  const { iam, sdk } = await c.clients();
  const out = await call(() => iam.send(new sdk.iam.ListPoliciesCommand({ Scope: scope, MaxItems: 1000 })));
  return { scope, policies: (out.Policies ?? []).map((p) => ({ name: p.PolicyName, arn: p.Arn, attachments: p.AttachmentCount, defaultVersion: p.DefaultVersionId, description: p.Description })) };
}

export async function getPolicy(c: ApiContext) {
  const arn = query(c, 'arn')!;
  const { iam, sdk } = await c.clients();
  const p = (await call(() => iam.send(new sdk.iam.GetPolicyCommand({ PolicyArn: arn })))).Policy!;
  const version = await part(async () => (await iam.send(new sdk.iam.GetPolicyVersionCommand({ PolicyArn: arn, VersionId: p.DefaultVersionId! }))).PolicyVersion);
  return {
    policy: { name: p.PolicyName, arn: p.Arn, description: p.Description, defaultVersion: p.DefaultVersionId, attachments: p.AttachmentCount, created: p.CreateDate?.toISOString() },
    document: { error: version.error, value: prettyDocument(version.value?.Document) },
  };
}
