/**
 * Gatehouse's own endpoints for tests: read or move the clock. Only the
 * root of one of this server's accounts may call them (SigV4-signed).
 */
import { AwsError } from '../../core/aws-error.js';
import type { Runtime } from '../runtime.js';
import type { Principal } from '../../services/principal.js';

export function handleAdmin(method: string, url: string, body: Buffer, principal: Principal, rt: Runtime): Record<string, unknown> {
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
      rt.store.meta.set('clock_offset_seconds', String(rt.clock.offsetSeconds));
    } else if (method !== 'GET') {
      throw new AwsError('MethodNotAllowed', 'Use GET or POST', 405);
    }
    return { now: rt.clock.now().toISOString(), offsetSeconds: rt.clock.offsetSeconds };
  }
  throw new AwsError('NotFound', `No admin endpoint ${path}`, 404);
}
