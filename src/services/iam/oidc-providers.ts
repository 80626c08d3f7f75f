/**
 * OpenID Connect identity providers: the issuers whose tokens STS's
 * AssumeRoleWithWebIdentity accepts, with their audiences (client ids) and
 * certificate thumbprints. IAM keys them by URL, shown without https://.
 */
import { AwsError, entityAlreadyExists, limitExceeded, noSuchEntity, validationError } from '../../core/aws-error.js';
import { iamArn } from '../../core/arn.js';
import type { OperationTable, RequestContext } from '../operation.js';
import type { OidcProviderRow } from '../../store/oidc-providers.js';
import { toDate } from './names.js';
import { checkTags, tagsOrUndefined, tagOperations } from './tags.js';

/** "IAM and AWS STS quotas": 100 providers per account, 100 client ids and 5 thumbprints per provider. */
const MAX_PROVIDERS = 100;
const MAX_CLIENT_IDS = 100;
const MAX_THUMBPRINTS = 5;

/** https://host/path → host/path, the form in the provider's ARN and in GetOpenIDConnectProvider's Url. */
export function oidcUrlKey(url: string): string | undefined {
  const m = /^https:\/\/([^/?#\s]+(?:\/[^?#\s]*)?)$/i.exec(url);
  return m ? m[1] : undefined;
}

export const oidcProviderArn = (account: string, url: string) => iamArn(account, `oidc-provider/${oidcUrlKey(url) ?? url}`);

export function requireOidcProvider(ctx: RequestContext, arn: string): OidcProviderRow {
  const p = ctx.store.oidcProviders.get(arn);
  if (!p || p.account_id !== ctx.account) throw noSuchEntity(`OpenIDConnect Provider not found for arn ${arn}`);
  return p;
}

function checkThumbprints(list: string[] | undefined): string[] {
  if (!list) return [];
  if (list.length > MAX_THUMBPRINTS) throw new AwsError('InvalidInput', `Thumbprint list must contain fewer than ${MAX_THUMBPRINTS} entries.`, 400);
  // A thumbprint is the 40 hex digits of a certificate's SHA-1 (API Reference: fixed length of 40).
  if (list.some((t) => typeof t !== 'string' || t.length !== 40))
    throw validationError(`1 validation error detected: Value '[${list.join(', ')}]' at 'thumbprintList' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 40, Member must have length greater than or equal to 40]`);
  return list;
}

function checkClientIds(list: string[]): string[] {
  if (list.length > MAX_CLIENT_IDS) throw limitExceeded(`Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${MAX_CLIENT_IDS}`);
  return list;
}

const arnOf = (i: Record<string, any>) => i.OpenIDConnectProviderArn as string;

export const oidcProviderOperations: OperationTable = {
  CreateOpenIDConnectProvider: {
    action: 'iam:CreateOpenIDConnectProvider',
    resource: (i, ctx) => oidcProviderArn(ctx.account, i.Url),
    handle(i, ctx) {
      const key = oidcUrlKey(i.Url);
      if (!key) throw validationError('Invalid Open ID Connect Provider URL');
      const tags = checkTags(i.Tags);
      const clientIds = checkClientIds([...new Set<string>(i.ClientIDList ?? [])]);
      // Thumbprints are optional since July 2024 (IAM API Reference, CreateOpenIDConnectProvider): AWS then
      // trusts the issuer's CA itself. Gatehouse makes no outbound calls, so it records none.
      const thumbprints = checkThumbprints(i.ThumbprintList);
      const arn = iamArn(ctx.account, `oidc-provider/${key}`);
      if (ctx.store.oidcProviders.get(arn)) throw entityAlreadyExists(`Provider with url ${i.Url} already exists.`);
      if (ctx.store.oidcProviders.list(ctx.account).length >= MAX_PROVIDERS)
        throw limitExceeded(`Cannot exceed quota for OpenIdConnectProvidersPerAccount: ${MAX_PROVIDERS}`);
      ctx.store.oidcProviders.insert({ arn, account_id: ctx.account, url: key, client_ids: clientIds, thumbprints, created_at: ctx.clock.now().toISOString() });
      ctx.store.tags.put(ctx.account, 'oidc-provider', arn, tags);
      return { OpenIDConnectProviderArn: arn, Tags: tagsOrUndefined(tags) };
    },
  },
  GetOpenIDConnectProvider: {
    action: 'iam:GetOpenIDConnectProvider', resource: arnOf,
    handle(i, ctx) {
      const p = requireOidcProvider(ctx, i.OpenIDConnectProviderArn);
      return {
        Url: p.url, ClientIDList: p.client_ids, ThumbprintList: p.thumbprints, CreateDate: toDate(p.created_at),
        Tags: tagsOrUndefined(ctx.store.tags.list(ctx.account, 'oidc-provider', p.arn)),
      };
    },
  },
  ListOpenIDConnectProviders: {
    action: 'iam:ListOpenIDConnectProviders',
    handle: (_i, ctx) => ({ OpenIDConnectProviderList: ctx.store.oidcProviders.list(ctx.account).map((p) => ({ Arn: p.arn })) }),
  },
  DeleteOpenIDConnectProvider: {
    action: 'iam:DeleteOpenIDConnectProvider', resource: arnOf,
    handle(i, ctx) {
      const p = requireOidcProvider(ctx, i.OpenIDConnectProviderArn);
      ctx.store.tags.clear(ctx.account, 'oidc-provider', p.arn);
      ctx.store.oidcProviders.delete(p.arn);
    },
  },
  // Adding a present client id or removing an absent one succeeds: both operations are idempotent (API Reference).
  AddClientIDToOpenIDConnectProvider: {
    action: 'iam:AddClientIDToOpenIDConnectProvider', resource: arnOf,
    handle(i, ctx) {
      const p = requireOidcProvider(ctx, i.OpenIDConnectProviderArn);
      if (!p.client_ids.includes(i.ClientID)) ctx.store.oidcProviders.update(p.arn, { client_ids: checkClientIds([...p.client_ids, i.ClientID]) });
    },
  },
  RemoveClientIDFromOpenIDConnectProvider: {
    action: 'iam:RemoveClientIDFromOpenIDConnectProvider', resource: arnOf,
    handle(i, ctx) {
      const p = requireOidcProvider(ctx, i.OpenIDConnectProviderArn);
      ctx.store.oidcProviders.update(p.arn, { client_ids: p.client_ids.filter((c) => c !== i.ClientID) });
    },
  },
  UpdateOpenIDConnectProviderThumbprint: {
    action: 'iam:UpdateOpenIDConnectProviderThumbprint', resource: arnOf,
    handle(i, ctx) {
      const p = requireOidcProvider(ctx, i.OpenIDConnectProviderArn);
      ctx.store.oidcProviders.update(p.arn, { thumbprints: checkThumbprints(i.ThumbprintList) });
    },
  },
  ...tagOperations({ entity: 'OpenIDConnectProvider', kind: 'oidc-provider', resource: arnOf, owner: (i, ctx) => requireOidcProvider(ctx, i.OpenIDConnectProviderArn).arn }),
};
