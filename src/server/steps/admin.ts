/**
 * Gatehouse's own endpoints: read or move the clock (for tests), reset the estate to how
 * `serve --ready-json` started it (for tests), and explain a decision as this server would
 * take it (`gatehouse explain --endpoint`).
 * Only the root of one of this server's accounts may call them (SigV4-signed).
 */
import { AwsError } from '../../core/aws-error.js';
import { CLOCK_OFFSET_META, type Runtime } from '../runtime.js';
import { resetToSnapshot } from '../reset.js';
import type { Principal } from '../../services/principal.js';
import { explainQueryOf, explainRequest } from '../../services/explain.js';

export async function handleAdmin(method: string, url: string, body: Buffer, principal: Principal, rt: Runtime): Promise<object> {
  if (principal.type !== 'Root') throw new AwsError('AccessDenied', 'Only an account root of this server may call its admin endpoints.', 403);
  const path = url.split('?')[0];
  if (path === '/_gatehouse/clock') {
    if (method === 'POST') {
      let request: { advanceSeconds?: unknown; reset?: unknown };
      try { request = JSON.parse(body.toString('utf8') || '{}'); } catch { throw new AwsError('ValidationError', 'Body must be JSON: {"advanceSeconds": N} or {"reset": true}', 400); }
      if (request === null || typeof request !== 'object') throw new AwsError('ValidationError', 'Body must be JSON: {"advanceSeconds": N} or {"reset": true}', 400);
      if (request.reset === true) {
        // Back to real time: the offset goes, whatever it was.
        rt.clock.setOffsetSeconds(0);
      } else {
        const n = Number(request.advanceSeconds);
        if (!Number.isFinite(n)) throw new AwsError('ValidationError', 'advanceSeconds must be a number', 400);
        rt.clock.advance(n);
      }
      rt.store.meta.set(CLOCK_OFFSET_META, String(rt.clock.offsetSeconds));
    } else if (method !== 'GET') {
      throw new AwsError('MethodNotAllowed', 'Use GET or POST', 405);
    }
    return { now: rt.clock.now().toISOString(), offsetSeconds: rt.clock.offsetSeconds };
  }
  if (path === '/_gatehouse/reset') {
    if (method !== 'POST') throw new AwsError('MethodNotAllowed', 'Use POST', 405);
    const started = performance.now();
    await resetToSnapshot(rt);
    return { reset: true, now: rt.clock.now().toISOString(), tookMs: Math.round((performance.now() - started) * 10) / 10 };
  }
  if (path === '/_gatehouse/explain') {
    if (method !== 'POST') throw new AwsError('MethodNotAllowed', 'Use POST', 405);
    return explainRequest(rt.store, explainQueryOf(body.toString('utf8')));
  }
  throw new AwsError('NotFound', `No admin endpoint ${path}`, 404);
}
