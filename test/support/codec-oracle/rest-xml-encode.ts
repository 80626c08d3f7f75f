/**
 * REFERENCE ONLY (tests): rest-xml/encode.ts as it was before its per-operation
 * plans (commit 86bf94f), the oracle they must match byte for byte.
 *
 * S3 output → HTTP response: @httpHeader / @httpPrefixHeaders members become
 * headers, the @httpPayload member (or the unbound members together) the
 * XML body, in S3's namespace. Errors get S3's <Error> document.
 */
import type { NormalizedSchema } from '@smithy/core/schema';
import type { AwsError } from '../../../src/core/aws-error.js';
import { SERVICE_INFO, type OperationModel } from '../../../src/protocol/models.js';
import { DATE_TIME, HTTP_DATE } from '../../../src/protocol/scalars.js';
import { escapeXml, structAttributes, writeMembers, writeScalar, type XmlStyle } from './xml-write.js';
import { isHttpBound, payloadMember } from '../../../src/protocol/rest-xml/bindings.js';
import { ROOT_TEXT_OUTPUT } from '../../../src/protocol/rest-xml/quirks.js';

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
  const [, ownNs] = (ns.getMergedTraits().xmlNamespace as [string, string] | undefined) ?? [];
  const attrs: Array<[string, string]> = [['xmlns', ownNs ?? serviceNs], ...structAttributes(ns, value, S3_STYLE)];
  const open = `<${rootName}${attrs.map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('')}>`;
  return `${DECLARATION}${open}${writeMembers(ns, value, S3_STYLE, ownNs ?? serviceNs, skip)}</${rootName}>`;
}

const xmlNameOf = (ns: NormalizedSchema, fallback: string) => (ns.getMergedTraits().xmlName as string | undefined) ?? ns.getName() ?? fallback;

export function encodeRestXmlResponse(op: OperationModel, output: Obj): HttpOut {
  const headers: Record<string, string> = {};
  let status = op.http?.[2] ?? 200;
  let body: string | Buffer | undefined;
  const out = output ?? {};
  const ns = op.output;
  const serviceNs = SERVICE_INFO[op.service].xmlNamespace;
  if (!ns.isStructSchema()) return { status, headers, body };

  for (const [name, member] of ns.structIterator()) {
    const v = out[name];
    const t = member.getMergedTraits();
    if (v == null) continue;
    if (typeof t.httpHeader === 'string') headers[t.httpHeader.toLowerCase()] = headerValue(member, v);
    else if (typeof t.httpPrefixHeaders === 'string') {
      for (const [k, x] of Object.entries(v as Obj)) if (x != null) headers[`${t.httpPrefixHeaders}${k}`.toLowerCase()] = headerValue(member.getValueSchema(), x);
    } else if (t.httpResponseCode) status = Number(v);
  }

  const rootText = ROOT_TEXT_OUTPUT[op.name];
  const payload = payloadMember(ns);
  if (rootText) {
    const v = out[rootText];
    const name = xmlNameOf(ns, rootText);
    body = `${DECLARATION}<${name} xmlns="${S3_NS}">${v == null ? '' : escapeXml(String(v))}</${name}>`;
  } else if (payload) {
    const [name, member] = payload;
    const v = out[name];
    if (v != null) {
      if (member.isStructSchema()) body = xmlDocument(member, xmlNameOf(member, name), v as Obj, serviceNs);
      else if (typeof v === 'string' || Buffer.isBuffer(v)) body = v;
      else if (v instanceof Uint8Array) body = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
      else body = v as never; // a stream: the caller pipes it
    }
  } else if ([...ns.structIterator()].some(([, m]) => !isHttpBound(m))) {
    // Unbound members form one document even when all are empty (e.g. <DeleteResult/>).
    body = xmlDocument(ns, xmlNameOf(ns, `${op.name}Result`), out, serviceNs, isHttpBound);
  }
  if (typeof body === 'string' && body.startsWith(DECLARATION)) headers['content-type'] ??= 'application/xml';
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
