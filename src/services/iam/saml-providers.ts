/**
 * SAML 2.0 identity providers: the IdP metadata STS's AssumeRoleWithSAML
 * trusts. The document must be XML whose root is an EntityDescriptor.
 */
import { randomUUID } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AwsError, entityAlreadyExists, limitExceeded, noSuchEntity } from '../../core/aws-error.js';
import { iamArn } from '../../core/arn.js';
import type { OperationTable, RequestContext } from '../operation.js';
import type { SamlProviderRow } from '../../store/saml-providers.js';
import { toDate } from './names.js';
import { checkTags, tagsOrUndefined, tagOperations } from './tags.js';

/** "IAM and AWS STS quotas": 100 SAML providers per account. */
const MAX_PROVIDERS = 100;
/** Without a validUntil in the metadata, IAM sets one 100 years after creation (seen in real providers' ValidUntil). */
const DEFAULT_VALIDITY_YEARS = 100;

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, parseTagValue: false });

/** The metadata's validUntil, if any; throws InvalidInput unless the document is an EntityDescriptor. */
function readMetadata(xml: string): { validUntil?: string } {
  const invalid = () => new AwsError('InvalidInput', 'Could not parse metadata', 400);
  // DOCTYPE is refused outright, so entity expansion never reaches the parser (as S3 does).
  if (/<!DOCTYPE/i.test(xml) || XMLValidator.validate(xml) !== true) throw invalid();
  const doc = parser.parse(xml) as Record<string, any>;
  const root = doc.EntityDescriptor;
  if (!root || typeof root !== 'object') throw invalid();
  const until = root['@validUntil'];
  if (until !== undefined && Number.isNaN(Date.parse(until))) throw invalid();
  return { validUntil: until !== undefined ? new Date(until).toISOString() : undefined };
}

export const samlProviderArn = (account: string, name: string) => iamArn(account, `saml-provider/${name}`);

function requireSamlProvider(ctx: RequestContext, arn: string): SamlProviderRow {
  const p = ctx.store.samlProviders.get(arn);
  if (!p || p.account_id !== ctx.account) throw noSuchEntity(`Manifest not found for arn ${arn}`);
  return p;
}

function validUntil(metadata: { validUntil?: string }, now: Date): string {
  if (metadata.validUntil) return metadata.validUntil;
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() + DEFAULT_VALIDITY_YEARS);
  return d.toISOString();
}

const arnOf = (i: Record<string, any>) => i.SAMLProviderArn as string;

export const samlProviderOperations: OperationTable = {
  CreateSAMLProvider: {
    action: 'iam:CreateSAMLProvider',
    resource: (i, ctx) => samlProviderArn(ctx.account, i.Name),
    handle(i, ctx) {
      const tags = checkTags(i.Tags);
      const metadata = readMetadata(i.SAMLMetadataDocument);
      const arn = samlProviderArn(ctx.account, i.Name);
      if (ctx.store.samlProviders.get(arn)) throw entityAlreadyExists(`Provider with name ${i.Name} already exists.`);
      if (ctx.store.samlProviders.list(ctx.account).length >= MAX_PROVIDERS) throw limitExceeded(`Cannot exceed quota for SamlProvidersPerAccount: ${MAX_PROVIDERS}`);
      const now = ctx.clock.now();
      ctx.store.samlProviders.insert({
        arn, account_id: ctx.account, name: i.Name, uuid: randomUUID(), metadata: i.SAMLMetadataDocument,
        created_at: now.toISOString(), valid_until: validUntil(metadata, now),
      });
      ctx.store.tags.put(ctx.account, 'saml-provider', arn, tags);
      return { SAMLProviderArn: arn, Tags: tagsOrUndefined(tags) };
    },
  },
  GetSAMLProvider: {
    action: 'iam:GetSAMLProvider', resource: arnOf,
    handle(i, ctx) {
      const p = requireSamlProvider(ctx, i.SAMLProviderArn);
      return {
        SAMLProviderUUID: p.uuid, SAMLMetadataDocument: p.metadata, CreateDate: toDate(p.created_at), ValidUntil: toDate(p.valid_until),
        Tags: tagsOrUndefined(ctx.store.tags.list(ctx.account, 'saml-provider', p.arn)),
      };
    },
  },
  ListSAMLProviders: {
    action: 'iam:ListSAMLProviders',
    handle: (_i, ctx) => ({
      SAMLProviderList: ctx.store.samlProviders.list(ctx.account).map((p) => ({ Arn: p.arn, ValidUntil: toDate(p.valid_until), CreateDate: toDate(p.created_at) })),
    }),
  },
  UpdateSAMLProvider: {
    action: 'iam:UpdateSAMLProvider', resource: arnOf,
    handle(i, ctx) {
      const p = requireSamlProvider(ctx, i.SAMLProviderArn);
      if (i.SAMLMetadataDocument !== undefined) {
        const metadata = readMetadata(i.SAMLMetadataDocument);
        ctx.store.samlProviders.update(p.arn, i.SAMLMetadataDocument, validUntil(metadata, ctx.clock.now()));
      }
      return { SAMLProviderArn: p.arn };
    },
  },
  DeleteSAMLProvider: {
    action: 'iam:DeleteSAMLProvider', resource: arnOf,
    handle(i, ctx) {
      const p = requireSamlProvider(ctx, i.SAMLProviderArn);
      ctx.store.tags.clear(ctx.account, 'saml-provider', p.arn);
      ctx.store.samlProviders.delete(p.arn);
    },
  },
  ...tagOperations({ entity: 'SAMLProvider', kind: 'saml-provider', resource: arnOf, owner: (i, ctx) => requireSamlProvider(ctx, i.SAMLProviderArn).arn }),
};
