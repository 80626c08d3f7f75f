/**
 * Principal / NotPrincipal ("AWS JSON policy elements: Principal"): `"*"`, or
 * an object whose keys are AWS, Service, Federated or CanonicalUser. AWS
 * principals are `*`, an account id, or an IAM/STS principal ARN — no partial
 * wildcards. (IAM also checks that named users and roles exist; that needs
 * the store, so callers do it.)
 */
import { properties, stringList, type Node } from '../parse/json-tree.js';
import { Phase, type Diagnostics } from './diagnostics.js';
import { MSG } from './messages.js';

const TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

const AWS_PRINCIPAL = [
  /^\d{12}$/,
  /^arn:[a-z-]+:iam::\d{12}:root$/,
  /^arn:[a-z-]+:iam::\d{12}:(user|role)\/[^*?]+$/,
  /^arn:[a-z-]+:sts::\d{12}:(assumed-role\/[^*?/]+\/[^*?]+|federated-user\/[^*?]+)$/,
  /^A(IDA|ROA)[A-Z0-9]{12,}$/, // unique id of a user or role
];
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

/** Returns true when the shape is right, so values are worth checking. */
export function checkPrincipalShape(node: Node, path: string, out: Diagnostics): boolean {
  if (node.type === 'string') {
    if (node.value === '*') return true;
    out.syntax(node, path, 'A principal must be "*" or an object such as {"AWS": "..."}');
    return false;
  }
  if (node.type !== 'object' || !node.children?.length) {
    out.syntax(node, path, 'A principal must be "*" or an object such as {"AWS": "..."}');
    return false;
  }
  let ok = true;
  for (const p of properties(node)) {
    if (!TYPES.has(p.key)) {
      out.syntax(p.keyNode, `${path}.${p.key}`, `Unknown principal type ${p.key}`);
      ok = false;
    } else if (!stringList(p.value)?.length) {
      out.syntax(p.value, `${path}.${p.key}`, `${p.key} must be a string or a non-empty array of strings`);
      ok = false;
    }
  }
  return ok;
}

export function principalProblem(type: string, value: string): boolean {
  if (type === 'AWS') return value !== '*' && !AWS_PRINCIPAL.some((re) => re.test(value));
  if (type === 'Service') return value !== '*' && !SERVICE.test(value);
  return value.trim() === '';
}

export function checkPrincipalValues(node: Node, path: string, out: Diagnostics): void {
  for (const p of properties(node)) {
    stringList(p.value)!.forEach((v, i) => {
      if (principalProblem(p.key, v.value)) out.add(Phase.Format, v, `${path}.${p.key}[${i}]`, MSG.invalidPrincipal(p.key, v.value));
    });
  }
}
