/**
 * AssumeRoleWithSAML (STS API Reference): an unsigned request whose SAML
 * Response, signed by the IdP that the IAM SAML provider (PrincipalArn)
 * describes, names the role among its Role attribute's pairs. The role's
 * trust policy names the provider as its Federated principal and sees the
 * assertion as saml:* keys ("Available keys for SAML-based AWS STS
 * federation"); session tags, transitive keys and the source identity come
 * from the assertion's attributes ("Configure SAML assertions for the
 * authentication response", "Passing session tags using AssumeRoleWithSAML").
 */
import { createHash } from 'node:crypto';
import { AwsError, accessDenied } from '../../core/aws-error.js';
import { assumedRoleArn, parseArn } from '../../core/arn.js';
import type { RequestContext } from '../operation.js';
import type { Principal } from '../principal.js';
import { samlProviderFor } from '../iam/public.js';
import { issueSession, jsonColumn } from './sessions.js';
import { checkDuration, roleNameOf, targetRole } from './assume-role.js';
import { packedPolicySize, sessionPolicyInput, sessionTags, tagContext } from './session-input.js';
import type { SamlAssertion } from './saml/assertion.js';
import { samlConditionKeys } from './saml/condition-keys.js';

const invalidSaml = (message: string) => new AwsError('InvalidIdentityToken', message, 400);

const ATTR = 'https://aws.amazon.com/SAML/Attributes/';
const SESSION_NAME = /^[a-zA-Z_0-9+=,.@-]{2,64}$/;
/** "Console session duration": 900 to 43,200 seconds. It sets the console session only, not the API credentials' lifetime. */
const CONSOLE_SESSION = { min: 900, max: 43200 };

/**
 * The sign-in endpoint forms AWS accepts ("Configure your SAML 2.0 IdP with
 * relying party trust", "Configure SAML assertions"): the global
 * https://signin.aws.amazon.com/saml, a regional
 * https://REGION.signin.aws.amazon.com/saml, either with /acs/IDP-ID (the
 * provider's SAMLProviderUUID, used with encrypted assertions); the
 * audience may also be urn:amazon:webservices.
 */
function isSignInEndpoint(url: string, providerUuid: string): boolean {
  const m = /^https:\/\/(?:([a-z]{2}(?:-[a-z]+)+-\d+)\.)?signin\.aws\.amazon\.com\/saml(\/acs\/([^/]+))?$/.exec(url);
  return !!m && (m[3] === undefined || m[3] === providerUuid);
}
const isAwsAudience = (a: string, uuid: string) => a === 'urn:amazon:webservices' || isSignInEndpoint(a, uuid);

/** NameQualifier: BASE64(SHA1(issuer + account id + "/" + provider name)) (AssumeRoleWithSAML response). */
export const nameQualifier = (issuer: string, account: string, providerName: string) =>
  createHash('sha1').update(`${issuer}${account}/${providerName}`, 'utf8').digest('base64');

