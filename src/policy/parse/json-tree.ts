/**
 * JSON with source positions, so every diagnostic can point at a line and
 * column. jsonc-parser is run strictly: no comments, no trailing commas.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

export type { Node };

export interface JsonTree {
  root?: Node;
  errors: Array<{ detail: string; offset: number }>;
  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number };
}

/**
 * Deeper than any policy (Statement → statement → Condition → operator → key → values is 6)
 * by far; deeper still would overflow the stack of the recursive parser.
 */
export const MAX_DEPTH = 64;

/** The offset where nesting first exceeds MAX_DEPTH, if it does (strings skipped). */
function tooDeepAt(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) { // a string: skip to its closing quote
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return undefined;
}

export function parseJson(text: string): JsonTree {
  const errors: ParseError[] = [];
  const deep = tooDeepAt(text);
  const root = deep === undefined ? parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false }) : undefined;
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const position = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
  };
  const found: JsonTree['errors'] = errors.map((e) => ({ detail: printParseErrorCode(e.error), offset: e.offset }));
  if (deep !== undefined) found.push({ detail: `NestedTooDeep (more than ${MAX_DEPTH} levels)`, offset: deep });
  return { root, errors: found, position };
}

export interface Property {
  key: string;
  keyNode: Node;
  value: Node;
}

/** The properties of an object node in document order. */
export function properties(node: Node): Property[] {
  if (node.type !== 'object') return [];
  return (node.children ?? []).flatMap((p) => {
    const [keyNode, value] = p.children ?? [];
    return keyNode && value ? [{ key: String(keyNode.value), keyNode, value }] : [];
  });
}

/** A property's value node; with duplicate keys the last one wins, as in JSON.parse. */
export function property(node: Node, key: string): Node | undefined {
  return properties(node).filter((p) => p.key === key).pop()?.value;
}

export const isStringNode = (n: Node) => n.type === 'string';

/** A single string or an array of strings; undefined if the shape is wrong. */
export function stringList(n: Node): Node[] | undefined {
  if (n.type === 'string') return [n];
  if (n.type !== 'array') return undefined;
  const items = n.children ?? [];
  return items.every(isStringNode) ? items : undefined;
}
