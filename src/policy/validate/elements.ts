/** Formats of Action and Resource entries ("IAM JSON policy elements: Action / Resource"). */
import type { Node } from '../parse/json-tree.js';
import { Phase, type Diagnostics } from './diagnostics.js';
import { MSG } from './messages.js';

const VENDOR = /^[a-zA-Z0-9-]+$/;

/** `*`, or `vendor:action` where only the action part may hold wildcards. */
export function actionProblem(action: string): string | undefined {
  if (action === '*') return undefined;
  const parts = action.split(':');
  if (parts.length === 1) return MSG.vendorRequired;
  if (parts.length > 2) return MSG.oneColon;
  const vendor = parts[0];
  if (/[*?]/.test(vendor)) return MSG.vendorWildcard;
  if (!VENDOR.test(vendor)) return MSG.vendorInvalid(vendor);
  return undefined;
}

export function checkActions(items: Node[], path: string, out: Diagnostics): void {
  items.forEach((n, i) => {
    const problem = actionProblem(n.value);
    if (problem) out.add(Phase.Format, n, `${path}[${i}]`, problem);
  });
}

/** `*`, or an ARN: arn:partition:service:region:account:resource, with a literal service. */
export function resourceProblem(resource: string): string | undefined {
  if (resource === '*') return undefined;
  const parts = resource.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return MSG.resourceFormat(resource);
  if (parts[2] === '' || /[*?]/.test(parts[2])) return MSG.resourceVendor;
  return undefined;
}

export function checkResources(items: Node[], path: string, out: Diagnostics): void {
  items.forEach((n, i) => {
    const problem = resourceProblem(n.value);
    if (problem) out.add(Phase.Format, n, `${path}[${i}]`, problem);
  });
}
