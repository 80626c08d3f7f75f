/**
 * Checks a decoded input against the model's required members and the
 * service's constraint table (the SDK schemas carry no lengths or patterns,
 * so those come from the API Reference). Errors read as AWS's do:
 * "1 validation error detected: Value 'x' at 'userName' failed to satisfy constraint: …".
 */
import { AwsError } from '../core/aws-error.js';
import type { NormalizedSchema } from '@smithy/core/schema';

export interface Constraint {
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** the pattern as the API Reference prints it, for the message */
  patternText?: string;
  /** for numbers */
  minValue?: number;
  maxValue?: number;
  /** for lists */
  maxItems?: number;
  /** a secret (passwords): never echoed back in the error message */
  sensitive?: boolean;
  /** for strings: the model's enum values */
  enum?: readonly string[];
}

/** Which constraint a value broke, for a service that words its refusals its own way. */
export type ProblemKind = 'null' | 'min' | 'max' | 'pattern' | 'enum' | 'minValue' | 'maxValue' | 'maxItems';
export interface Problem { kind: ProblemKind; member: string; text: string }

/**
 * A table's own refusal of its input's problems. Without one the refusal is IAM's and STS's
 * ValidationError listing them all; Organizations answers InvalidInputException with a Reason instead.
 */
export const REFUSAL: unique symbol = Symbol('refusal');

/** Constraints by member name; the same member name means the same thing across one service's operations. */
export type ConstraintTable = Record<string, Constraint> & { [REFUSAL]?: (problems: Problem[]) => AwsError };

const lowerFirst = (s: string) => s[0].toLowerCase() + s.slice(1);
/** A string value as the message shows it (secrets masked, long values cut); worked out only for a problem. */
const shown = (value: string, c: Constraint) => (c.sensitive ? '*'.repeat(Math.min(value.length, 16)) : value.length > 256 ? value.slice(0, 256) : value);

// Per input schema, worked out once: static struct schemas list required members first and carry their count.
const required = new WeakMap<object, string[]>();
function requiredMembers(schema: NormalizedSchema): string[] {
  const raw = schema.getSchema() as unknown as unknown[];
  if (typeof raw !== 'object' || raw === null) return []; // 'unit': an operation without input
  let names = required.get(raw);
  if (!names) {
    const count = typeof raw[6] === 'number' ? (raw[6] as number) : 0;
    required.set(raw, (names = ((raw[4] as string[]) ?? []).slice(0, count)));
  }
  return names;
}

export function validateInput(input: Record<string, unknown>, schema: NormalizedSchema, table: ConstraintTable): void {
  const problems: Problem[] = [];
  for (const name of requiredMembers(schema)) {
    if (input[name] === undefined) problems.push(violation('null', 'null', name, 'not be null'));
  }
  for (const name of Object.keys(input)) {
    const value = input[name];
    const c = table[name];
    if (!c || value === undefined) continue;
    if (typeof value === 'string') {
      if (c.min !== undefined && value.length < c.min)
        problems.push(violation('min', `'${shown(value, c)}'`, name, `have length greater than or equal to ${c.min}`));
      else if (c.max !== undefined && value.length > c.max)
        problems.push(violation('max', `'${shown(value, c)}'`, name, `have length less than or equal to ${c.max}`));
      else if (c.pattern && !c.pattern.test(value))
        problems.push(violation('pattern', `'${shown(value, c)}'`, name, `satisfy regular expression pattern: ${c.patternText ?? c.pattern.source}`));
      else if (c.enum && !c.enum.includes(value))
        problems.push(violation('enum', `'${shown(value, c)}'`, name, `satisfy enum value set: [${c.enum.join(', ')}]`));
    } else if (typeof value === 'number') {
      if (c.minValue !== undefined && value < c.minValue)
        problems.push(violation('minValue', `'${value}'`, name, `have value greater than or equal to ${c.minValue}`));
      else if (c.maxValue !== undefined && value > c.maxValue)
        problems.push(violation('maxValue', `'${value}'`, name, `have value less than or equal to ${c.maxValue}`));
    } else if (Array.isArray(value) && c.maxItems !== undefined && value.length > c.maxItems) {
      problems.push(violation('maxItems', "'[…]'", name, `have length less than or equal to ${c.maxItems}`));
    }
  }
  if (problems.length > 0) {
    const refusal = table[REFUSAL];
    if (refusal) throw refusal(problems);
    const n = problems.length;
    throw new AwsError('ValidationError', `${n} validation error${n > 1 ? 's' : ''} detected: ${problems.map((p) => p.text).join('; ')}`, 400);
  }
}

/** One problem as AWS words it: "Value 'x' at 'userName' failed to satisfy constraint: Member must …". */
const violation = (kind: ProblemKind, shownValue: string, member: string, must: string): Problem =>
  ({ kind, member, text: `Value ${shownValue} at '${lowerFirst(member)}' failed to satisfy constraint: Member must ${must}` });
