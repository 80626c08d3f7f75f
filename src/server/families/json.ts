/**
 * The JSON family (awsJson 1.1: Organizations, and the services that follow
 * it): `POST /` with `X-Amz-Target: Prefix.Operation` and the input as a JSON
 * body; answers are JSON (application/x-amz-json-1.1) with x-amzn-RequestId,
 * errors `{"__type": Code, "Message": …}`.
 */
import type { IncomingMessage } from 'node:http';
import { AwsError } from '../../core/aws-error.js';
import { SERVICE_INFO, type ServiceName } from '../../protocol/models.js';
import { decodeJsonInput, encodeJsonError, encodeJsonResponse, JSON_CONTENT_TYPE, operationForTarget } from '../../protocol/json/index.js';
import { SERVICES } from '../../services/registry.js';
import { validateInput } from '../../services/validate-input.js';
import type { Target } from '../steps/route.js';
import { implemented, upTo, type OperationFamily } from './family.js';

interface JsonRequest { service: ServiceName; target: string | undefined }

/** The JSON services, by the service name their credential scope carries and by their X-Amz-Target prefix. */
const BY_SCOPE = new Map<string, Target>();
const BY_PREFIX = new Map<string, Target>();
for (const [service, info] of Object.entries(SERVICE_INFO) as Array<[ServiceName, (typeof SERVICE_INFO)[ServiceName]]>) {
  if (!info.jsonTarget) continue;
  const target: Target = { family: 'json', service };
  BY_SCOPE.set(service, target);
  BY_PREFIX.set(info.jsonTarget, target);
}

/** A request signed for a JSON service (Organizations signs as `organizations` in us-east-1, its global endpoint's region). */
export const jsonSigned = (scopeService: string): Target | undefined => BY_SCOPE.get(scopeService);

/** An unsigned request naming a JSON service's operation: the family answers it (with its refusal). */
export function jsonUnsigned(headers: IncomingMessage['headers']): Target | undefined {
  const target = headers['x-amz-target'];
  if (typeof target !== 'string') return undefined;
  const dot = target.lastIndexOf('.');
  return dot > 0 ? BY_PREFIX.get(target.slice(0, dot)) : undefined;
}

/**
 * The errors other steps raise in Query's words, as awsJson services word them. DynamoDB's
 * "Error handling with DynamoDB" (Amazon DynamoDB Developer Guide) lists them, all 400:
 * UnrecognizedClientException, InvalidSignatureException ("The request signature we calculated
 * does not match…", also for an expired signature), IncompleteSignatureException,
 * ExpiredTokenException, MissingAuthenticationTokenException; AccessDeniedException takes the
 * status the service's model gives it. Organizations answers from the same front end.
 */
const JSON_WORDING: Record<string, [code: string, status: number]> = {
  InvalidClientTokenId: ['UnrecognizedClientException', 400],
  SignatureDoesNotMatch: ['InvalidSignatureException', 400],
  IncompleteSignature: ['IncompleteSignatureException', 400],
  ExpiredToken: ['ExpiredTokenException', 400],
  AccessDenied: ['AccessDeniedException', 400],
  ValidationError: ['ValidationException', 400],
};

function inJsonWords(err: AwsError): AwsError {
  const words = JSON_WORDING[err.code];
  if (!words) return err;
  return new AwsError(words[0], err.message, words[1], err.extra);
}

const jsonHeaders = (requestId: string) => ({ 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': requestId });

export const jsonFamily: OperationFamily<JsonRequest> = {
  signing: 'query',
  open: (req, _method, _url, target) => ({ service: target.service as ServiceName, target: req.headers['x-amz-target'] as string | undefined }),
  bodyLimit: (limits) => upTo(limits.jsonBodyBytes),
  // No awsJson operation Gatehouse serves takes an unsigned call (the AWS SDK for Ruby's
  // unsigned-request features expect exactly this code from a JSON service that refuses one).
  unsignedCaller() {
    throw new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 400);
  },
  decode(r, body) {
    const model = operationForTarget(r.service, r.target);
    const def = implemented(r.service, model);
    const input = decodeJsonInput(model, body);
    validateInput(input, model.input, SERVICES[r.service].constraints);
    return { model, def, input };
  },
  encodeOutput: (d, output, requestId) => ({ status: 200, headers: jsonHeaders(requestId), body: encodeJsonResponse(d.model, output) }),
  encodeError(target, err, requestId) {
    const r = encodeJsonError(target.service as ServiceName, inJsonWords(err));
    r.headers['x-amzn-requestid'] = requestId;
    return r;
  },
};
