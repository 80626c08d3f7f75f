/**
 * One request, end to end, for every wire family:
 *   route → read body → authenticate → decode → authorize → handle → encode → send
 * Each step is a module under steps/; what differs between Query, REST-XML and
 * JSON is the family's (families/). This file only lists the steps.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { AwsError, internalError, isAwsError } from '../core/aws-error.js';
import { newRequestId } from '../core/ids.js';
import { isSigned, type RawRequest } from '../auth/sigv4/index.js';
import type { RequestContext } from '../services/operation.js';
import { refuseSessionCall } from '../services/sts/session-rules.js';
import { filesOf } from '../services/s3/files.js';
import { handleConsole, isConsoleRequest } from '../console/index.js';
import { originForm, route, type Target } from './steps/route.js';
import { DEFAULT_LIMITS, readLimitedBody, type Limits } from './limits.js';
import { authenticate, type Authenticated } from './steps/authenticate.js';
import { makeAuthorizer } from './steps/authorize.js';
import { noteKeyUse } from './steps/key-use.js';
import { FAMILIES, type WireFamily, type WireResponse } from './families/index.js';
import { accountsCreated, forgetReads, type Runtime } from './runtime.js';

/** Operations that never write (AWS's naming holds for IAM, STS, S3 and Organizations); any other may change credentials. */
const READ_ONLY = /^(Get|List|Head|Describe)/;

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

const NO_BODY = Buffer.alloc(0);
/** Where a request that fails before routing is answered: as S3 would, the family of unsigned, unmarked requests. */
const FALLBACK: Target = { family: 'rest-xml', service: 's3' };

async function handle(rt: Runtime, limits: Limits, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = newRequestId();
  const method = req.method ?? 'GET';
  const url = originForm(req.url ?? '/');
  let target = FALLBACK;
  let family: WireFamily = FAMILIES[target.family];
  let operation = '-';
  let principalArn: string | undefined;
  // The web console (src/console) answers /console itself, acting through signed requests to this pipeline.
  const signed = hasSignature(req, url);
  if (isConsoleRequest(url, signed)) return handleConsole(rt, req, res);
  try {
    target = route(method, url, req.headers);
    family = FAMILIES[target.family];
    // What the family reads before the body; a body it streams is received after authorization.
    const request = family.open(req, method, url, target, rt);
    const streamed = family.streamsBody?.(request) === true;
    const body = streamed ? NO_BODY : await readLimitedBody(req, limits, family, target);
    const raw: RawRequest = { method, url, rawHeaders: req.rawHeaders, body: streamed ? undefined : body };
    const { principal, verified }: Authenticated = signed
      ? await authenticate(raw, family.signing, rt.store, rt.clock, rt.sealingKey, rt.credentials)
      : family.unsignedCaller(request, body);
    principalArn = principal.arn;
    if (signed) noteKeyUse(rt, principal.accessKeyId, verified.service, verified.region);
    if ('serve' in family) return send(res, method, await family.serve(request, body, principal, rt));

    const decoded = family.decode(request, body);
    const checking = family.checkRequest?.(request, decoded, body);
    if (checking) await checking;

    const facts = {
      sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1', secure: false, region: verified.region, family: target.family,
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
    const receiving = family.receive?.(request, req, decoded, ctx, verified, rt);
    if (receiving) await receiving;
    // A handler's writes and its checks run in one transaction: an error leaves the store as it was.
    const readOnly = READ_ONLY.test(operation);
    let output: Record<string | symbol, unknown>;
    try {
      output = rt.store.transaction(run, readOnly || target.service === 'sts' ? 'mostly-reads' : 'writes');
    } catch (e) {
      family.settle?.(requestId, false, input);
      throw e;
    }
    family.settle?.(requestId, true, input);
    // IAM writes change keys, users, roles or policies; of the rest, only what says so changes a cached read.
    if ((target.service === 'iam' && !readOnly) || def.forgetsReads) await forgetReads(rt);
    if (def.createsAccounts) await accountsCreated(rt);
    const wire = family.encodeOutput(decoded, output, requestId);
    send(res, method, wire);
    rt.onRequest?.({ service: target.service, operation, status: wire.status, principal: principalArn });
  } catch (e) {
    const err = isAwsError(e) ? e : unexpected(e);
    send(res, method, family.encodeError(target, err, requestId));
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

function unexpected(e: unknown): AwsError {
  // Never leak a stack trace to the client; keep it for whoever runs the server.
  if (process.env.GATEHOUSE_DEBUG) console.error(e);
  return internalError();
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
