/** An enum member's value checked as AWS does: anything else is InvalidInputException INVALID_ENUM. */
import { invalidInput } from './shared.js';

/** The value when it is one of the enum's values (or absent). */
export function enumValue<T extends string>(value: unknown, allowed: readonly T[], member: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw invalidInput('INVALID_ENUM', `You specified an invalid value for ${member}. Valid values: ${allowed.join(', ')}.`);
}
