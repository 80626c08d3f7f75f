/**
 * S3 request → operation input, per member binding: @httpLabel (bucket,
 * key), @httpQuery, @httpHeader, @httpPrefixHeaders and @httpPayload (XML
 * parsed per schema). Blob and streaming payloads (object bodies) are left
 * to the caller, who owns the stream.
 */
import type { NormalizedSchema } from '@smithy/core/schema';
import { AwsError } from '../../core/aws-error.js';
import type { OperationModel } from '../models.js';
import { DATE_TIME, HTTP_DATE, readScalar, ScalarParseError, type TimestampFormat } from '../scalars.js';
import { parseXmlDocument, readShape } from '../xml/read.js';
import { isHttpBound, lowerCaseHeaders } from './bindings.js';
import type { HttpIn } from './route.js';

const invalidArgument = (what: string, text: string) =>
  new AwsError('InvalidArgument', `Invalid value '${text}' for ${what}.`, 400, { ArgumentName: what, ArgumentValue: text });

function scalar(ns: NormalizedSchema, text: string, ts: TimestampFormat, what: string): unknown {
  try {
    return readScalar(ns, text, ts);
  } catch (e) {
    if (e instanceof ScalarParseError) throw invalidArgument(what, text);
    throw e;
  }
}

/** Header or query value, typed; lists in headers are comma-separated. */
function bound(ns: NormalizedSchema, raw: string | string[], ts: TimestampFormat, what: string, splitCommas: boolean): unknown {
  if (ns.isListSchema()) {
    const item = ns.getValueSchema();
    const parts = Array.isArray(raw) ? raw : splitCommas ? raw.split(',').map((s) => s.trim()) : [raw];
    return parts.map((p) => scalar(item, p, ts, what));
  }
  return scalar(ns, Array.isArray(raw) ? raw[0] ?? '' : raw, ts, what);
}

function readXmlBody(ns: NormalizedSchema, body: Buffer | undefined): unknown {
  if (!body || body.length === 0) return undefined;
  const [, root] = parseXmlDocument(body.toString('utf8'));
  return readShape(ns, root, DATE_TIME);
}

const LABEL = 0, QUERY = 1, HEADER = 2, PREFIX_HEADERS = 3, PAYLOAD = 4, BODY = 5, OTHER = 6;

/** Where one input member travels, read once from its traits. */
interface Binding {
  name: string;
  member: NormalizedSchema;
  kind: typeof LABEL | typeof QUERY | typeof HEADER | typeof PREFIX_HEADERS | typeof PAYLOAD | typeof BODY | typeof OTHER;
  /** The query parameter, the header name as written (for errors) or the lower-cased header prefix. */
  key: string;
}
interface InputPlan {
  bindings: Binding[];
  /** Query parameters bound to a member: the rest go to an @httpQueryParams map. */
  boundQuery: Set<string>;
  queryParams: Binding[];
  readsHeaders: boolean;
  hasBodyMembers: boolean;
}

const plans = new WeakMap<OperationModel, InputPlan>();
function inputPlan(op: OperationModel): InputPlan {
  let plan = plans.get(op);
  if (plan) return plan;
  plan = { bindings: [], boundQuery: new Set(), queryParams: [], readsHeaders: false, hasBodyMembers: false };
  for (const [name, member] of op.input.structIterator()) {
    const t = member.getMergedTraits();
    const binding = (kind: Binding['kind'], key = '') => plan!.bindings.push({ name, member, kind, key });
    if (t.httpLabel) binding(LABEL);
    else if (typeof t.httpQuery === 'string') {
      plan.boundQuery.add(t.httpQuery);
      binding(QUERY, t.httpQuery);
    } else if (typeof t.httpHeader === 'string') binding(HEADER, t.httpHeader);
    else if (typeof t.httpPrefixHeaders === 'string') binding(PREFIX_HEADERS, t.httpPrefixHeaders.toLowerCase());
    else if (t.httpPayload) binding(PAYLOAD);
    else if (!isHttpBound(member)) {
      plan.hasBodyMembers = true;
      binding(BODY);
    } else binding(OTHER);
    if (t.httpQueryParams) plan.queryParams.push({ name, member: member.getValueSchema(), kind: OTHER, key: '' });
  }
  plan.readsHeaders = plan.bindings.some((b) => b.kind === HEADER || b.kind === PREFIX_HEADERS);
  plans.set(op, plan);
  return plan;
}

export function decodeRestXmlInput(
  op: OperationModel,
  req: HttpIn,
  labels: { bucket?: string; key?: string; members?: Record<string, string> },
  body: Buffer | undefined,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  if (!op.input.isStructSchema()) return input;
  const plan = inputPlan(op);
  const headers = plan.readsHeaders ? lowerCaseHeaders(req.headers) : {};
  for (const { name, member, kind, key } of plan.bindings) {
    if (kind === LABEL) {
      // S3's only labels are {Bucket} (in the host or first path segment) and {Key+}; S3 Control's come by member name.
      const v = name === 'Bucket' ? labels.bucket ?? labels.members?.Bucket : name === 'Key' ? labels.key : labels.members?.[name];
      if (v !== undefined) input[name] = v;
    } else if (kind === QUERY) {
      const raw = req.query.get(key);
      if (raw !== undefined) input[name] = bound(member, raw, DATE_TIME, key, false);
    } else if (kind === HEADER) {
      const raw = headers[key.toLowerCase()];
      if (raw !== undefined) input[name] = bound(member, raw, HTTP_DATE, key, true);
    } else if (kind === PREFIX_HEADERS) {
      const map: Record<string, unknown> = {};
      for (const [h, v] of Object.entries(headers)) {
        if (h.startsWith(key)) map[h.slice(key.length)] = bound(member.getValueSchema(), v, HTTP_DATE, h, true);
      }
      if (Object.keys(map).length) input[name] = map;
    } else if (kind === PAYLOAD) {
      if (member.isStructSchema() || member.isListSchema() || member.isMapSchema()) {
        const v = readXmlBody(member, body);
        if (v !== undefined) input[name] = v;
      } else if (member.isStringSchema() && body) {
        input[name] = body.toString('utf8');
      }
      // Blob / streaming payloads: the caller reads the body itself.
    }
  }
  for (const { name, member } of plan.queryParams) {
    const rest: Record<string, unknown> = {};
    for (const [k, v] of req.query) if (!plan.boundQuery.has(k)) rest[k] = bound(member, v, DATE_TIME, k, false);
    if (Object.keys(rest).length) input[name] = rest;
  }
  // Unbound members travel together in one XML document rooted at the input's name.
  if (plan.hasBodyMembers) {
    const fromBody = readXmlBody(op.input, body) as Record<string, unknown> | undefined;
    for (const { name, kind } of plan.bindings) {
      if (kind === BODY && fromBody?.[name] !== undefined) input[name] = fromBody[name];
    }
  }
  return input;
}
