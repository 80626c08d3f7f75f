/**
 * The IAM actions this server judges (its operations' actions, and the ones
 * handlers check themselves), so `explain` can say "did you mean …?" when
 * asked about an action none of its requests would ever be judged as.
 */
import { SERVICES } from './registry.js';

/** Actions judged inside handlers rather than declared on an operation. */
const CHECKED_BY_HANDLERS = [
  'iam:PassRole', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext',
  's3:GetObjectVersion', 's3:DeleteObjectVersion', 's3:GetObjectVersionAcl', 's3:PutObjectVersionAcl',
  's3:GetObjectVersionTagging', 's3:PutObjectVersionTagging', 's3:DeleteObjectVersionTagging',
];

let known: { actions: Map<string, string>; byOperation: Map<string, string> } | undefined;

/** Lower-cased action → its spelling; and service:Operation → the action it is judged as (s3:ListBuckets → s3:ListAllMyBuckets). */
function table() {
  if (known) return known;
  const actions = new Map<string, string>();
  const byOperation = new Map<string, string>();
  for (const a of CHECKED_BY_HANDLERS) actions.set(a.toLowerCase(), a);
  for (const { operations } of Object.values(SERVICES)) {
    for (const [name, def] of Object.entries(operations)) {
      if (!def.action) continue;
      actions.set(def.action.toLowerCase(), def.action);
      const prefix = def.action.slice(0, def.action.indexOf(':'));
      if (`${prefix}:${name}`.toLowerCase() !== def.action.toLowerCase()) byOperation.set(`${prefix}:${name}`.toLowerCase(), def.action);
    }
  }
  return (known = { actions, byOperation });
}

/** Edit distance, for the nearest spelling. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/**
 * A hint for an action of IAM, STS or S3 that this server never judges
 * requests as, or undefined: for a known action, a wildcard, or another
 * service's action (which this server cannot know).
 */
export function actionHint(action: string): string | undefined {
  const colon = action.indexOf(':');
  const prefix = action.slice(0, colon).toLowerCase();
  if (colon < 0 || /[*?]/.test(action) || !['iam', 'sts', 's3'].includes(prefix)) return undefined;
  const { actions, byOperation } = table();
  const lower = action.toLowerCase();
  if (actions.has(lower)) return undefined;
  // An operation's name where its action has another (ListBuckets is judged as s3:ListAllMyBuckets).
  let guess = byOperation.get(lower);
  if (!guess) {
    let best = Infinity;
    for (const [k, spelled] of actions) {
      if (!k.startsWith(`${prefix}:`)) continue;
      const d = distance(lower, k);
      if (d < best) [best, guess] = [d, spelled];
    }
    // Only a near miss is worth suggesting.
    if (best > Math.max(3, Math.floor(lower.length / 4))) guess = undefined;
  }
  const unknown = `${action} is not an action this server judges requests as`;
  return guess ? `${unknown}: did you mean ${guess}?` : unknown;
}
