/**
 * A batch of logged decisions as one stored text, the decision log's unit of writing: a row per
 * decision cost more CPU to write (7-13 µs) than all the rest of logging it. A batch names each kind
 * of decision it holds once (principal, action, resource, decision, trace and a denial's reason, with
 * each string and trace written once) and each decision is then its time and its kind: a repeated call,
 * judged by the same Decision object (see allowedAlready in authorize.ts), adds two small numbers.
 *
 * The text is JSON: [firstAtMs, strings, traces, kinds, entries] where kinds has 6 numbers a kind,
 * [principal, action, resource, decision, trace, reason or -1], and entries 2 a decision, in the
 * order made: [atMs - firstAtMs, kind].
 */
import { denialMessage, type AuthzRequest, type Decision } from '../policy/index.js';

/** What the log's record() keeps: the request and decision as they are. */
export interface Recorded { atMs: number; req: AuthzRequest; decision: Decision }

/** One decision read back from a batch. */
export interface StoredDecision {
  atMs: number; principal: string; action: string; resource: string; decision: Decision['decision']; trace: Decision['trace'];
  /** for a denial, AWS's AccessDenied text of it */
  reason?: string;
}

const KIND_FIELDS = 6;
const ENTRY_FIELDS = 2;
const NO_REASON = -1;

/** A Decision's trace as JSON, worded once however many batches hold it. */
const traceJsonOf = new WeakMap<Decision, string>();
function traceJson(d: Decision): string {
  let json = traceJsonOf.get(d);
  if (json === undefined) traceJsonOf.set(d, (json = JSON.stringify(d.trace)));
  return json;
}

/** The kind a batch last made of a Decision, and the request it was made for. */
interface Kind { index: number; principal: string; action: string; resource: string }

/** The batch's text; recorded must not be empty. */
export function encodeBatch(recorded: Recorded[]): string {
  const first = recorded[0].atMs;
  const strings = new Map<string, number>();
  const traces = new Map<Decision, number>();
  const traceTexts: string[] = [];
  const kinds: number[] = [];
  const kindOf = new Map<Decision, Kind>();
  const str = (s: string) => {
    let i = strings.get(s);
    if (i === undefined) strings.set(s, (i = strings.size));
    return i;
  };
  const newKind = (req: AuthzRequest, d: Decision): Kind => {
    let trace = traces.get(d);
    if (trace === undefined) {
      traces.set(d, (trace = traceTexts.length));
      traceTexts.push(traceJson(d));
    }
    // Denials are few, and their text depends on the request: worded here rather than on the request path.
    const reason = d.allowed ? NO_REASON : str(denialMessage(req, d));
    const kind = { index: kinds.length / KIND_FIELDS, principal: req.principal.arn, action: req.action, resource: req.resource };
    kinds.push(str(kind.principal), str(kind.action), str(kind.resource), str(d.decision), trace, reason);
    return kind;
  };
  const entries = new Array<number>(recorded.length * ENTRY_FIELDS);
  let at = 0;
  for (const { atMs, req, decision } of recorded) {
    let kind = kindOf.get(decision);
    if (kind === undefined || kind.principal !== req.principal.arn || kind.action !== req.action || kind.resource !== req.resource) {
      kindOf.set(decision, (kind = newKind(req, decision)));
    }
    // Small integers (a batch spans seconds): a double would be slower to write as text.
    entries[at++] = (atMs - first) | 0;
    entries[at++] = kind.index;
  }
  return `[${first},${JSON.stringify([...strings.keys()])},[${traceTexts.join(',')}],${JSON.stringify(kinds)},${JSON.stringify(entries)}]`;
}

/** Narrows which of a batch's decisions are wanted (asked once for each kind of decision in the batch). */
export interface BatchFilter {
  principal?: (arn: string) => boolean;
  action?: (action: string) => boolean;
  decision?: (decision: string) => boolean;
}

/**
 * Of the newest `newest` decisions of a batch's text, those that pass filter, newest first: each is
 * given to visit, which returns false to stop. Returns false if visit stopped it.
 */
export function eachDecisionNewestFirst(text: string, newest: number, filter: BatchFilter, visit: (d: StoredDecision) => boolean): boolean {
  const [first, strings, traces, kinds, entries] = JSON.parse(text) as [number, string[], Decision['trace'][], number[], number[]];
  const passes = (kind: number) => {
    const k = kind * KIND_FIELDS;
    return (!filter.principal || filter.principal(strings[kinds[k]]))
      && (!filter.action || filter.action(strings[kinds[k + 1]]))
      && (!filter.decision || filter.decision(strings[kinds[k + 3]]));
  };
  const wanted = Array.from({ length: kinds.length / KIND_FIELDS }, (_, kind) => passes(kind));
  const oldest = Math.max(0, entries.length - newest * ENTRY_FIELDS);
  for (let at = entries.length - ENTRY_FIELDS; at >= oldest; at -= ENTRY_FIELDS) {
    const kind = entries[at + 1];
    if (!wanted[kind]) continue;
    const k = kind * KIND_FIELDS;
    const entry: StoredDecision = {
      atMs: first + entries[at], principal: strings[kinds[k]], action: strings[kinds[k + 1]], resource: strings[kinds[k + 2]],
      decision: strings[kinds[k + 3]] as Decision['decision'], trace: traces[kinds[k + 4]],
    };
    if (kinds[k + 5] !== NO_REASON) entry.reason = strings[kinds[k + 5]];
    if (!visit(entry)) return false;
  }
  return true;
}
