/**
 * What every condition operator family provides. Each family file lists its
 * operators; negated ones (StringNotEquals, NotIpAddress…) compile the positive
 * test and evaluate-condition.ts negates it, so missing-key rules live in one place.
 */
import type { VariableLookup } from '../match/pattern.js';

/** Tests one request value against one policy value; undefined when a policy variable is unresolved. */
export type ValueTest = (requestValue: string, lookup: VariableLookup) => boolean | undefined;

export interface OperatorDef {
  name: string;
  negated: boolean;
  /** IAM allows policy variables only with string, ARN and Bool operators ("Condition operators" page). */
  variables: boolean;
  /** Null tests presence of the key, not its values. */
  presence?: boolean;
  /** Compiles one policy value, or returns why it is not a valid value for this operator. */
  compile(raw: string, variablesOn: boolean): ValueTest | string;
}

/** Shorthand for families whose operators differ only in name, negation and comparison. */
export function defineOperators(
  names: Record<string, { negated?: boolean }>,
  shared: Omit<OperatorDef, 'name' | 'negated' | 'compile'>,
  compile: (name: string, raw: string, variablesOn: boolean) => ValueTest | string,
): OperatorDef[] {
  return Object.entries(names).map(([name, o]) => ({
    name,
    negated: o.negated ?? false,
    ...shared,
    compile: (raw, variablesOn) => compile(name, raw, variablesOn),
  }));
}
