/** Top-level shape: Version, Id, Statement (an object or a non-empty array of objects). */
import { properties, property, type Node } from '../parse/json-tree.js';
import { Phase, type Diagnostics } from './diagnostics.js';
import { MSG } from './messages.js';

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
export const VERSIONS = new Set(['2012-10-17', '2008-10-17']);

export interface StatementRef {
  node: Node;
  /** "Statement[i]" for an array, "Statement" for a single object. */
  path: string;
}

/** Checks the document level and returns the statements worth checking further. */
export function checkDocument(root: Node, out: Diagnostics): StatementRef[] {
  if (root.type !== 'object') {
    out.syntax(root, '', 'The policy must be a JSON object');
    return [];
  }
  for (const p of properties(root)) {
    if (!TOP_LEVEL.has(p.key)) out.syntax(p.keyNode, p.key, `Unknown field ${p.key}`);
  }
  const version = property(root, 'Version');
  if (version && !(version.type === 'string' && VERSIONS.has(version.value))) {
    out.syntax(version, 'Version', 'Version must be "2012-10-17" or "2008-10-17"');
  }
  const id = property(root, 'Id');
  if (id && id.type !== 'string') out.syntax(id, 'Id', 'Id must be a string');

  const statement = property(root, 'Statement');
  if (!statement) {
    out.syntax(root, 'Statement', 'Missing required field Statement');
    return [];
  }
  if (statement.type === 'object') return [{ node: statement, path: 'Statement' }];
  if (statement.type !== 'array' || !statement.children?.length) {
    out.syntax(statement, 'Statement', 'Statement must be an object or a non-empty array of objects');
    return [];
  }
  const refs: StatementRef[] = [];
  statement.children.forEach((node, i) => {
    const path = `Statement[${i}]`;
    if (node.type === 'object') refs.push({ node, path });
    else out.syntax(node, path, 'Each statement must be an object');
  });
  return refs;
}

/** Sids must be unique within a policy. */
export function checkSids(statements: StatementRef[], out: Diagnostics): void {
  const seen = new Set<string>();
  for (const s of statements) {
    const sid = property(s.node, 'Sid');
    if (sid?.type !== 'string' || sid.value === '') continue;
    if (seen.has(sid.value)) out.add(Phase.Format, sid, `${s.path}.Sid`, MSG.duplicateSid);
    seen.add(sid.value);
  }
}
