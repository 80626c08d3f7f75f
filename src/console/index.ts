/**
 * The web console at /console/: the built front end, and its API under
 * /console/api/. Every API call but sign-in needs the session cookie; every
 * one that changes something also needs the console's own header (a form or
 * page of another site cannot send it) and, when the browser names one, this
 * origin.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../server/runtime.js';
import { serveStatic } from './static.js';
import { ConsoleError, SECURITY_HEADERS, sendError, sendJson } from './http.js';
import { clearedCookie, cookieKey, openSession } from './cookie-session.js';
import { selfEndpoint } from './self-client.js';
import { apiContext, type ApiContext } from './api-context.js';
import { getMe, postSignIn, postSignOut, postSwitchBack, postSwitchRole } from './api-identity.js';
import { createBucket, downloadObject, listBuckets, listObjects, uploadObject } from './api-s3.js';
import { getPolicy, getRole, getUser, listPolicies, listRoles, listUsers } from './api-iam.js';
import { decisions, trustGraph } from './api-insight.js';
import { organizationPolicy, organizationView } from './api-organizations.js';

/** The header every changing API call carries (the front end's fetch sets it). */
export const CSRF_HEADER = 'x-gatehouse-console';

type Handler = (c: ApiContext) => Promise<unknown>;
const ROUTES: Array<[string, RegExp, Handler]> = [
  ['GET', /^me$/, getMe],
  ['POST', /^switch-role$/, postSwitchRole],
  ['POST', /^switch-back$/, postSwitchBack],
  ['GET', /^s3\/buckets$/, listBuckets],
  ['POST', /^s3\/buckets$/, createBucket],
  ['GET', /^s3\/objects$/, listObjects],
  ['PUT', /^s3\/object$/, uploadObject],
  ['GET', /^s3\/object$/, downloadObject],
  ['GET', /^iam\/users$/, listUsers],
  ['GET', /^iam\/users\/([^/]+)$/, getUser],
  ['GET', /^iam\/roles$/, listRoles],
  ['GET', /^iam\/roles\/([^/]+)$/, getRole],
  ['GET', /^iam\/policies$/, listPolicies],
  ['GET', /^iam\/policy$/, getPolicy],
  ['GET', /^trust-graph$/, trustGraph],
  ['GET', /^decisions$/, decisions],
  ['GET', /^organization$/, organizationView],
  ['GET', /^organization\/policies\/([^/]+)$/, organizationPolicy],
];

/** Whether a request is the console's: /console or below it, and not signed (a signed request is S3's, e.g. a bucket named "console"). */
export function isConsoleRequest(url: string, signed: boolean): boolean {
  return !signed && /^\/console(?:[/?]|$)/.test(url);
}

export async function handleConsole(rt: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://console.invalid');
  const path = url.pathname;
  if (path === '/console') {
    res.writeHead(301, { ...SECURITY_HEADERS, location: `/console/${url.search}`, 'content-length': '0' });
    res.end();
    return;
  }
  const rest = path.slice('/console/'.length);
  if (rest === 'api' || rest.startsWith('api/')) return api(rt, req, res, method, url, rest.slice(4));
  if (method !== 'GET' && method !== 'HEAD') {
    res.writeHead(405, { ...SECURITY_HEADERS, allow: 'GET, HEAD', 'content-length': '0' });
    res.end();
    return;
  }
  serveStatic(res, method, rest);
}

async function api(rt: Runtime, req: IncomingMessage, res: ServerResponse, method: string, url: URL, route: string): Promise<void> {
  try {
    if (method !== 'GET' && method !== 'HEAD') refuseCrossSite(req);
    const endpoint = selfEndpoint(req);
    if (route === 'signin' && method === 'POST') return await postSignIn(rt, req, res, endpoint);
    if (route === 'signout' && method === 'POST') return await postSignOut(rt, req, res);
    const match = ROUTES.map(([m, re, h]) => ({ m, h, found: re.exec(route) })).filter((r) => r.found);
    if (match.length === 0) throw new ConsoleError('NotFound', `No console API at /console/api/${route}.`, 404);
    const chosen = match.find((r) => r.m === method || (method === 'HEAD' && r.m === 'GET'));
    if (!chosen) throw new ConsoleError('MethodNotAllowed', `${method} is not allowed here.`, 405);
    const session = await openSession(cookieKey(rt.store), req, Math.floor(rt.clock.nowMs() / 1000));
    // A cookie whose sign-in session was ended (signed out) is no longer a session.
    if (!session || rt.store.sessions.isRevoked(session.signedIn.creds.accessKeyId)) throw new ConsoleError('NotSignedIn', 'Your session has expired or you are not signed in. Sign in to continue.', 401);
    const params = chosen.found!.slice(1).map((p) => decodeURIComponent(p));
    const out = await chosen.h(apiContext(rt, req, res, url, endpoint, session, params));
    if (out !== undefined) sendJson(res, 200, out);
  } catch (e) {
    const err = e instanceof ConsoleError ? e : new ConsoleError('InternalError', 'The console could not complete the request.', 500);
    if (!(e instanceof ConsoleError) && process.env.GATEHOUSE_DEBUG) console.error(e);
    if (res.headersSent) { res.destroy(); return; }
    sendError(res, err, err.code === 'NotSignedIn' ? { 'set-cookie': clearedCookie() } : {});
  }
}

/** A changing call must carry the console's header, and come from this origin when the browser says where from. */
function refuseCrossSite(req: IncomingMessage): void {
  const origin = req.headers.origin;
  const host = req.headers.host;
  const sameOrigin = origin === undefined || (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`));
  if (req.headers[CSRF_HEADER] !== '1' || !sameOrigin) {
    throw new ConsoleError('InvalidRequest', 'The request did not come from the console (missing or wrong X-Gatehouse-Console header or Origin).', 403);
  }
}
