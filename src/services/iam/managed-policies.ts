/** Customer managed policies and their versions (at most 5, one default); AWS managed ones, read-only. */
import { prepared } from '../../store/db.js';
import { accessDenied, deleteConflict, entityAlreadyExists, limitExceeded, noSuchEntity } from '../../core/aws-error.js';
import { newUniqueId } from '../../core/ids.js';
import { policyArn } from '../../core/arn.js';
import type { OperationTable, RequestContext } from '../operation.js';
import type { Store } from '../../store/index.js';
import type { PolicyRow } from '../../store/policies.js';
import { checkManagedPolicySize, checkPolicyDocument, encodeDocument } from './documents.js';
import { toDate } from './names.js';
import { paginate } from './paginate.js';
import { checkTags, tagsOrUndefined, tagOperations } from './tags.js';
import { AWS_ACCOUNT, isAwsManagedArn } from './aws-managed/index.js';
import { builtInPolicies } from '../../store/built-in-policies.js';

const MAX_VERSIONS = 5;

export const managedPolicyExists = (store: Store, arn: string) => store.policies.get(arn) !== undefined;

/** A policy of the caller's account or an AWS managed one; other accounts' policies are as good as missing. */
export function requirePolicy(ctx: RequestContext, arn: string): PolicyRow {
  const p = ctx.store.policies.get(arn);
  if (!p || (p.account_id !== ctx.account && p.account_id !== AWS_ACCOUNT)) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  return p;
}

/**
 * A policy the caller may change: AWS managed policies belong to AWS's
 * account, so changing one is a cross-account write no identity policy can
 * allow ("You cannot change the permissions defined in AWS managed policies",
 * IAM User Guide, "AWS managed policies").
 */
function requireOwnPolicy(ctx: RequestContext, arn: string, action: string): PolicyRow {
  const p = requirePolicy(ctx, arn);
  if (p.account_id === AWS_ACCOUNT) throw accessDenied(`User: ${ctx.principal.arn} is not authorized to perform: ${action} on resource: ${arn}`);
  return p;
}

/**
 * AWS managed policies are shared with every account: reading one is
 * authorized as a read in the caller's own account, while a write stays a
 * write to AWS's account, which no identity policy can allow.
 */
export function authorizePolicyRead(ctx: RequestContext, action: string, arn: string): void {
  ctx.authorize(action, arn, isAwsManagedArn(arn) ? { resourceAccount: ctx.account } : {});
}

/** Attachments and boundary uses count in the caller's account only: AWS managed policies are shared by all. */
export const attachmentCount = (store: Store, account: string, arn: string) => store.attachments.forPolicy(arn, account).length;

export function policyOutput(ctx: RequestContext, p: PolicyRow, detail: boolean) {
  return {
    PolicyName: p.name, PolicyId: p.id, Arn: p.arn, Path: p.path, DefaultVersionId: p.default_version,
    AttachmentCount: attachmentCount(ctx.store, ctx.account, p.arn), PermissionsBoundaryUsageCount: boundaryUsage(ctx.store, ctx.account, p.arn),
    IsAttachable: true, Description: detail ? p.description ?? undefined : undefined,
    CreateDate: toDate(p.created_at), UpdateDate: toDate(p.updated_at),
    Tags: detail ? tagsOrUndefined(ctx.store.tags.list(p.account_id, 'policy', p.arn)) : undefined,
  };
}

export function boundaryUsage(store: Store, account: string, arn: string): number {
  const q = (t: string) => (prepared(store.db, `SELECT count(*) AS n FROM ${t} WHERE account_id = ? AND permissions_boundary = ?`).get(account, arn) as { n: number }).n;
  return q('users') + q('roles');
}

export const versionOutput = (v: { version_id: string; document: string; created_at: string }, defaultId: string, withDoc = true) => ({
  Document: withDoc ? encodeDocument(v.document) : undefined, VersionId: v.version_id,
  IsDefaultVersion: v.version_id === defaultId, CreateDate: toDate(v.created_at),
});

const arnOf = (i: Record<string, any>) => i.PolicyArn as string;

