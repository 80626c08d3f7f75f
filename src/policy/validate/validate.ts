/** validatePolicy: every problem in a policy document, the one AWS would report first. */
import { parseJson } from '../parse/json-tree.js';
import type { Diagnostic, PolicyKind } from '../types.js';
import { Diagnostics } from './diagnostics.js';
import { checkDocument, checkSids } from './document.js';
import { checkOrganizationsDocument, isOrganizationsKind } from './organizations.js';
import { checkStatement } from './statement.js';

export function validatePolicy(text: string, kind: PolicyKind): Diagnostic[] {
  const tree = parseJson(text);
  const out = new Diagnostics(tree);
  if (!tree.root || tree.errors.length > 0) {
    // Malformed JSON: AWS reports only that; the parser's reasons go in the details.
    if (tree.errors.length === 0) out.syntax(0, '', 'The policy is empty');
    for (const e of tree.errors) out.syntax(e.offset, '', `Invalid JSON: ${e.detail}`);
    return out.sorted();
  }
  const statements = checkDocument(tree.root, out);
  if (isOrganizationsKind(kind) && tree.root.type === 'object') checkOrganizationsDocument(text, tree.root, kind, out);
  for (const s of statements) checkStatement(s, kind, out);
  checkSids(statements, out);
  return out.sorted();
}

/** The library's short name: an identity policy unless told otherwise; [] means valid. */
export function validate(text: string, kind: PolicyKind = 'identity'): Diagnostic[] {
  return validatePolicy(text, kind);
}
