/**
 * Gatehouse's own endpoints (/_gatehouse/…): SigV4-signed like IAM, answered
 * in plain JSON by steps/admin.ts once the caller is known, not through a
 * service operation.
 */
import { handleAdmin } from '../steps/admin.js';
import { missingAuthenticationToken } from './query.js';
import { upTo, type EndpointFamily } from './family.js';

interface AdminRequest { method: string; url: string }

const jsonAnswer = (status: number, body: unknown) => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export const adminFamily: EndpointFamily<AdminRequest> = {
  signing: 'query',
  open: (_req, method, url) => ({ method, url }),
  bodyLimit: (limits) => upTo(limits.adminBodyBytes),
  unsignedCaller() {
    throw missingAuthenticationToken();
  },
  async serve({ method, url }, body, principal, rt) {
    const answer = await handleAdmin(method, url, body, principal, rt);
    // Every process serves with the same clock.
    if (method === 'POST' && url.startsWith('/_gatehouse/clock')) await rt.peers?.broadcast({ kind: 'clock', offsetSeconds: rt.clock.offsetSeconds });
    return jsonAnswer(200, answer);
  },
  encodeError: (_target, err) => jsonAnswer(err.status, { code: err.code, message: err.message }),
};
