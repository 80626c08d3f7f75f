/**
 * Collects diagnostics and orders them the way AWS checks a document: syntax
 * first, then the rules of the policy kind, then required elements, then the
 * format of values. So the first diagnostic is the one AWS would report.
 */
import type { JsonTree, Node } from '../parse/json-tree.js';
import type { Diagnostic } from '../types.js';

export enum Phase {
  Syntax = 0,
  Kind = 1,
  Required = 2,
  Format = 3,
}

export class Diagnostics {
  private readonly items: Array<{ phase: Phase; offset: number; d: Diagnostic }> = [];

  constructor(private readonly tree: JsonTree) {}

  add(phase: Phase, node: Node | number, path: string, message: string, detail?: string): void {
    const offset = typeof node === 'number' ? node : node.offset;
    const d: Diagnostic = { message, ...this.tree.position(offset), path };
    if (detail) d.detail = detail;
    this.items.push({ phase, offset, d });
  }

  /** Shorthand for AWS's catch-all "Syntax errors in policy." with the specific reason as detail. */
  syntax(node: Node | number, path: string, detail: string): void {
    this.add(Phase.Syntax, node, path, 'Syntax errors in policy.', detail);
  }

  sorted(): Diagnostic[] {
    return this.items
      .map((x, i) => ({ ...x, i }))
      .sort((a, b) => a.phase - b.phase || a.offset - b.offset || a.i - b.i)
      .map((x) => x.d);
  }
}
