/** Case-insensitive reads of the request context ("Key names are case-insensitive", IAM policy variables page). */
import type { RequestContext } from '../types.js';
import type { VariableLookup } from '../match/pattern.js';

export interface ContextView {
  /** All values of a key; undefined when the key is absent from the request. */
  values(key: string): string[] | undefined;
  /** For policy variables: only single-valued keys can be substituted. */
  lookup: VariableLookup;
}

/** `defaults` fill in keys the context lacks (in any case), without copying the context. */
export function contextView(context: RequestContext, defaults: Array<[string, string]> = []): ContextView {
  const byKey = new Map<string, string | string[]>();
  for (const [k, v] of Object.entries(context)) if (v !== undefined) byKey.set(k.toLowerCase(), v);
  for (const [k, v] of defaults) {
    const key = k.toLowerCase();
    if (!byKey.has(key)) byKey.set(key, v);
  }
  return {
    values: (key) => {
      const v = byKey.get(key.toLowerCase());
      return v === undefined ? undefined : Array.isArray(v) ? v : [v];
    },
    lookup: (key) => {
      const v = byKey.get(key.toLowerCase());
      return typeof v === 'string' ? v : undefined;
    },
  };
}
