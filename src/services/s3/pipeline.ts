/**
 * The S3 parts of the request pipeline: which operations stream their body
 * to disk instead of buffering it, anonymous callers, and receiving a body
 * once the caller is known to be allowed to send it.
 */
import { unlinkSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { HttpIn, S3Route } from '../../protocol/rest-xml/index.js';
import type { VerifiedRequest } from '../../auth/sigv4/index.js';
import type { Store } from '../../store/index.js';
import type { Principal } from '../principal.js';
import type { Input, RequestContext } from '../operation.js';
import { receiveBody, type ReceiveOptions } from './body.js';
import { filesOf, settleRequest } from './files.js';
import { precheckPut } from './objects.js';
import { precheckUploadPart } from './multipart.js';
import { checkExpectedOwners } from './expected-owner.js';

/** Checks before the body is read; they may say what the body's checksum must be. */
const PRECHECK: Record<string, (i: Input, ctx: RequestContext) => ReceiveOptions | void> = { PutObject: precheckPut, UploadPart: precheckUploadPart };

/** True for operations whose body is an object's bytes (streamed to disk, never buffered). */
export function streamsBody(req: HttpIn, routed: S3Route | undefined): boolean {
  return req.method === 'PUT' && !!routed && routed.op.name in PRECHECK;
}

/** An unsigned S3 request: the anonymous principal, allowed only what a public bucket policy grants. */
export function anonymousCaller(): { principal: Principal; verified: VerifiedRequest } {
  return {
    principal: { type: 'Anonymous' as Principal['type'], account: '', arn: 'anonymous', userId: 'anonymous', accessKeyId: '' },
    verified: { accessKeyId: '', region: 'us-east-1', service: 's3', signedHeaders: [], payload: 'unsigned', presigned: false, signingDate: new Date(0), seedSignature: '' },
  };
}

export const isAnonymous = (p: Principal) => (p.type as string) === 'Anonymous';

/**
 * Authorizes the upload (in a read transaction), then streams the body to a
 * temp file, verifying it; the handler adopts the file in its own transaction.
 */
export async function receiveObject(store: Store, req: IncomingMessage, operation: string, input: Input, ctx: RequestContext, verified: VerifiedRequest): Promise<void> {
  const precheck = PRECHECK[operation];
  if (!precheck) return;
  const opts = store.transaction(() => { checkExpectedOwners(input, ctx); return precheck(input, ctx); }, 'mostly-reads') ?? {};
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  const anonymous = isAnonymous(ctx.principal);
  input.Body = await receiveBody(req, headers, anonymous ? undefined : verified, filesOf(store.db), opts);
}

/** After the handler's transaction: unlink what it replaced (committed) or what it adopted (rolled back). */
export function settle(requestId: string, committed: boolean, input?: Input): void {
  settleRequest(requestId, committed);
  const staged = input?.Body as { tmp?: string } | undefined;
  if (!committed && staged && typeof staged.tmp === 'string') {
    try { unlinkSync(staged.tmp); } catch { /* adopted or never written */ }
  }
}
