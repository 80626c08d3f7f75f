/**
 * Small readers over a structure's HTTP binding traits, shared by the S3
 * router, decoder and encoder.
 */
import type { NormalizedSchema } from '@smithy/core/schema';

/** Members the model marks required. Static struct schemas list required
 *  members first and carry their count as the 7th tuple element. */
export function requiredMembers(ns: NormalizedSchema): NormalizedSchema[] {
  if (!ns.isStructSchema()) return [];
  const count = (ns.getSchema() as unknown as unknown[])[6];
  if (typeof count !== 'number') return [];
  return [...ns.structIterator()].slice(0, count).map(([, m]) => m);
}

/**
 * Headers by lower-case name, lists joined. Node already gives them so: then the
 * headers come back as they are, not copied (callers only read the result).
 */
export function lowerCaseHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  let normal = true;
  for (const k of Object.keys(headers)) {
    if (typeof headers[k] !== 'string' || k !== k.toLowerCase()) {
      normal = false;
      break;
    }
  }
  if (normal) return headers as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  return out;
}

/** True when the member travels in the URI, a header or as the whole payload. */
export function isHttpBound(member: NormalizedSchema): boolean {
  const t = member.getMergedTraits();
  return !!(t.httpLabel || t.httpQuery || t.httpQueryParams || t.httpHeader || t.httpPrefixHeaders || t.httpPayload || t.httpResponseCode);
}

/** The member bound with @httpPayload, if any. */
export function payloadMember(ns: NormalizedSchema): [string, NormalizedSchema] | undefined {
  if (!ns.isStructSchema()) return undefined;
  for (const entry of ns.structIterator()) if (entry[1].getMergedTraits().httpPayload) return entry;
  return undefined;
}
