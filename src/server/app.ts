/**
 * One request, end to end:
 *   route → read body → authenticate → decode → authorize → handle → encode
 * Each step is a module under steps/; this file only lists them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError, internalError, isAwsError } from '../core/aws-error.js';
import { newRequestId } from '../core/ids.js';
import { originForm, route, type Target } from './steps/route.js';
import { DEFAULT_LIMITS, readLimitedBody, type Limits } from './limits.js';
import { authenticate, type Authenticated } from './steps/authenticate.js';
import { makeAuthorizer } from './steps/authorize.js';
import { decodeQuery, decodeS3, encodeError, encodeOutput, type Decoded, type WireResponse } from './steps/dispatch.js';
import { routeS3, routeS3Control } from '../protocol/rest-xml/index.js';
import { handleAdmin } from './steps/admin.js';
import { noteKeyUse } from './steps/key-use.js';
import type { RequestContext } from '../services/operation.js';
import { refuseSessionCall } from '../services/sts/session-rules.js';
import { anonymousQueryCaller, unsignedAllowed } from './steps/unsigned.js';
import { accountsCreated, forgetReads, type Runtime } from './runtime.js';
import { isSigned, type RawRequest } from '../auth/sigv4/index.js';
import { Readable } from 'node:stream';
import { anonymousCaller, receiveObject, settle, streamsBody } from '../services/s3/pipeline.js';
import { filesOf } from '../services/s3/files.js';
import { checkRequestIntegrity } from '../services/s3/request-integrity.js';
import { STATUS as S3_STATUS } from '../services/s3/objects.js';
import { handleConsole, isConsoleRequest } from '../console/index.js';

/** Operations that never write (AWS's naming holds for IAM, STS and S3); any other may change credentials. */
const READ_ONLY = /^(Get|List|Head)/;

