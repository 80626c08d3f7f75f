/**
 * Reads a condition operator name: optional set qualifier (ForAllValues: /
 * ForAnyValue:), base operator, optional IfExists suffix (not allowed on Null).
 */
import { arnOperators } from './arn.js';
import { binaryOperators } from './binary.js';
import { boolOperators } from './bool.js';
import { dateOperators } from './date.js';
import { ipOperators } from './ip.js';
import { nullOperators } from './null.js';
import { numericOperators } from './numeric.js';
import type { OperatorDef } from './operator.js';
import { stringOperators } from './string.js';

const OPERATORS = new Map<string, OperatorDef>(
  [
    ...stringOperators,
    ...numericOperators,
    ...dateOperators,
    ...boolOperators,
    ...binaryOperators,
    ...ipOperators,
    ...arnOperators,
    ...nullOperators,
  ].map((d) => [d.name, d]),
);

export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

export interface ParsedOperator {
  def: OperatorDef;
  qualifier?: SetQualifier;
  ifExists: boolean;
}

export function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name;
  let qualifier: SetQualifier | undefined;
  for (const q of ['ForAllValues', 'ForAnyValue'] as const) {
    if (rest.startsWith(`${q}:`)) {
      qualifier = q;
      rest = rest.slice(q.length + 1);
    }
  }
  let def = OPERATORS.get(rest);
  let ifExists = false;
  if (!def && rest.endsWith('IfExists')) {
    def = OPERATORS.get(rest.slice(0, -'IfExists'.length));
    ifExists = true;
  }
  if (!def || (ifExists && def.presence)) return undefined;
  return { def, qualifier, ifExists };
}

export const operatorNames = () => [...OPERATORS.keys()];
