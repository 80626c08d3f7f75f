/** String condition operators ("IAM JSON policy elements: Condition operators" › String). */
import { compilePattern, matchPattern, parsePieces, resolveLiteral } from '../match/pattern.js';
import { defineOperators, type ValueTest } from './operator.js';

export const stringOperators = defineOperators(
  {
    StringEquals: {},
    StringNotEquals: { negated: true },
    StringEqualsIgnoreCase: {},
    StringNotEqualsIgnoreCase: { negated: true },
    StringLike: {},
    StringNotLike: { negated: true },
  },
  { variables: true },
  (name, raw, variablesOn): ValueTest => {
    if (name.endsWith('Like')) {
      const pattern = compilePattern(raw, { wildcards: true, variables: variablesOn });
      return (v, lookup) => matchPattern(pattern, v, lookup);
    }
    const ignoreCase = name.endsWith('IgnoreCase');
    const pieces = parsePieces(raw, { wildcards: false, variables: variablesOn });
    return (v, lookup) => {
      const want = resolveLiteral(pieces, lookup);
      if (want === undefined) return undefined;
      return ignoreCase ? want.toLowerCase() === v.toLowerCase() : want === v;
    };
  },
);
