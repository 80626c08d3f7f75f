/**
 * S3 output → HTTP response: @httpHeader / @httpPrefixHeaders members become
 * headers, the @httpPayload member (or the unbound members together) the
 * XML body, in S3's namespace. Errors get S3's <Error> document.
 */
import type { NormalizedSchema } from '@smithy/core/schema';
import type { AwsError } from '../../core/aws-error.js';
import { SERVICE_INFO, type OperationModel } from '../models.js';
import { DATE_TIME, HTTP_DATE, writeScalar } from '../scalars.js';
import { escapeXml, structAttributes, writeMembers, type XmlStyle } from '../xml/write.js';
import { isHttpBound, payloadMember } from './bindings.js';
import { ROOT_TEXT_OUTPUT } from './quirks.js';

// S3 writes body timestamps with milliseconds: 2009-10-12T17:50:30.000Z.
const S3_STYLE: XmlStyle = { timestamps: DATE_TIME, millis: true };
const S3_NS = SERVICE_INFO.s3.xmlNamespace;
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export interface HttpOut {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
}

type Obj = Record<string, unknown>;

function headerValue(ns: NormalizedSchema, value: unknown): string {
  if (ns.isListSchema()) {
    const item = ns.getValueSchema();
    return (value as unknown[]).map((v) => writeScalar(item, v, HTTP_DATE, false)).join(', ');
  }
  return writeScalar(ns, value, HTTP_DATE, false);
}

/** A structure as an XML document: root element in S3's namespace unless it declares its own. */
function xmlDocument(ns: NormalizedSchema, rootName: string, value: Obj, serviceNs: string, skip?: (m: NormalizedSchema) => boolean): string {
  const docNs = documentNamespace(ns, serviceNs);
  const open = `<${rootName} xmlns="${escapeXml(docNs)}"${structAttributes(ns, value, S3_STYLE)}>`;
  return `${DECLARATION}${open}${writeMembers(ns, value, S3_STYLE, docNs, skip)}</${rootName}>`;
}

const ownNamespaces = new WeakMap<NormalizedSchema, string | undefined>();
function documentNamespace(ns: NormalizedSchema, serviceNs: string): string {
  if (!ownNamespaces.has(ns)) ownNamespaces.set(ns, ((ns.getMergedTraits().xmlNamespace as [string, string] | undefined) ?? [])[1]);
  return ownNamespaces.get(ns) ?? serviceNs;
}

const xmlNameOf = (ns: NormalizedSchema, fallback: string) => (ns.getMergedTraits().xmlName as string | undefined) ?? ns.getName() ?? fallback;

/** An operation's output bindings, worked out once from its schema. */
interface OutputPlan {
  /** Header-bound members in schema order: one header, or (prefix set) one header per map entry. */
  headers: Array<{ name: string; header: string; schema: NormalizedSchema; prefix?: string }>;
  statusMember?: string;
  /** GetBucketLocation's text-only root: the member and the root's name. */
  rootText?: [member: string, rootName: string];
  payload?: [name: string, member: NormalizedSchema, rootName: string];
  /** The unbound members form one document rooted here, when there is no payload member. */
  documentRoot?: string;
}

const plans = new WeakMap<OperationModel, OutputPlan>();
function outputPlan(op: OperationModel): OutputPlan {
  let plan = plans.get(op);
  if (plan) return plan;
  const ns = op.output;
  plan = { headers: [] };
  for (const [name, member] of ns.structIterator()) {
    const t = member.getMergedTraits();
    if (typeof t.httpHeader === 'string') plan.headers.push({ name, header: t.httpHeader.toLowerCase(), schema: member });
    else if (typeof t.httpPrefixHeaders === 'string') plan.headers.push({ name, header: '', schema: member.getValueSchema(), prefix: t.httpPrefixHeaders });
    else if (t.httpResponseCode) plan.statusMember = name;
  }
  const rootText = ROOT_TEXT_OUTPUT[op.name];
  const payload = payloadMember(ns);
  if (rootText) plan.rootText = [rootText, xmlNameOf(ns, rootText)];
  else if (payload) plan.payload = [payload[0], payload[1], xmlNameOf(payload[1], payload[0])];
  // Unbound members form one document even when all are empty (e.g. <DeleteResult/>).
  else if ([...ns.structIterator()].some(([, m]) => !isHttpBound(m))) plan.documentRoot = xmlNameOf(ns, `${op.name}Result`);
  plans.set(op, plan);
  return plan;
}

export function encodeRestXmlResponse(op: OperationModel, output: Obj): HttpOut {
  const headers: Record<string, string> = {};
  let status = op.http?.[2] ?? 200;
  let body: string | Buffer | undefined;
  const out = output ?? {};
  const ns = op.output;
  if (!ns.isStructSchema()) return { status, headers, body };
  const plan = outputPlan(op);

  for (const h of plan.headers) {
    const v = out[h.name];
    if (v == null) continue;
    if (h.prefix === undefined) headers[h.header] = headerValue(h.schema, v);
    else for (const [k, x] of Object.entries(v as Obj)) if (x != null) headers[`${h.prefix}${k}`.toLowerCase()] = headerValue(h.schema, x);
  }
  if (plan.statusMember !== undefined && out[plan.statusMember] != null) status = Number(out[plan.statusMember]);

  if (plan.rootText) {
    const [member, name] = plan.rootText;
    const v = out[member];
    body = `${DECLARATION}<${name} xmlns="${S3_NS}">${v == null ? '' : escapeXml(String(v))}</${name}>`;
    headers['content-type'] ??= 'application/xml';
  } else if (plan.payload) {
    const [name, member, rootName] = plan.payload;
    const v = out[name];
    if (v != null) {
      if (member.isStructSchema()) {
        body = xmlDocument(member, rootName, v as Obj, SERVICE_INFO[op.service].xmlNamespace!);
        headers['content-type'] ??= 'application/xml';
      } else if (typeof v === 'string' || Buffer.isBuffer(v)) {
        body = v;
        // A text payload that is itself an XML document is labelled so, as any document is.
        if (typeof v === 'string' && v.startsWith(DECLARATION)) headers['content-type'] ??= 'application/xml';
      } else if (v instanceof Uint8Array) body = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
      else body = v as never; // a stream: the caller pipes it
    }
  } else if (plan.documentRoot !== undefined) {
    body = xmlDocument(ns, plan.documentRoot, out, SERVICE_INFO[op.service].xmlNamespace!, isHttpBound);
    headers['content-type'] ??= 'application/xml';
  }
  return { status, headers, body };
}

/** S3's <Error> document; `extra` adds elements such as BucketName or Key. HEAD callers drop the body. */
export function encodeRestXmlError(err: AwsError, requestId: string): HttpOut & { body: string } {
  const hostId = Buffer.from(`gatehouse:${requestId}`).toString('base64');
  let extra = '';
  for (const [k, v] of Object.entries(err.extra)) extra += `<${k}>${escapeXml(v)}</${k}>`;
  const body =
    `${DECLARATION}<Error><Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message>` +
    `${extra}<RequestId>${escapeXml(requestId)}</RequestId><HostId>${escapeXml(hostId)}</HostId></Error>`;
  return {
    status: err.status,
    headers: { ...err.headers, 'content-type': 'application/xml', 'x-amz-request-id': requestId, 'x-amz-id-2': hostId },
    body,
  };
}
