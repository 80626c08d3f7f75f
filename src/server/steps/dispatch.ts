/**
 * From a routed, authenticated request to the operation it names, with its
 * decoded input; and from the operation's output back to the wire.
 */
import { AwsError } from '../../core/aws-error.js';
import { getOperation, type OperationModel } from '../../protocol/models.js';
import { decodeQueryInput, encodeQueryError, encodeQueryResponse, parseQueryString } from '../../protocol/query/index.js';
import { decodeRestXmlInput, encodeRestXmlError, encodeRestXmlResponse, type HttpIn, type S3Route } from '../../protocol/rest-xml/index.js';
import { SERVICES } from '../../services/registry.js';
import type { OperationDef } from '../../services/operation.js';
import { validateInput } from '../../services/validate-input.js';

export interface Decoded { model: OperationModel; def: OperationDef; input: Record<string, unknown>; labels?: { bucket?: string; key?: string } }
export interface WireResponse { status: number; headers: Record<string, string>; body?: string | Buffer }

function implemented(service: 'iam' | 'sts' | 's3' | 's3control', model: OperationModel): OperationDef {
  const def = SERVICES[service].operations[model.name];
  if (!def) throw new AwsError('NotImplemented', `Gatehouse does not implement ${service}:${model.name} yet.`, 501);
  return def;
}

export function decodeQuery(service: 'iam' | 'sts', url: string, body: Buffer): Decoded {
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

/** routed: routeS3's answer for req, found once per request by the caller. */
export function decodeS3(req: HttpIn, routed: S3Route | undefined, body: Buffer | undefined): Decoded {
  if (!routed) throw new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
  const def = implemented(routed.op.service as 's3' | 's3control', routed.op);
  const labels = { bucket: routed.bucket, key: routed.key, members: routed.labels };
  const input = decodeRestXmlInput(routed.op, req, labels, body);
  return { model: routed.op, def, input, labels };
}

export function encodeOutput(family: 'query' | 's3', d: Decoded, output: Record<string, unknown>, requestId: string): WireResponse {
  if (family === 'query') {
    return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body: encodeQueryResponse(d.model, output, requestId) };
  }
  // The encoder's headers are this response's own: add the request id to them.
  const r = encodeRestXmlResponse(d.model, output);
  r.headers['x-amz-request-id'] = requestId;
  return r;
}

export function encodeError(family: 'query' | 's3' | 'admin', service: string, err: AwsError, requestId: string): WireResponse {
  if (family === 'query') {
    const r = encodeQueryError(service === 'iam' ? 'iam' : 'sts', err, requestId);
    return { status: r.status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body: r.body };
  }
  if (family === 's3') {
    const r = encodeRestXmlError(err, requestId);
    return { status: r.status, headers: { ...r.headers, 'x-amz-request-id': requestId }, body: r.body };
  }
  return { status: err.status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: err.code, message: err.message }) };
}
