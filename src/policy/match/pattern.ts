/**
 * Strings from a policy that may hold wildcards (`*`, `?`) and policy
 * variables (`${aws:username}`, `${key, 'default'}`, `${*}` `${?}` `${$}`).
 * Parsed once at compile time; variables are filled in per request.
 * (IAM User Guide, "IAM policy elements: Variables and tags".)
 */

export type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'any' } // `*`
  | { kind: 'one' } // `?`
  | { kind: 'var'; key: string; fallback?: string };

export interface PatternOptions {
  wildcards: boolean;
  /** Only policies with Version 2012-10-17 have variables; older ones read `${...}` literally. */
  variables: boolean;
  ignoreCase?: boolean;
}

/** Looks up a single-valued context key for a variable; undefined when absent. */
export type VariableLookup = (key: string) => string | undefined;

export interface Pattern {
  readonly source: string;
  readonly pieces: readonly Piece[];
  readonly ignoreCase: boolean;
  /** Set when the pattern has no variables, so it never needs rebuilding. */
  readonly fixed?: RegExp;
}

// The special variables stand for characters that would otherwise be wildcards.
const SPECIAL: Record<string, string> = { '*': '*', '?': '?', $: '$' };
const VARIABLE_BODY = /^\s*([^,\s}]+)\s*(?:,\s*'([^']*)'\s*)?$/;

export function parsePieces(source: string, opts: PatternOptions): Piece[] {
  const pieces: Piece[] = [];
  const pushText = (text: string) => {
    const last = pieces[pieces.length - 1];
    if (last?.kind === 'text') last.text += text;
    else pieces.push({ kind: 'text', text });
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (opts.variables && ch === '$' && source[i + 1] === '{') {
      const end = source.indexOf('}', i + 2);
      if (end > 0) {
        const body = source.slice(i + 2, end);
        const special = SPECIAL[body];
        const m = VARIABLE_BODY.exec(body);
        if (special !== undefined) pushText(special);
        else if (m) pieces.push({ kind: 'var', key: m[1], fallback: m[2] });
        else pushText(source.slice(i, end + 1));
        i = end;
        continue;
      }
    }
    if (opts.wildcards && ch === '*') pieces.push({ kind: 'any' });
    else if (opts.wildcards && ch === '?') pieces.push({ kind: 'one' });
    else pushText(ch);
  }
  return pieces;
}

export function hasVariables(pieces: readonly Piece[]): boolean {
  return pieces.some((p) => p.kind === 'var');
}

export function compilePattern(source: string, opts: PatternOptions): Pattern {
  const pieces = parsePieces(source, opts);
  const ignoreCase = opts.ignoreCase ?? false;
  const fixed = hasVariables(pieces) ? undefined : toRegExp(pieces, ignoreCase);
  return { source, pieces, ignoreCase, fixed };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function toRegExp(pieces: readonly Piece[], ignoreCase: boolean): RegExp {
  let re = '';
  for (const p of pieces) {
    if (p.kind === 'text') re += escapeRegExp(p.text);
    else if (p.kind === 'any') re += '.*';
    else if (p.kind === 'one') re += '.';
    else throw new Error('unresolved variable'); // callers resolve variables first
  }
  // `s`: a wildcard spans every character, newlines included.
  return new RegExp(`^${re}$`, ignoreCase ? 'is' : 's');
}

/** Fills in variables; substituted values are literal text. undefined when one cannot be resolved. */
export function resolvePieces(pieces: readonly Piece[], lookup: VariableLookup): Piece[] | undefined {
  const out: Piece[] = [];
  for (const p of pieces) {
    if (p.kind !== 'var') {
      out.push(p);
      continue;
    }
    const value = lookup(p.key) ?? p.fallback;
    if (value === undefined) return undefined;
    out.push({ kind: 'text', text: value });
  }
  return out;
}

/** The pattern as a RegExp for this request, or undefined when a variable is unresolved. */
export function patternRegExp(pattern: Pattern, lookup: VariableLookup): RegExp | undefined {
  if (pattern.fixed) return pattern.fixed;
  const resolved = resolvePieces(pattern.pieces, lookup);
  return resolved && toRegExp(resolved, pattern.ignoreCase);
}

/** true/false when decidable; undefined when a variable could not be resolved. */
export function matchPattern(pattern: Pattern, value: string, lookup: VariableLookup): boolean | undefined {
  return patternRegExp(pattern, lookup)?.test(value);
}

/** For patterns parsed without wildcards: the literal text after variables are filled in. */
export function resolveLiteral(pieces: readonly Piece[], lookup: VariableLookup): string | undefined {
  const resolved = resolvePieces(pieces, lookup);
  if (!resolved) return undefined;
  return resolved.map((p) => (p.kind === 'text' ? p.text : p.kind === 'any' ? '*' : '?')).join('');
}
