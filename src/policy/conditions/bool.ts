/** Bool: compares "true"/"false"; policy variables are allowed ("Condition operators" › Boolean). */
import { parsePieces, resolveLiteral } from '../match/pattern.js';
import { defineOperators } from './operator.js';

const isBool = (s: string) => s.toLowerCase() === 'true' || s.toLowerCase() === 'false';

export const boolOperators = defineOperators({ Bool: {} }, { variables: true }, (_name, raw, variablesOn) => {
  const pieces = parsePieces(raw, { wildcards: false, variables: variablesOn });
  if (pieces.every((p) => p.kind === 'text') && !isBool(raw)) return `${JSON.stringify(raw)} is not true or false`;
  return (v, lookup) => {
    const want = resolveLiteral(pieces, lookup);
    return want === undefined ? undefined : want.toLowerCase() === v.toLowerCase();
  };
});
