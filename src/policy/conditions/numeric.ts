/** Numeric condition operators: integers or decimals, no policy variables. */
import { defineOperators } from './operator.js';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
export const parseNumber = (s: string) => (NUMBER.test(s.trim()) ? Number(s) : undefined);

const compare: Record<string, (a: number, b: number) => boolean> = {
  NumericEquals: (a, b) => a === b,
  NumericNotEquals: (a, b) => a === b, // negated below
  NumericLessThan: (a, b) => a < b,
  NumericLessThanEquals: (a, b) => a <= b,
  NumericGreaterThan: (a, b) => a > b,
  NumericGreaterThanEquals: (a, b) => a >= b,
};

export const numericOperators = defineOperators(
  Object.fromEntries(Object.keys(compare).map((n) => [n, { negated: n === 'NumericNotEquals' }])),
  { variables: false },
  (name, raw) => {
    const want = parseNumber(raw);
    if (want === undefined) return `${JSON.stringify(raw)} is not a number`;
    const cmp = compare[name];
    return (v) => {
      const got = parseNumber(v);
      return got !== undefined && cmp(got, want);
    };
  },
);
