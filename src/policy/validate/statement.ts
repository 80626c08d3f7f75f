/** One statement: known fields, their shapes, and what the policy kind requires or forbids. */
import { properties, property, stringList, type Node } from '../parse/json-tree.js';
import type { PolicyKind } from '../types.js';
import { checkConditionBlock } from './condition.js';
import { Phase, type Diagnostics } from './diagnostics.js';
import type { StatementRef } from './document.js';
import { checkActions, checkResources } from './elements.js';
import { MSG } from './messages.js';
import { checkOrganizationsStatement, isOrganizationsKind } from './organizations.js';
import { checkPrincipalShape, checkPrincipalValues } from './principal.js';

const FIELDS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);
const EXCLUSIVE: Array<[string, string]> = [
  ['Action', 'NotAction'],
  ['Resource', 'NotResource'],
  ['Principal', 'NotPrincipal'],
];
const NAMES_PRINCIPALS: ReadonlySet<PolicyKind> = new Set(['trust', 'resource']);

export function checkStatement({ node, path }: StatementRef, kind: PolicyKind, out: Diagnostics): void {
  const has = (f: string) => property(node, f) !== undefined;
  for (const p of properties(node)) {
    if (!FIELDS.has(p.key)) out.syntax(p.keyNode, `${path}.${p.key}`, `Unknown field ${p.key}`);
  }
  for (const [a, b] of EXCLUSIVE) {
    if (has(a) && has(b)) out.syntax(property(node, b)!, `${path}.${b}`, `A statement cannot have both ${a} and ${b}`);
  }

  const sid = property(node, 'Sid');
  if (sid && sid.type !== 'string') out.syntax(sid, `${path}.Sid`, 'Sid must be a string');
  checkEffect(node, path, out);

  // Action/Resource lists: shape is syntax; an empty list counts as missing.
  const lists: Record<string, Node[] | undefined> = {};
  for (const f of ['Action', 'NotAction', 'Resource', 'NotResource']) {
    const v = property(node, f);
    if (!v) continue;
    lists[f] = stringList(v);
    if (!lists[f]) out.syntax(v, `${path}.${f}`, `${f} must be a string or an array of strings`);
  }

  checkKindRules(node, path, kind, out);

  const actions = lists.Action ?? lists.NotAction;
  if (!has('Action') && !has('NotAction') || (actions && actions.length === 0)) {
    out.add(Phase.Required, node, path, kind === 'resource' ? MSG.elementRequired : MSG.actionsRequired);
  }
  const resources = lists.Resource ?? lists.NotResource;
  // Trust policies have no Resource; for SCPs its absence is not flagged (AWS's examples always
  // include one, but whether Organizations rejects a statement without it is unconfirmed).
  if (kind !== 'trust' && kind !== 'scp' && (!has('Resource') && !has('NotResource') || (resources && resources.length === 0))) {
    out.add(Phase.Required, node, path, kind === 'resource' ? MSG.elementRequired : MSG.resourcesRequired);
  }

  for (const f of ['Action', 'NotAction'] as const) if (lists[f]) checkActions(lists[f]!, `${path}.${f}`, out);
  for (const f of ['Resource', 'NotResource'] as const) if (lists[f]) checkResources(lists[f]!, `${path}.${f}`, out);

  for (const f of ['Principal', 'NotPrincipal']) {
    const v = property(node, f);
    if (v && checkPrincipalShape(v, `${path}.${f}`, out) && NAMES_PRINCIPALS.has(kind)) checkPrincipalValues(v, `${path}.${f}`, out);
  }
  const condition = property(node, 'Condition');
  if (condition) checkConditionBlock(condition, `${path}.Condition`, out);
}

function checkEffect(node: Node, path: string, out: Diagnostics): void {
  const effect = property(node, 'Effect');
  if (!effect) out.syntax(node, `${path}.Effect`, 'Missing required field Effect');
  else if (effect.type !== 'string' || !/^(allow|deny)$/i.test(effect.value)) {
    out.syntax(effect, `${path}.Effect`, 'Effect must be "Allow" or "Deny"');
  }
}

/** Identity-side policies never name a principal; trust and resource policies must; trust policies have no resource. */
function checkKindRules(node: Node, path: string, kind: PolicyKind, out: Diagnostics): void {
  if (isOrganizationsKind(kind)) return checkOrganizationsStatement(node, path, kind, out);
  const principal = property(node, 'Principal') ?? property(node, 'NotPrincipal');
  if (!NAMES_PRINCIPALS.has(kind)) {
    if (principal) out.add(Phase.Kind, principal, `${path}.${principal.parent?.children?.[0].value}`, MSG.principalNotAllowed);
    return;
  }
  if (!principal) out.add(Phase.Kind, node, `${path}.Principal`, MSG.principalRequired);
  if (kind === 'trust') {
    for (const f of ['Resource', 'NotResource']) {
      const v = property(node, f);
      if (v) out.add(Phase.Kind, v, `${path}.${f}`, MSG.prohibitedField(f));
    }
  }
}
