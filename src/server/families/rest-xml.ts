/**
 * The REST-XML family (S3, S3 Control): the operation comes from the method,
 * the addressing and the sub-resources; object bodies stream to disk after
 * authorization, other bodies are buffered and checked against their integrity
 * headers; an unsigned request is the anonymous principal; answers carry
 * x-amz-request-id.
 */
import type { IncomingMessage } from 'node:http';
import { AwsError } from '../../core/aws-error.js';
import { decodeRestXmlInput, encodeRestXmlError, encodeRestXmlResponse, routeS3, routeS3Control, type HttpIn, type S3Route } from '../../protocol/rest-xml/index.js';
import { anonymousCaller, receiveObject, settle, streamsBody } from '../../services/s3/pipeline.js';
import { checkRequestIntegrity } from '../../services/s3/request-integrity.js';
import { STATUS as S3_STATUS } from '../../services/s3/objects.js';
import { implemented, type Decoded, type OperationFamily, type WireResponse } from './family.js';

/** An S3 request as parsed and routed once, before its body: whether the body streams depends on the operation. */
interface RestXmlRequest { http: HttpIn; routed: S3Route | undefined; streamed: boolean }

function decodeS3(req: HttpIn, routed: S3Route | undefined, body: Buffer | undefined): Decoded {
  if (!routed) throw new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
  const def = implemented(routed.op.service, routed.op);
  const labels = { bucket: routed.bucket, key: routed.key, members: routed.labels };
  const input = decodeRestXmlInput(routed.op, req, labels, body);
  return { model: routed.op, def, input, labels };
}

export const restXmlFamily: OperationFamily<RestXmlRequest> = {
  signing: 's3',
  open(req, method, url, target, rt) {
    const http = s3Request(req, method, url);
    const routed = target.service === 's3control' ? routeS3Control(http) : routeS3(http, { baseHosts: rt.s3BaseHosts });
    return { http, routed, streamed: streamsBody(http, routed) };
  },
  streamsBody: (r) => r.streamed,
  // Object bodies stream (up to 5 GiB a PUT, services/s3/body.ts); the rest are XML configurations (limits.ts).
  bodyLimit: (limits) => ({ bytes: limits.s3BodyBytes, tooLarge: () => new AwsError('MaxMessageLengthExceeded', 'Your request was too big.', 400) }),
  // Only a public bucket policy lets the anonymous principal in.
  unsignedCaller: () => anonymousCaller(),
  decode: (r, body) => decodeS3(r.http, r.routed, body),
  checkRequest: (r, d, body) => (r.streamed ? undefined : checkRequestIntegrity(d.model.name, r.http.headers, body)),
  receive: (r, req, d, ctx, verified, rt) => (r.streamed ? receiveObject(rt.store, req, d.model.name, d.input, ctx, verified) : undefined),
  settle,
  encodeOutput(d, output, requestId): WireResponse {
    // The encoder's headers are this response's own: add the request id to them.
    const r: WireResponse = encodeRestXmlResponse(d.model, output);
    r.headers['x-amz-request-id'] = requestId;
    // A ranged GetObject answers 206.
    if (typeof output[S3_STATUS] === 'number') r.status = output[S3_STATUS] as number;
    return r;
  },
  encodeError(_target, err, requestId) {
    const r = encodeRestXmlError(err, requestId);
    return { status: r.status, headers: { ...r.headers, 'x-amz-request-id': requestId }, body: r.body };
  },
};

function s3Request(req: IncomingMessage, method: string, url: string): HttpIn {
  const q = url.indexOf('?');
  const query = new Map<string, string | string[]>();
  if (q >= 0) {
    for (const part of url.slice(q + 1).split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      const k = safeDecode(eq < 0 ? part : part.slice(0, eq));
      const v = eq < 0 ? '' : safeDecode(part.slice(eq + 1));
      const prev = query.get(k);
      query.set(k, prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]);
    }
  }
  // Node's header values are strings but for set-cookie's list: only then is a copy with lists joined needed.
  const all = req.headers;
  let headers = all as Record<string, string>;
  for (const k of Object.keys(all)) {
    if (typeof all[k] === 'string') continue;
    headers = {};
    for (const [n, v] of Object.entries(all)) if (v !== undefined) headers[n] = Array.isArray(v) ? v.join(',') : v;
    break;
  }
  return { method, path: q >= 0 ? url.slice(0, q) : url, query, headers, host: headers.host ?? '' };
}

function safeDecode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}
