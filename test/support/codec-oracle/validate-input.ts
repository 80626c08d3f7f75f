/**
 * REFERENCE ONLY (tests): services/validate-input.ts as it was before its
 * required members were cached and its messages built only for a problem
 * (commit 86bf94f), the oracle it must agree with.
 *
 * Checks a decoded input against the model's required members and the
 * service's constraint table (the SDK schemas carry no lengths or patterns,
 * so those come from the API Reference). Errors read as AWS's do:
 * "1 validation error detected: Value 'x' at 'userName' failed to satisfy constraint: …".
 */
import { AwsError } from '../../../src/core/aws-error.js';
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
}

/** Constraints by member name; the same member name means the same thing across one service's operations. */
export type ConstraintTable = Record<string, Constraint>;

const lowerFirst = (s: string) => s[0].toLowerCase() + s.slice(1);

function requiredMembers(schema: NormalizedSchema): string[] {
  const raw = schema.getSchema() as unknown as unknown[];
  const names = (raw[4] as string[]) ?? [];
  const count = typeof raw[6] === 'number' ? (raw[6] as number) : 0;
  return names.slice(0, count);
}

export function validateInput(input: Record<string, unknown>, schema: NormalizedSchema, table: ConstraintTable): void {
  const problems: string[] = [];
  for (const name of requiredMembers(schema)) {
    if (input[name] === undefined) problems.push(`Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`);
  }
  for (const [name, value] of Object.entries(input)) {
    const c = table[name];
    if (!c || value === undefined) continue;
    const where = `at '${lowerFirst(name)}'`;
    if (typeof value === 'string') {
      const shown = c.sensitive ? '*'.repeat(Math.min(value.length, 16)) : value.length > 256 ? value.slice(0, 256) : value;
      if (c.min !== undefined && value.length < c.min)
        problems.push(`Value '${shown}' ${where} failed to satisfy constraint: Member must have length greater than or equal to ${c.min}`);
      else if (c.max !== undefined && value.length > c.max)
        problems.push(`Value '${shown}' ${where} failed to satisfy constraint: Member must have length less than or equal to ${c.max}`);
      else if (c.pattern && !c.pattern.test(value))
        problems.push(`Value '${shown}' ${where} failed to satisfy constraint: Member must satisfy regular expression pattern: ${c.patternText ?? c.pattern.source}`);
    } else if (typeof value === 'number') {
      if (c.minValue !== undefined && value < c.minValue)
        problems.push(`Value '${value}' ${where} failed to satisfy constraint: Member must have value greater than or equal to ${c.minValue}`);
      else if (c.maxValue !== undefined && value > c.maxValue)
        problems.push(`Value '${value}' ${where} failed to satisfy constraint: Member must have value less than or equal to ${c.maxValue}`);
    } else if (Array.isArray(value) && c.maxItems !== undefined && value.length > c.maxItems) {
      problems.push(`Value '[…]' ${where} failed to satisfy constraint: Member must have length less than or equal to ${c.maxItems}`);
    }
  }
  if (problems.length > 0) {
    const n = problems.length;
    throw new AwsError('ValidationError', `${n} validation error${n > 1 ? 's' : ''} detected: ${problems.join('; ')}`, 400);
  }
}
