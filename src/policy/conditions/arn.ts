/**
 * ARN operators: each of the six colon-delimited parts is matched on its own,
 * so `*` never crosses a colon before the resource part; ArnEquals and ArnLike
 * behave identically ("Condition operators" › Amazon Resource Name).
 */
import { compilePattern, matchPattern } from '../match/pattern.js';
import { defineOperators } from './operator.js';

/** arn:partition:service:region:account:resource — the resource part keeps its colons. */
export function splitArn(s: string): string[] | undefined {
  const parts = s.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

export const arnOperators = defineOperators(
  { ArnEquals: {}, ArnLike: {}, ArnNotEquals: { negated: true }, ArnNotLike: { negated: true } },
  { variables: true },
  (_name, raw, variablesOn) => {
    const parts = splitArn(raw);
    if (!parts) return `${JSON.stringify(raw)} is not an ARN`;
    const patterns = parts.map((p) => compilePattern(p, { wildcards: true, variables: variablesOn }));
    return (v, lookup) => {
      const got = splitArn(v);
      if (!got) return false;
      let result: boolean | undefined = true;
      for (let i = 0; i < 6 && result; i++) result = matchPattern(patterns[i], got[i], lookup);
      return result;
    };
  },
);