export function createHandler(rt: Runtime, limits: Limits = DEFAULT_LIMITS, opts: { sweepObjectFiles?: boolean } = {}) {
  // Object files no row names (a crash between rename and commit) go now, before any request
  // (but not in a helper process, while the main process may have uploads in flight).
  filesOf(rt.store.db, { sweep: opts.sweepObjectFiles ?? true });
  return (req: IncomingMessage, res: ServerResponse) => {
    handle(rt, limits, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
}

async function handle(rt: Runtime, limits: Limits, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = newRequestId();
  const method = req.method ?? 'GET';
  const url = originForm(req.url ?? '/');
  let target: Target = { family: 's3', service: 's3' };
  let operation = '-';
  let principalArn: string | undefined;
  // The web console (src/console) answers /console itself, acting through signed requests to this pipeline.
  const signed = hasSignature(req, url);
  if (isConsoleRequest(url, signed)) return handleConsole(rt, req, res);
  try {
    target = route(method, url, req.headers);
    // Object bodies (PutObject, UploadPart) stream to disk after authorization; other bodies are small and buffered.
    // S3 requests are parsed and routed once: whether the body streams, and then the operation, depend on it.
    const s3In = target.family === 's3' ? s3Request(req, method, url) : undefined;
    const s3Route = !s3In ? undefined : target.service === 's3control' ? routeS3Control(s3In) : routeS3(s3In, { baseHosts: rt.s3BaseHosts });
    const streamed = !!s3In && streamsBody(s3In, s3Route);
    const body = streamed ? Buffer.alloc(0) : await readLimitedBody(req, limits, target);
    const raw: RawRequest = { method, url, rawHeaders: req.rawHeaders, body: streamed ? undefined : body };
    if (!signed && target.family !== 's3' && !unsignedAllowed(target, url, body)) throw unsigned(target);
    const family: 's3' | 'query' = target.family === 's3' ? 's3' : 'query';
    // An unsigned S3 request is the anonymous principal: only a public bucket policy lets it in.
    const { principal, verified }: Authenticated = signed ? await authenticate(raw, family, rt.store, rt.clock, rt.sealingKey, rt.credentials) : target.family === 's3' ? anonymousCaller() : anonymousQueryCaller();
    principalArn = principal.arn;
    if (signed) noteKeyUse(rt, principal.accessKeyId, verified.service, verified.region);

    if (target.family === 'admin') {
      const answer = handleAdmin(method, url, body, principal, rt);
      if (method === 'POST' && url.startsWith('/_gatehouse/clock')) await rt.peers?.broadcast({ kind: 'clock', offsetSeconds: rt.clock.offsetSeconds });
      return send(res, method, { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(answer) });
    }
    const decoded: Decoded = target.family === 'query'
      ? decodeQuery(target.service as 'iam' | 'sts', url, body)
      : decodeS3(s3In!, s3Route, body);
    if (s3In && !streamed) await checkRequestIntegrity(decoded.model.name, s3In.headers, body);

    const facts = {
      sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1', secure: false, region: verified.region, family,
      operation: { service: target.service, operation: decoded.model.name, input: decoded.input },
    };
    const authorize = makeAuthorizer(rt.store, rt.clock, principal, facts, rt.decisions, rt.policies);
    const ctx: RequestContext = {
      store: rt.store, clock: rt.clock, principal, account: principal.account, region: verified.region, requestId,
      sealingKey: rt.sealingKey, authorize,
    };
    const { def, input } = decoded;
    operation = decoded.model.name;
    refuseSessionCall(principal, target.service, operation);
    if (def.prepare) await def.prepare(input, ctx);
    if (def.action) authorize.prime();
    const run = () => {
      if (def.action && !def.authorizesItself) ctx.authorize(def.action, def.resource ? def.resource(input, ctx) : '*');
      return def.handle(input, ctx) ?? {};
    };
    if (streamed) await receiveObject(rt.store, req, operation, input, ctx, verified);
    // A handler's writes and its checks run in one transaction: an error leaves the store as it was.
    const readOnly = READ_ONLY.test(operation);
    let output: Record<string | symbol, unknown>;
    try {
      output = rt.store.transaction(run, readOnly || target.service === 'sts' ? 'mostly-reads' : 'writes');
    } catch (e) {
      settle(requestId, false, input);
      throw e;
    }
    settle(requestId, true);
    // IAM writes change keys, users, roles or policies; of the rest, only what says so changes a cached read.
    if ((target.service === 'iam' && !readOnly) || def.forgetsReads) await forgetReads(rt);
    if (def.createsAccounts) await accountsCreated(rt);
    const wire = encodeOutput(family, decoded, output, requestId);
    if (typeof output[S3_STATUS] === 'number') wire.status = output[S3_STATUS] as number;
    send(res, method, wire);
    rt.onRequest?.({ service: target.service, operation, status: wire.status, principal: principalArn });
  } catch (e) {
    const err = isAwsError(e) ? e : unexpected(e);
    send(res, method, encodeError(target.family, target.service, err, requestId));
    rt.onRequest?.({ service: target.service, operation, status: err.status, code: err.code, principal: principalArn });
  }
}

/**
 * Any credentials at all (SigV4, SigV2, an altered algorithm name) must verify or be refused with AWS's
 * error; only a request without any is anonymous. One rule with the verifier's (isSigned).
 */
function hasSignature(req: IncomingMessage, url: string): boolean {
  return isSigned({ method: req.method ?? 'GET', url, rawHeaders: req.rawHeaders });
}

function unsigned(target: Target): AwsError {
  if (target.family === 's3') {
    // Anonymous S3 access needs bucket policies (a later issue); until then nothing is public.
    return new AwsError('AccessDenied', 'Access Denied', 403);
  }
  return new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
}

function unexpected(e: unknown): AwsError {
  // Never leak a stack trace to the client; keep it for whoever runs the server.
  if (process.env.GATEHOUSE_DEBUG) console.error(e);
  return internalError();
}

function s3Request(req: IncomingMessage, method: string, url: string) {
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

function send(res: ServerResponse, method: string, r: WireResponse): void {
  const body = method === 'HEAD' || r.status === 304 || r.body === undefined ? undefined : r.body;
  if (body instanceof Readable) {
    // An object's bytes: the operation set Content-Length; a read error cuts the response short.
    res.writeHead(r.status, r.headers);
    body.on('error', () => res.destroy());
    body.pipe(res);
    return;
  }
  if (r.body instanceof Readable) r.body.destroy();
  // A HEAD (or 304) keeps the Content-Length the operation reported for the object.
  // r.headers is this response's own object (the encoders make one per response): set it in place.
  const keepLength = (method === 'HEAD' || r.status === 304) && r.headers['content-length'] !== undefined;
  if (!keepLength) r.headers['content-length'] = body === undefined ? '0' : String(Buffer.byteLength(body as string | Buffer));
  res.writeHead(r.status, r.headers);
  res.end(body);
}
