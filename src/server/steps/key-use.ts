/** Records when an access key was last used, at most once a minute per key so requests stay read-only. */
import type { Runtime } from '../runtime.js';

const lastNoted = new Map<string, number>();
const EVERY_MS = 60_000;

export function noteKeyUse(rt: Runtime, accessKeyId: string, service: string, region: string): void {
  if (accessKeyId.startsWith('ASIA')) return;
  const now = Date.now();
  if ((lastNoted.get(accessKeyId) ?? 0) + EVERY_MS > now) return;
  lastNoted.set(accessKeyId, now);
  rt.store.accessKeys.markUsed(accessKeyId, rt.clock.now().toISOString(), service, region);
}
