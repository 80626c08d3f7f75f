/**
 * AssumeRoleWithWebIdentity (STS API Reference) against an OIDC provider
 * registered in IAM: the token is a JWT verified with `jose` (signature by
 * the issuer's JWKS, iss, aud in the provider's client ids, exp, nbf); the
 * role's trust policy names the provider as its Federated principal and sees
 * the token's claims as PROVIDER:sub, PROVIDER:aud, PROVIDER:amr
 * ("Available keys for AWS OIDC federation").
 *
 * Keys come from a JWKS file configured for the issuer (`serve --oidc-jwks
 * ISSUER=PATH`), or, for an issuer on loopback only (127.0.0.0/8, ::1,
 * localhost), from its /.well-known/openid-configuration → jwks_uri, fetched
 * over plain HTTP since loopback traffic never leaves the machine. No other
 * address is ever fetched.
 */
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { AwsError } from '../../core/aws-error.js';
import { assumedRoleArn } from '../../core/arn.js';
import type { RequestContext } from '../operation.js';
import { oidcProviderFor } from '../iam/public.js';
import { issueSession, jsonColumn, noteRoleUse } from './sessions.js';
import { checkDuration, targetRole } from './assume-role.js';
import { packedPolicySize, sessionPolicyInput, sessionTags, tagContext } from './session-input.js';
import type { Principal } from '../principal.js';

const invalidToken = (message: string) => new AwsError('InvalidIdentityToken', message, 400);
const FETCH_TIMEOUT_MS = 5000;

/** Issuer URLs (https://host/path) → JWKS file paths, set by `serve --oidc-jwks`. */
const configuredJwks = new Map<string, string>();
export function configureOidcJwks(files: Record<string, string>): void {
  for (const [issuer, path] of Object.entries(files)) configuredJwks.set(issuer.replace(/\/+$/, ''), path);
}

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** A loopback URL to fetch over HTTP, or undefined for any other address. */
function loopbackUrl(url: string): URL | undefined {
  let u: URL;
  try { u = new URL(url); } catch { return undefined; }
  if (!isLoopbackHost(u.hostname) || (u.protocol !== 'https:' && u.protocol !== 'http:')) return undefined;
  u.protocol = 'http:';
  return u;
}

async function fetchJson(u: URL): Promise<unknown> {
  // Redirects could lead off loopback: refuse them.
  const res = await fetch(u, { redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`${u} answered ${res.status}`);
  return res.json();
}

async function jwksFor(issuer: string): Promise<JSONWebKeySet> {
  const file = configuredJwks.get(issuer.replace(/\/+$/, ''));
  try {
    if (file) return JSON.parse(readFileSync(file, 'utf8')) as JSONWebKeySet;
    const discovery = loopbackUrl(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
    if (!discovery) throw new Error('not on loopback and no JWKS file configured');
    const config = await fetchJson(discovery) as { jwks_uri?: string };
    const jwksUri = config.jwks_uri ? loopbackUrl(config.jwks_uri) : undefined;
    if (!jwksUri) throw new Error('jwks_uri missing or not on loopback');
    return await fetchJson(jwksUri) as JSONWebKeySet;
  } catch (e) {
    throw new AwsError('IDPCommunicationError', `Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements (${(e as Error).message}).`, 400);
  }
}

export interface VerifiedWebIdentity { providerArn: string; providerUrl: string; claims: JWTPayload; audience: string }

/** Runs before the request's transaction (it may fetch keys): verifies the token and leaves the result on the input. */
export async function verifyWebIdentity(i: Record<string, any>, ctx: RequestContext): Promise<void> {
  let unverified: JWTPayload;
  try { unverified = decodeJwt(i.WebIdentityToken); } catch { throw invalidToken('The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)'); }
  const iss = typeof unverified.iss === 'string' ? unverified.iss : '';
  const account = /^arn:aws:iam::(\d{12}):role\//.exec(i.RoleArn ?? '')?.[1];
  const provider = account && iss ? oidcProviderFor(ctx.store, account, iss) : undefined;
  if (!provider) throw invalidToken(`No OpenIDConnect provider found in your account for ${iss}`);
  const clientIds: string[] = provider.client_ids;
  const keys = createLocalJWKSet(await jwksFor(iss));
  try {
    const { payload } = await jwtVerify(i.WebIdentityToken, keys, { issuer: iss, currentDate: ctx.clock.now() });
    const auds = Array.isArray(payload.aud) ? payload.aud : payload.aud ? [payload.aud] : [];
    const audience = auds.find((a) => clientIds.includes(a)) ?? (typeof payload.azp === 'string' && clientIds.includes(payload.azp) ? payload.azp : undefined);
    if (!audience) throw invalidToken('Incorrect token audience');
    i.__webIdentity = { providerArn: provider.arn, providerUrl: provider.url, claims: payload, audience } satisfies VerifiedWebIdentity;
  } catch (e) {
    if (e instanceof AwsError) throw e;
    if (e instanceof joseErrors.JWTExpired) {
      throw new AwsError('ExpiredTokenException', `Token expired: current date/time ${Math.floor(ctx.clock.nowMs() / 1000)} must be before the expiration date/time ${unverified.exp}`, 400);
    }
    if (e instanceof joseErrors.JWTClaimValidationFailed) throw invalidToken(`The token's ${e.claim} claim is not valid: ${e.reason}.`);
    throw invalidToken('The signature of the ID Token could not be verified with the keys of its issuer.');
  }
}

const claimString = (v: unknown): string | string[] | undefined =>
  typeof v === 'string' ? v : Array.isArray(v) ? v.map(String) : v === undefined ? undefined : String(v);

const TAGS_CLAIM = 'https://aws.amazon.com/tags';

/**
 * Session tags from the token's https://aws.amazon.com/tags claim ("Passing
 * session tags using AssumeRoleWithWebIdentity"): principal_tags maps each
 * key to a one-value array, transitive_tag_keys lists keys of those tags.
 * Returned in AssumeRole's input shape so the same checks apply.
 */
export function webIdentityTagInput(claims: JWTPayload): { Tags: Array<{ Key: string; Value: string }>; TransitiveTagKeys: string[] } {
  const claim = claims[TAGS_CLAIM];
  if (claim === undefined) return { Tags: [], TransitiveTagKeys: [] };
  const bad = () => invalidToken(`The ${TAGS_CLAIM} claim must be an object with principal_tags (each a key and an array of one string value) and transitive_tag_keys (an array of strings).`);
  if (typeof claim !== 'object' || claim === null || Array.isArray(claim)) throw bad();
  const { principal_tags: tags = {}, transitive_tag_keys: transitive = [] } = claim as Record<string, unknown>;
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags) || !Array.isArray(transitive) || !transitive.every((k) => typeof k === 'string')) throw bad();
  const Tags = Object.entries(tags as Record<string, unknown>).map(([Key, v]) => {
    const value = Array.isArray(v) ? v : [v];
    if (value.length !== 1 || typeof value[0] !== 'string') throw bad();
    return { Key, Value: value[0] };
  });
  return { Tags, TransitiveTagKeys: transitive as string[] };
}

