/** Case-insensitive reads of the request context ("Key names are case-insensitive", IAM policy variables page). */
import type { RequestContext } from '../types.js';
import type { VariableLookup } from '../match/pattern.js';

export interface ContextView {
  /** All values of a key; undefined when the key is absent from the request. */
  values(key: string): string[] | undefined;
  /** For policy variables: only single-valued keys can be substituted. */
  lookup: VariableLookup;
  /** Whether anything was read through this view (a key's values or a variable). */
  wasRead(): boolean;
}

/** `defaults` fill in keys the context lacks (in any case), without copying the context. */
export function contextView(context: RequestContext, defaults: Array<[string, string | string[]]> | (() => Array<[string, string | string[]]>) = []): ContextView {
  // Built at the first read: most policies have no conditions or variables, and never read the context.
  let byKey: Map<string, string | string[]> | undefined;
  const get = (key: string) => {
    if (!byKey) {
      byKey = new Map();
      for (const k in context) {
        const v = context[k];
        if (v !== undefined) byKey.set(k.toLowerCase(), v);
      }
      for (const [k, v] of typeof defaults === 'function' ? defaults() : defaults) {
        const lower = k.toLowerCase();
        if (!byKey.has(lower)) byKey.set(lower, v);
      }
    }
    return byKey.get(key.toLowerCase());
  };
  return {
    values: (key) => {
      const v = get(key);
      return v === undefined ? undefined : Array.isArray(v) ? v : [v];
    },
    lookup: (key) => {
      const v = get(key);
      return typeof v === 'string' ? v : undefined;
    },
    wasRead: () => byKey !== undefined,
  };
}
