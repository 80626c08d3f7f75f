/**
 * REFERENCE ONLY (tests): rest-xml/decode.ts as it was before its per-operation
 * plans (commit 86bf94f), the oracle they must agree with.
 *
 * S3 request → operation input, per member binding: @httpLabel (bucket,
 * key), @httpQuery, @httpHeader, @httpPrefixHeaders and @httpPayload (XML
 * parsed per schema). Blob and streaming payloads (object bodies) are left
 * to the caller, who owns the stream.
 */
import type { NormalizedSchema } from '@smithy/core/schema';
import { AwsError } from '../../../src/core/aws-error.js';
import type { OperationModel } from '../../../src/protocol/models.js';
import { DATE_TIME, HTTP_DATE, readScalar, ScalarParseError, type TimestampFormat } from '../../../src/protocol/scalars.js';
import { parseXmlDocument, readShape } from '../../../src/protocol/xml/read.js';
import { isHttpBound } from '../../../src/protocol/rest-xml/bindings.js';
import type { HttpIn } from '../../../src/protocol/rest-xml/route.js';

// bindings.ts's lowerCaseHeaders as it was: always a copy.
function lowerCaseHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  return out;
}


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

export function decodeRestXmlInput(
  op: OperationModel,
  req: HttpIn,
  labels: { bucket?: string; key?: string; members?: Record<string, string> },
  body: Buffer | undefined,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  if (!op.input.isStructSchema()) return input;
  const headers = lowerCaseHeaders(req.headers);
  const boundQuery = new Set<string>();
  let hasBodyMembers = false;
  for (const [name, member] of op.input.structIterator()) {
    const t = member.getMergedTraits();
    if (t.httpLabel) {
      // S3's only labels are {Bucket} (in the host or first path segment) and {Key+}; S3 Control's come by member name.
      const v = name === 'Bucket' ? labels.bucket ?? labels.members?.Bucket : name === 'Key' ? labels.key : labels.members?.[name];
      if (v !== undefined) input[name] = v;
    } else if (typeof t.httpQuery === 'string') {
      boundQuery.add(t.httpQuery);
      const raw = req.query.get(t.httpQuery);
      if (raw !== undefined) input[name] = bound(member, raw, DATE_TIME, t.httpQuery, false);
    } else if (typeof t.httpHeader === 'string') {
      const raw = headers[t.httpHeader.toLowerCase()];
      if (raw !== undefined) input[name] = bound(member, raw, HTTP_DATE, t.httpHeader, true);
    } else if (typeof t.httpPrefixHeaders === 'string') {
      const prefix = t.httpPrefixHeaders.toLowerCase();
      const map: Record<string, unknown> = {};
      for (const [h, v] of Object.entries(headers)) {
        if (h.startsWith(prefix)) map[h.slice(prefix.length)] = bound(member.getValueSchema(), v, HTTP_DATE, h, true);
      }
      if (Object.keys(map).length) input[name] = map;
    } else if (t.httpPayload) {
      if (member.isStructSchema() || member.isListSchema() || member.isMapSchema()) {
        const v = readXmlBody(member, body);
        if (v !== undefined) input[name] = v;
      } else if (member.isStringSchema() && body) {
        input[name] = body.toString('utf8');
      }
      // Blob / streaming payloads: the caller reads the body itself.
    } else if (!isHttpBound(member)) {
      hasBodyMembers = true;
    }
  }
  for (const [name, member] of op.input.structIterator()) {
    if (!member.getMergedTraits().httpQueryParams) continue;
    const rest: Record<string, unknown> = {};
    for (const [k, v] of req.query) if (!boundQuery.has(k)) rest[k] = bound(member.getValueSchema(), v, DATE_TIME, k, false);
    if (Object.keys(rest).length) input[name] = rest;
  }
  // Unbound members travel together in one XML document rooted at the input's name.
  if (hasBodyMembers) {
    const fromBody = readXmlBody(op.input, body) as Record<string, unknown> | undefined;
    for (const [name, member] of op.input.structIterator()) {
      if (!isHttpBound(member) && fromBody?.[name] !== undefined) input[name] = fromBody[name];
    }
  }
  return input;
}