export function assumeRoleWithWebIdentity(i: Record<string, any>, ctx: RequestContext) {
  const web = i.__webIdentity as VerifiedWebIdentity | undefined;
  if (!web) throw invalidToken('The ID Token provided is not a valid JWT.');
  const sub = typeof web.claims.sub === 'string' ? web.claims.sub : '';
  const { role, trust } = targetRole(ctx, i.RoleArn, 'sts:AssumeRoleWithWebIdentity', web.providerArn);
  const key = web.providerUrl;
  const context: Record<string, string | string[] | undefined> = {
    'sts:RoleSessionName': i.RoleSessionName,
    [`${key}:sub`]: sub,
    [`${key}:aud`]: web.audience,
    [`${key}:oaud`]: claimString(web.claims.aud),
    [`${key}:amr`]: claimString(web.claims.amr),
    'aws:FederatedProvider': web.providerArn,
  };
  const requestedTags = webIdentityTagInput(web.claims);
  const nobody: Principal = { type: 'Anonymous', account: '', arn: web.providerArn, userId: web.providerArn, accessKeyId: '' };
  const tags = sessionTags(requestedTags, nobody);
  Object.assign(context, tagContext(tags, requestedTags));
  const principal = { type: 'Anonymous' as const, arn: web.providerArn, account: '', federated: web.providerArn };
  const check = (action: string) => {
    try {
      ctx.authorize(action, role.arn, { resourcePolicy: trust, resourceAccount: role.account_id, context, principal });
    } catch (e) {
      throw new AwsError('AccessDenied', `Not authorized to perform ${action}`, 403, (e as AwsError).extra);
    }
  };
  check('sts:AssumeRoleWithWebIdentity');
  // Tags in the token need sts:TagSession in the trust policy as well.
  if (tags.any) check('sts:TagSession');
  const seconds = i.DurationSeconds ?? 3600;
  checkDuration(seconds, role, false);
  const policies = sessionPolicyInput(i, ctx);
  const packed = i.Policy !== undefined || i.PolicyArns !== undefined || tags.any ? packedPolicySize(policies, tags.tags) : undefined;
  const creds = issueSession(ctx, role.account_id, seconds, {
    kind: 'role', role_name: role.name, role_id: role.id, role_arn: role.arn, session_name: i.RoleSessionName,
    policy: policies.policy ?? null, policy_arns: jsonColumn(policies.policyArns),
    tags: Object.keys(tags.tags).length > 0 ? JSON.stringify(tags.tags) : null, transitive_tag_keys: tags.transitive.length > 0 ? JSON.stringify(tags.transitive) : null,
    web_identity: JSON.stringify({ provider: web.providerArn, sub, aud: web.audience }),
  });
  noteRoleUse(ctx, role);
  return {
    Credentials: creds,
    SubjectFromWebIdentityToken: sub,
    AssumedRoleUser: { AssumedRoleId: `${role.id}:${i.RoleSessionName}`, Arn: assumedRoleArn(role.account_id, role.name, i.RoleSessionName) },
    Provider: web.claims.iss,
    Audience: web.audience,
    PackedPolicySize: packed,
  };
}
