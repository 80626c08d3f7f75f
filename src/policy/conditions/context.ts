/** Case-insensitive reads of the request context ("Key names are case-insensitive", IAM policy variables page). */
import type { RequestContext } from '../types.js';
import type { VariableLookup } from '../match/pattern.js';

export interface ContextView {
  /** All values of a key; undefined when the key is absent from the request. */
  values(key: string): string[] | undefined;
  /** For policy variables: only single-valued keys can be substituted. */
  lookup: VariableLookup;
}

export function contextView(context: RequestContext): ContextView {
  const byKey = new Map<string, string | string[]>();
  for (const [k, v] of Object.entries(context)) if (v !== undefined) byKey.set(k.toLowerCase(), v);
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