export const managedPolicyOperations: OperationTable = {
  CreatePolicy: {
    action: 'iam:CreatePolicy',
    resource: (i, ctx) => policyArn(ctx.account, i.Path ?? '/', i.PolicyName),
    handle(i, ctx) {
      const tags = checkTags(i.Tags);
      checkPolicyDocument(i.PolicyDocument, 'identity');
      checkManagedPolicySize(i.PolicyDocument);
      const path = i.Path ?? '/';
      const arn = policyArn(ctx.account, path, i.PolicyName);
      if (ctx.store.policies.byName(ctx.account, i.PolicyName) || ctx.store.policies.get(arn))
        throw entityAlreadyExists(`A policy called ${i.PolicyName} already exists. Duplicate names are not allowed.`);
      const now = ctx.clock.now().toISOString();
      const row: PolicyRow = {
        arn, account_id: ctx.account, name: i.PolicyName, id: newUniqueId('ANPA'), path, description: i.Description ?? null,
        default_version: 'v1', next_version: 2, created_at: now, updated_at: now,
      };
      ctx.store.policies.insert(row);
      ctx.store.policies.insertVersion({ policy_arn: arn, version_id: 'v1', document: i.PolicyDocument, created_at: now });
      ctx.store.tags.put(ctx.account, 'policy', arn, tags);
      return { Policy: policyOutput(ctx, row, true) };
    },
  },
  GetPolicy: {
    action: 'iam:GetPolicy', authorizesItself: true,
    handle(i, ctx) {
      authorizePolicyRead(ctx, 'iam:GetPolicy', i.PolicyArn);
      return { Policy: policyOutput(ctx, requirePolicy(ctx, i.PolicyArn), true) };
    },
  },
  ListPolicies: {
    action: 'iam:ListPolicies',
    resource: (_i, ctx) => `arn:aws:iam::${ctx.account}:policy/`,
    handle(i, ctx) {
      const page = paginate(listedPolicies(ctx, i), i);
      return { Policies: page.items.map((p) => policyOutput(ctx, p, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
    },
  },
  DeletePolicy: {
    action: 'iam:DeletePolicy', resource: arnOf,
    handle(i, ctx) {
      const p = requireOwnPolicy(ctx, i.PolicyArn, 'iam:DeletePolicy');
      if (ctx.store.attachments.count(p.arn) > 0) throw deleteConflict('Cannot delete a policy attached to entities.');
      if (ctx.store.policies.versions(p.arn).length > 1)
        throw deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
      ctx.store.tags.clear(ctx.account, 'policy', p.arn);
      ctx.store.policies.delete(p.arn);
    },
  },
  CreatePolicyVersion: {
    action: 'iam:CreatePolicyVersion', resource: arnOf,
    handle(i, ctx) {
      const p = requireOwnPolicy(ctx, i.PolicyArn, 'iam:CreatePolicyVersion');
      checkPolicyDocument(i.PolicyDocument, 'identity');
      checkManagedPolicySize(i.PolicyDocument);
      if (ctx.store.policies.versions(p.arn).length >= MAX_VERSIONS)
        throw limitExceeded(`A managed policy can have up to ${MAX_VERSIONS} versions. Before you create a new version, you must delete an existing version.`);
      const now = ctx.clock.now().toISOString();
      const v = { policy_arn: p.arn, version_id: `v${p.next_version}`, document: i.PolicyDocument, created_at: now };
      ctx.store.policies.insertVersion(v);
      ctx.store.policies.bumpNextVersion(p.arn);
      const makeDefault = i.SetAsDefault === true;
      if (makeDefault) ctx.store.policies.setDefault(p.arn, v.version_id, now);
      return { PolicyVersion: versionOutput(v, makeDefault ? v.version_id : p.default_version, false) };
    },
  },
  GetPolicyVersion: {
    action: 'iam:GetPolicyVersion', authorizesItself: true,
    handle(i, ctx) {
      authorizePolicyRead(ctx, 'iam:GetPolicyVersion', i.PolicyArn);
      const p = requirePolicy(ctx, i.PolicyArn);
      const v = ctx.store.policies.version(p.arn, i.VersionId);
      if (!v) throw noSuchEntity(`Policy ${p.arn} version ${i.VersionId} does not exist or is not attachable.`);
      return { PolicyVersion: versionOutput(v, p.default_version) };
    },
  },
  ListPolicyVersions: {
    action: 'iam:ListPolicyVersions', authorizesItself: true,
    handle(i, ctx) {
      authorizePolicyRead(ctx, 'iam:ListPolicyVersions', i.PolicyArn);
      const p = requirePolicy(ctx, i.PolicyArn);
      const page = paginate(ctx.store.policies.versions(p.arn), i);
      return { Versions: page.items.map((v) => versionOutput(v, p.default_version, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
    },
  },
  DeletePolicyVersion: {
    action: 'iam:DeletePolicyVersion', resource: arnOf,
    handle(i, ctx) {
      const p = requireOwnPolicy(ctx, i.PolicyArn, 'iam:DeletePolicyVersion');
      if (!ctx.store.policies.version(p.arn, i.VersionId))
        throw noSuchEntity(`Policy ${p.arn} version ${i.VersionId} does not exist or is not attachable.`);
      if (p.default_version === i.VersionId) throw deleteConflict('Cannot delete the default version of a policy.');
      ctx.store.policies.deleteVersion(p.arn, i.VersionId);
    },
  },
  SetDefaultPolicyVersion: {
    action: 'iam:SetDefaultPolicyVersion', resource: arnOf,
    handle(i, ctx) {
      const p = requireOwnPolicy(ctx, i.PolicyArn, 'iam:SetDefaultPolicyVersion');
      if (!ctx.store.policies.version(p.arn, i.VersionId))
        throw noSuchEntity(`Policy ${p.arn} version ${i.VersionId} does not exist or is not attachable.`);
      ctx.store.policies.setDefault(p.arn, i.VersionId, ctx.clock.now().toISOString());
    },
  },
  ...tagOperations({ entity: 'Policy', kind: 'policy', resource: arnOf, owner: (i, ctx, action) => requireOwnPolicy(ctx, i.PolicyArn, action).arn }),
};


/**
 * ListPolicies' filters (IAM API Reference, ListPolicies): Scope picks AWS
 * managed, local or all policies; OnlyAttached keeps those in use in this
 * account, as permissions policy or boundary as PolicyUsageFilter says.
 */
function listedPolicies(ctx: RequestContext, i: Record<string, any>): PolicyRow[] {
  const scope: string = i.Scope ?? 'All';
  const prefix: string = i.PathPrefix ?? '/';
  const local = scope === 'AWS' ? [] : ctx.store.policies.list(ctx.account, prefix);
  const aws = scope === 'Local' ? [] : builtInPolicies().map((b) => b.row).filter((p) => p.path.startsWith(prefix));
  let rows = [...local, ...aws].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  if (i.OnlyAttached === true) {
    const asPolicy = (p: PolicyRow) => attachmentCount(ctx.store, ctx.account, p.arn) > 0;
    const asBoundary = (p: PolicyRow) => boundaryUsage(ctx.store, ctx.account, p.arn) > 0;
    rows = rows.filter(i.PolicyUsageFilter === 'PermissionsPolicy' ? asPolicy
      : i.PolicyUsageFilter === 'PermissionsBoundary' ? asBoundary : (p) => asPolicy(p) || asBoundary(p));
  }
  return rows;
}
