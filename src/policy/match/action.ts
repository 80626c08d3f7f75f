/** Action / NotAction entries: `service:Action` with wildcards, matched case-insensitively. */
import { compilePattern, type Pattern } from './pattern.js';

export function compileAction(source: string): Pattern {
  return compilePattern(source, { wildcards: true, variables: false, ignoreCase: true });
}

export function matchesAction(patterns: readonly Pattern[], action: string): boolean {
  return patterns.some((p) => p.fixed!.test(action));
}
