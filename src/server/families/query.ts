/**
 * The Query family (IAM, STS): `Action=…` form parameters in the body or the
 * URL, XML answers and errors carrying x-amzn-RequestId. Unsigned requests are
 * refused, but for the few operations whose token is the credential
 * (AssumeRoleWithWebIdentity, AssumeRoleWithSAML).
 */
import type { IncomingMessage } from 'node:http';
import { AwsError } from '../../core/aws-error.js';
import { getOperation } from '../../protocol/models.js';
import { decodeQueryInput, encodeQueryError, encodeQueryResponse, parseQueryString } from '../../protocol/query/index.js';
import type { VerifiedRequest } from '../../auth/sigv4/index.js';
import { SERVICES } from '../../services/registry.js';
import { validateInput } from '../../services/validate-input.js';
import type { Principal } from '../../services/principal.js';
import type { Limits } from '../limits.js';
import type { Target } from '../steps/route.js';
import { implemented, upTo, type Decoded, type OperationFamily, type WireResponse } from './family.js';

type QueryService = 'iam' | 'sts';
interface QueryRequest { service: QueryService; url: string }

const QUERY_TARGETS: Record<QueryService, Target> = { iam: { family: 'query', service: 'iam' }, sts: { family: 'query', service: 'sts' } };

/** Signed Query requests name IAM or STS in their credential scope. */
export function querySigned(service: string): Target | undefined {
  return service === 'iam' || service === 'sts' ? QUERY_TARGETS[service] : undefined;
}

/** An unsigned Query call: IAM and STS both demand a signature (but for STS's token operations), so STS it is. */
export function queryUnsigned(method: string, url: string, headers: IncomingMessage['headers']): Target | undefined {
  if (/[?&]Action=/.test(url)) return QUERY_TARGETS.sts;
  if (method !== 'POST' || !String(headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return undefined;
  // A form POST to a virtual-hosted S3 bucket stays S3's.
  return /^[a-z0-9.-]+\.s3\./.test(String(headers.host ?? '')) ? undefined : QUERY_TARGETS.sts;
}

function actionOf(url: string, body: Buffer | undefined): string | undefined {
  const q = url.indexOf('?');
  for (const form of [q >= 0 ? url.slice(q + 1) : '', body?.toString('utf8') ?? '']) {
    const m = /(?:^|&)Action=([^&]*)/.exec(form);
    if (m) return decodeURIComponent(m[1].replace(/\+/g, ' '));
  }
  return undefined;
}

/** The caller of an unsigned query request: nobody, until its token says otherwise. */
function anonymousQueryCaller(): { principal: Principal; verified: VerifiedRequest } {
  return {
    principal: { type: 'Anonymous', account: '', arn: 'anonymous', userId: 'anonymous', accessKeyId: '' },
    verified: { accessKeyId: '', region: 'us-east-1', service: 'sts', signedHeaders: [], payload: 'unsigned', presigned: false, signingDate: new Date(0), seedSignature: '' } as VerifiedRequest,
  };
}

export const missingAuthenticationToken = () => new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);

function decodeQuery(service: QueryService, url: string, body: Buffer): Decoded {
  const q = url.indexOf('?');
  const params = parseQueryString(body.toString('utf8'));
  if (q >= 0) for (const [k, v] of parseQueryString(url.slice(q + 1))) if (!params.has(k)) params.set(k, v);
  const action = params.get('Action');
  if (!action) throw new AwsError('MissingAction', 'Missing Action', 400);
  const model = getOperation(service, action);
  if (!model) throw new AwsError('InvalidAction', `Could not find operation ${action} for version ${service === 'iam' ? '2010-05-08' : '2011-06-15'}`, 400);
  const def = implemented(service, model);
  const input = decodeQueryInput(model, params);
  validateInput(input, model.input, SERVICES[service].constraints);
  return { model, def, input };
}

const xmlHeaders = (requestId: string) => ({ 'content-type': 'text/xml', 'x-amzn-requestid': requestId });

export const queryFamily: OperationFamily<QueryRequest> = {
  signing: 'query',
  open: (_req, _method, url, target) => ({ service: target.service as QueryService, url }),
  // IAM's largest parameter is a SAML metadata document; STS's a SAML assertion (see limits.ts).
  bodyLimit: (limits: Limits, target: Target) => upTo(target.service === 'iam' ? limits.iamBodyBytes : limits.stsBodyBytes),
  unsignedCaller(r, body) {
    const action = actionOf(r.url, body);
    if (action !== undefined && SERVICES[r.service].operations[action]?.unsigned === true) return anonymousQueryCaller();
    throw missingAuthenticationToken();
  },
  decode: (r, body) => decodeQuery(r.service, r.url, body),
  encodeOutput: (d, output, requestId): WireResponse => ({ status: 200, headers: xmlHeaders(requestId), body: encodeQueryResponse(d.model, output, requestId) }),
  encodeError(target, err, requestId) {
    const r = encodeQueryError(target.service === 'iam' ? 'iam' : 'sts', err, requestId);
    return { status: r.status, headers: xmlHeaders(requestId), body: r.body };
  },
};
