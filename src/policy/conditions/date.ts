/**
 * Date condition operators. Values are W3C ISO 8601 dates or epoch seconds
 * ("Condition operators" › Date and time); no wildcards, no variables.
 */
import { defineOperators } from './operator.js';

// YYYY | YYYY-MM | YYYY-MM-DD | …Thh:mm[:ss[.s…]]TZD (W3C NOTE-datetime)
const W3C = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;
const EPOCH = /^\d+$/;

/** Milliseconds since the epoch, or undefined when not a date AWS accepts. */
export function parseDate(s: string): number | undefined {
  const t = s.trim();
  if (EPOCH.test(t) && t.length !== 4) return Number(t) * 1000; // a bare 4-digit value is a year
  if (!W3C.test(t)) return undefined;
  const ms = Date.parse(t.length === 4 ? `${t}-01-01` : t);
  return Number.isNaN(ms) ? undefined : ms;
}

const compare: Record<string, (a: number, b: number) => boolean> = {
  DateEquals: (a, b) => a === b,
  DateNotEquals: (a, b) => a === b, // negated below
  DateLessThan: (a, b) => a < b,
  DateLessThanEquals: (a, b) => a <= b,
  DateGreaterThan: (a, b) => a > b,
  DateGreaterThanEquals: (a, b) => a >= b,
};

export const dateOperators = defineOperators(
  Object.fromEntries(Object.keys(compare).map((n) => [n, { negated: n === 'DateNotEquals' }])),
  { variables: false },
  (name, raw) => {
    const want = parseDate(raw);
    if (want === undefined) return `${JSON.stringify(raw)} is not an ISO 8601 date or epoch time`;
    const cmp = compare[name];
    return (v) => {
      const got = parseDate(v);
      return got !== undefined && cmp(got, want);
    };
  },
);
