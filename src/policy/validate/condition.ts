/**
 * The Condition block ("IAM JSON policy elements: Condition"): operator →
 * { key → value or [values] }. Unknown operators, malformed keys and values an
 * operator cannot use are reported rather than silently never matching.
 */
import { parseOperator } from '../conditions/registry.js';
import { properties, type Node } from '../parse/json-tree.js';
import { Phase, type Diagnostics } from './diagnostics.js';
import { MSG } from './messages.js';

const SCALAR = new Set(['string', 'number', 'boolean']);

export function checkConditionBlock(block: Node, path: string, out: Diagnostics): void {
  if (block.type !== 'object') {
    out.syntax(block, path, 'Condition must be an object mapping operators to {key: values}');
    return;
  }
  for (const op of properties(block)) {
    const opPath = `${path}.${op.key}`;
    const parsed = parseOperator(op.key);
    if (!parsed) out.syntax(op.keyNode, opPath, `Unknown condition operator ${op.key}`);
    if (op.value.type !== 'object') {
      out.syntax(op.value, opPath, `${op.key} must map condition keys to values`);
      continue;
    }
    for (const k of properties(op.value)) {
      const keyPath = `${opPath}.${k.key}`;
      if (!k.key.includes(':')) out.add(Phase.Format, k.keyNode, keyPath, MSG.vendorRequired);
      const values = k.value.type === 'array' ? (k.value.children ?? []) : [k.value];
      if (!values.every((v) => SCALAR.has(v.type))) {
        out.syntax(k.value, keyPath, 'Condition values must be strings, numbers or booleans, or an array of them');
        continue;
      }
      if (!parsed) continue;
      values.forEach((v) => {
        const problem = parsed.def.compile(String(v.value), parsed.def.variables);
        if (typeof problem === 'string') out.syntax(v, keyPath, `${op.key}: ${problem}`);
      });
    }
  }
}
