/**
 * One condition = one operator applied to one key with one or more policy
 * values. Values of a key are OR'ed; keys and operators are AND'ed by the caller.
 *
 * Missing keys ("Condition operators", Important box): a positive operator is
 * false, a negated one true; ...IfExists is true; Null tests presence.
 * Set qualifiers ("Multivalued context keys"): ForAllValues is true when the
 * key is absent or empty, ForAnyValue false; each request value is tested
 * with the (possibly negated) operator against the policy values.
 */
import type { ContextView } from './context.js';
import type { OperatorDef, ValueTest } from './operator.js';
import { parseOperator, type SetQualifier } from './registry.js';

export interface CompiledCondition {
  operator: string;
  key: string;
  def: OperatorDef;
  qualifier?: SetQualifier;
  ifExists: boolean;
  tests: ValueTest[];
}

export interface ConditionResult {
  holds: boolean;
  /** A policy variable in the values had no value in the request. */
  unresolved?: boolean;
}

/** Throws on an invalid operator or value; validatePolicy reports those first. */
export function compileCondition(operator: string, key: string, values: string[], variablesOn: boolean): CompiledCondition {
  const parsed = parseOperator(operator);
  if (!parsed) throw new Error(`Unknown condition operator ${operator}`);
  const tests = values.map((raw) => {
    const t = parsed.def.compile(raw, variablesOn && parsed.def.variables);
    if (typeof t === 'string') throw new Error(`${operator}: ${t}`);
    return t;
  });
  return { operator, key, ...parsed, tests };
}

export function evaluateCondition(c: CompiledCondition, ctx: ContextView): ConditionResult {
  const values = ctx.values(c.key);
  const absent = values === undefined || values.length === 0;

  if (c.def.presence) {
    const state = absent ? 'absent' : 'present';
    return { holds: c.tests.some((t) => t(state, ctx.lookup)) };
  }

  let unresolved = false;
  // Does one request value satisfy the operator (negation applied per value)?
  const satisfies = (v: string) => {
    let positive = false;
    let missingVariable = false;
    for (const t of c.tests) {
      const r = t(v, ctx.lookup);
      if (r === undefined) missingVariable = true;
      else if (r) positive = true;
    }
    // Only matters when no other policy value matched.
    if (missingVariable && !positive) unresolved = true;
    return c.def.negated ? !positive : positive;
  };

  let holds: boolean;
  if (c.qualifier === 'ForAllValues') holds = absent || values.every(satisfies);
  else if (c.qualifier === 'ForAnyValue') holds = !absent && values.some(satisfies);
  else if (absent) holds = c.ifExists || c.def.negated;
  else {
    // A single-valued key normally; several values without a qualifier match if any does.
    const positive = values.some((v) => (c.def.negated ? !satisfies(v) : satisfies(v)));
    holds = c.def.negated ? !positive : positive;
  }
  // An unresolved variable makes the statement not apply ("Variables and tags", note).
  if (unresolved) return { holds: false, unresolved: true };
  return { holds };
}