/** The format without urn:oasis:names:tc:SAML:2.0:nameid-format: (SubjectType, saml:sub_type). */
const subjectType = (format: string | undefined) =>
  (format ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified').replace(/^urn:oasis:names:tc:SAML:2\.0:nameid-format:/, '');

function single(a: SamlAssertion, name: string): string | undefined {
  const values = a.attributes.get(ATTR + name);
  return values && values.length > 0 ? values[0] : undefined;
}

/** Whether the Role attribute pairs RoleArn with PrincipalArn, in either order. */
function roleOffered(a: SamlAssertion, roleArn: string, providerArn: string): boolean {
  return (a.attributes.get(`${ATTR}Role`) ?? []).some((v) => {
    const parts = v.split(',').map((s) => s.trim());
    return parts.length === 2 && ((parts[0] === roleArn && parts[1] === providerArn) || (parts[1] === roleArn && parts[0] === providerArn));
  });
}

/** Session tags from PrincipalTag:KEY attributes and the TransitiveTagKeys attribute, in AssumeRole's input shape. */
function tagInput(a: SamlAssertion): { Tags: Array<{ Key: string; Value: string }>; TransitiveTagKeys: string[] } {
  const Tags: Array<{ Key: string; Value: string }> = [];
  for (const [name, values] of a.attributes) {
    if (name.startsWith(`${ATTR}PrincipalTag:`)) Tags.push({ Key: name.slice(`${ATTR}PrincipalTag:`.length), Value: values[0] ?? '' });
  }
  return { Tags, TransitiveTagKeys: a.attributes.get(`${ATTR}TransitiveTagKeys`) ?? [] };
}

interface VerifiedSaml { assertion: SamlAssertion; providerArn: string; providerAccount: string; providerName: string }

/**
 * Runs before the request's transaction: the XML signature check is the
 * costly part, and its libraries (node-saml, xml-crypto, xmldom) load only
 * when the first SAML request comes, not with every server. Leaves the
 * verified assertion on the input.
 */
export async function verifySamlAssertion(i: Record<string, any>, ctx: RequestContext): Promise<void> {
  const providerArn = String(i.PrincipalArn);
  const provider = parseArn(providerArn);
  const providerName = provider?.service === 'iam' ? /^saml-provider\/([\w.@-]+)$/.exec(provider.resource)?.[1] : undefined;
  const roleArn = parseArn(i.RoleArn);
  if (!provider || !providerName || !/^\d{12}$/.test(provider.account)) throw new AwsError('ValidationError', `${providerArn} is invalid`, 400);
  if (!roleArn || roleArn.service !== 'iam' || !roleNameOf(roleArn.resource)) throw new AwsError('ValidationError', `${i.RoleArn} is invalid`, 400);
  const [{ readIdpMetadata }, { verifySamlResponse }] = await Promise.all([import('./saml/metadata.js'), import('./saml/assertion.js')]);
  const row = samlProviderFor(ctx.store, provider.account, providerArn);
  const metadata = row ? readIdpMetadata(row.metadata) : undefined;
  if (!row || !metadata) throw invalidSaml(`Specified provider doesn't exist: ${providerArn}`);
  const now = ctx.clock.now();
  if (Date.parse(row.valid_until) <= now.getTime()) throw new AwsError('ExpiredTokenException', `The SAML provider ${providerArn} is past its ValidUntil date.`, 400);

  const a = verifySamlResponse(i.SAMLAssertion, metadata.certificates, now);
  if (a.issuer !== metadata.entityId) throw invalidSaml('Issuer not present in specified provider');
  if (!a.audiences.some((x) => isAwsAudience(x, row.uuid))) throw invalidSaml('Response does not contain the required audience.');
  if (!isSignInEndpoint(a.recipient, row.uuid)) throw invalidSaml(`The SubjectConfirmationData Recipient ${a.recipient} is not an AWS sign-in endpoint.`);
  i.__saml = { assertion: a, providerArn, providerAccount: provider.account, providerName } satisfies VerifiedSaml;
}

export function assumeRoleWithSaml(i: Record<string, any>, ctx: RequestContext) {
  const verified = i.__saml as VerifiedSaml | undefined;
  if (!verified) throw invalidSaml('Invalid SAML response');
  const { assertion: a, providerArn, providerAccount, providerName } = verified;
  const now = ctx.clock.now();
  if (!roleOffered(a, i.RoleArn, providerArn)) throw accessDenied('Not authorized to perform sts:AssumeRoleWithSAML');

  const sessionName = single(a, 'RoleSessionName');
  if (sessionName === undefined) throw invalidSaml('RoleSessionName is required in AuthnResponse');
  if (!SESSION_NAME.test(sessionName)) throw invalidSaml('RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}');
  const sourceIdentity = single(a, 'SourceIdentity');
  if (sourceIdentity !== undefined && (!SESSION_NAME.test(sourceIdentity) || /^aws:/i.test(sourceIdentity)))
    throw invalidSaml('Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"');
  const consoleSeconds = single(a, 'SessionDuration');
  if (consoleSeconds !== undefined && (!/^\d+$/.test(consoleSeconds) || +consoleSeconds < CONSOLE_SESSION.min || +consoleSeconds > CONSOLE_SESSION.max))
    throw invalidSaml(`SessionDuration in AuthnResponse must be between ${CONSOLE_SESSION.min} and ${CONSOLE_SESSION.max} seconds`);

  const { role, trust } = targetRole(ctx, i.RoleArn, 'sts:AssumeRoleWithSAML', providerArn);
  const requestedTags = tagInput(a);
  const nobody: Principal = { type: 'Anonymous', account: '', arn: providerArn, userId: providerArn, accessKeyId: '' };
  const tags = sessionTags(requestedTags, nobody);
  const qualifier = nameQualifier(a.issuer, providerAccount, providerName);
  const context: Record<string, string | string[] | undefined> = {
    ...samlConditionKeys(a.attributes),
    'saml:aud': a.recipient,
    'saml:iss': a.issuer,
    'saml:sub': a.subject,
    'saml:sub_type': subjectType(a.subjectFormat),
    'saml:namequalifier': qualifier,
    'saml:doc': `${providerAccount}/${providerName}`,
    'sts:RoleSessionName': sessionName,
    'sts:SourceIdentity': sourceIdentity,
    'aws:FederatedProvider': providerArn,
    ...tagContext(tags, requestedTags),
  };
  const judge = { type: 'Anonymous' as const, arn: providerArn, account: '', federated: providerArn };
  const check = (action: string) => {
    try {
      ctx.authorize(action, role.arn, { resourcePolicy: trust, resourceAccount: role.account_id, context, principal: judge });
    } catch (e) {
      throw new AwsError('AccessDenied', `Not authorized to perform ${action}`, 403, (e as AwsError).extra);
    }
  };
  check('sts:AssumeRoleWithSAML');
  if (tags.any) check('sts:TagSession');
  if (sourceIdentity !== undefined) check('sts:SetSourceIdentity');

  const requested = i.DurationSeconds ?? 3600;
  checkDuration(requested, role, false);
  // "Your role session lasts for the duration that you specify, or until the time specified in the SAML
  // authentication response's SessionNotOnOrAfter value, whichever is shorter."
  const untilSessionEnd = a.sessionNotOnOrAfter ? Math.floor((a.sessionNotOnOrAfter.getTime() - now.getTime()) / 1000) : Infinity;
  if (untilSessionEnd <= 0) throw new AwsError('ExpiredTokenException', 'Token expired: the SAML assertion\'s SessionNotOnOrAfter has passed.', 400);
  const seconds = Math.min(requested, untilSessionEnd);
  const policies = sessionPolicyInput(i, ctx);
  const packed = i.Policy !== undefined || i.PolicyArns !== undefined || tags.any ? packedPolicySize(policies, tags.tags) : undefined;

  const creds = issueSession(ctx, role.account_id, seconds, {
    kind: 'role', role_name: role.name, role_id: role.id, role_arn: role.arn, session_name: sessionName,
    source_identity: sourceIdentity ?? null, policy: policies.policy ?? null, policy_arns: jsonColumn(policies.policyArns),
    tags: Object.keys(tags.tags).length > 0 ? JSON.stringify(tags.tags) : null, transitive_tag_keys: tags.transitive.length > 0 ? JSON.stringify(tags.transitive) : null,
    web_identity: JSON.stringify({ provider: providerArn, sub: a.subject, iss: a.issuer }),
  });
  ctx.store.roles.update(role.account_id, role.name, { last_used_at: now.toISOString(), last_used_region: ctx.region });
  return {
    Credentials: creds,
    AssumedRoleUser: { AssumedRoleId: `${role.id}:${sessionName}`, Arn: assumedRoleArn(role.account_id, role.name, sessionName) },
    PackedPolicySize: packed,
    Subject: a.subject,
    SubjectType: subjectType(a.subjectFormat),
    Issuer: a.issuer,
    Audience: a.recipient,
    NameQualifier: qualifier,
    SourceIdentity: sourceIdentity,
  };
}
