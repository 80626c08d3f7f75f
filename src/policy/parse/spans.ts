/** Where each statement of a policy starts and ends, for traces and IAM's simulator results. */
import type { Position } from '../compile/compiled.js';
import { parseJson, property } from './json-tree.js';

export interface Span {
  start: Position;
  end: Position;
}

/** One span per statement, in order; empty when the text is not a policy object. */
export function statementSpans(text: string): Span[] {
  const tree = parseJson(text);
  if (!tree.root || tree.root.type !== 'object') return [];
  const statement = property(tree.root, 'Statement');
  if (!statement) return [];
  const nodes = statement.type === 'array' ? (statement.children ?? []) : [statement];
  // The end position points at the closing brace itself, so both ends are inclusive.
  return nodes.map((n) => ({ start: tree.position(n.offset), end: tree.position(n.offset + n.length - 1) }));
}
