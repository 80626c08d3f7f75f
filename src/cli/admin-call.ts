/** A call to one of a running server's own endpoints (/_gatehouse/…), signed with a profile's key. */
import { adminFetch, type AdminAnswer } from '../testing/admin-fetch.js';
import { unreachable, type Target } from './target.js';

export type { AdminAnswer };

export async function callAdmin(target: Target, method: 'GET' | 'POST', path: string, body = ''): Promise<AdminAnswer> {
  return adminFetch(target, method, path, body).catch((e: unknown) => { throw unreachable(e, target.endpoint) ?? e; });
}

/** The one line to show for an answer that is not 2xx. */
export const refusal = (target: Target, a: AdminAnswer) =>
  `${target.endpoint} answered ${a.status} to profile '${target.profile}' of ${target.credentialsFile}: ${a.text.replace(/\s+/g, ' ').trim()}`;
