/**
 * REFERENCE ONLY (tests): the schema-walking XML writer as it was before the
 * compiled plans of xml/write.ts (commit 86bf94f), kept as the oracle the
 * plans must match byte for byte.
 *
 * Shape → XML text, driven by the schema's xml traits (xmlName,
 * xmlFlattened, xmlAttribute, xmlNamespace). Shared by the awsQuery
 * response encoder and the S3 restXml encoder; strings are built directly
 * because the element order and naming are fully known from the schema.
 */
import type { NormalizedSchema } from '@smithy/core/schema';
import { EPOCH_SECONDS, HTTP_DATE, timestampFormat, toDate, type TimestampFormat } from '../../../src/protocol/scalars.js';

// The scalar writer as it was (scalars.ts, commit 86bf94f).
function formatTimestamp(value: unknown, format: TimestampFormat, millis: boolean): string {
  const d = toDate(value);
  if (!d) return String(value);
  if (format === HTTP_DATE) return d.toUTCString();
  if (format === EPOCH_SECONDS) return String(d.getTime() / 1000);
  const iso = d.toISOString();
  return millis ? iso : iso.replace(/\.\d{3}Z$/, 'Z');
}

export function writeScalar(ns: NormalizedSchema, value: unknown, tsDefault: TimestampFormat, millis: boolean): string {
  if (ns.isTimestampSchema()) return formatTimestamp(value, timestampFormat(ns, tsDefault), millis);
  if (ns.isBlobSchema() && typeof value === 'object' && value !== null) {
    return Buffer.from(value as Uint8Array).toString('base64');
  }
  return String(value);
}


export interface XmlStyle {
  /** Timestamp format for members without their own @timestampFormat. */
  timestamps: TimestampFormat;
  /** S3 writes 2006-02-03T16:45:09.000Z; IAM/STS write 2006-02-03T16:45:09Z. */
  millis: boolean;
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };

/** Escape for text and attribute values; \r as an entity so parsers don't fold it into \n. */
export const escapeXml = (s: string): string => s.replace(/[&<>"'\r]/g, (c) => TEXT_ESCAPES[c]!);

type Obj = Record<string, unknown>;

/** xmlns / xmlns:prefix attribute when a shape declares a namespace its parent doesn't. */
function namespaceAttr(ns: NormalizedSchema, parentNs?: string): [string, string] | undefined {
  const [prefix, uri] = (ns.getMergedTraits().xmlNamespace as [string, string] | undefined) ?? [];
  if (!uri || uri === parentNs) return undefined;
  return [prefix ? `xmlns:${prefix}` : 'xmlns', uri];
}

function open(name: string, attrs: Array<[string, string]>): string {
  let s = `<${name}`;
  for (const [k, v] of attrs) s += ` ${k}="${escapeXml(v)}"`;
  return s + '>';
}

/** The child elements of a structure value (no wrapper), in schema order. */
export function writeMembers(ns: NormalizedSchema, value: Obj, style: XmlStyle, parentNs?: string, skip?: (m: NormalizedSchema) => boolean): string {
  let out = '';
  for (const m of membersOf(ns)) {
    const v = value[m.name];
    if (v == null || m.attribute || skip?.(m.schema)) continue;
    out += writeMember(m.schema, m.xmlName, v, style, parentNs);
  }
  return out;
}

/** Attributes a structure carries from its xmlAttribute members. */
export function structAttributes(ns: NormalizedSchema, value: Obj, style: XmlStyle): Array<[string, string]> {
  const attrs: Array<[string, string]> = [];
  for (const m of membersOf(ns)) {
    if (m.attribute && value[m.name] != null) attrs.push([m.xmlName, writeScalar(m.schema, value[m.name], style.timestamps, style.millis)]);
  }
  return attrs;
}

interface XmlMember { name: string; schema: NormalizedSchema; xmlName: string; attribute: boolean }

// A structure's members and their xml traits, worked out once per schema rather than on every response.
const memberCache = new WeakMap<object, XmlMember[]>();

function membersOf(ns: NormalizedSchema): XmlMember[] {
  const key = ns.getSchema() as object;
  let members = memberCache.get(key);
  if (!members) {
    members = [...ns.structIterator()].map(([name, schema]) => {
      const traits = schema.getMergedTraits();
      return { name, schema, xmlName: (traits.xmlName as string | undefined) ?? name, attribute: !!traits.xmlAttribute };
    });
    memberCache.set(key, members);
  }
  return members;
}

/** One member as element(s): lists and maps may be flattened into repeated elements. */
export function writeMember(member: NormalizedSchema, name: string, value: unknown, style: XmlStyle, parentNs?: string): string {
  const flat = !!member.getMergedTraits().xmlFlattened;
  if (member.isListSchema()) {
    const item = member.getValueSchema();
    const items = (Array.isArray(value) ? value : [value]).filter((v) => v != null);
    if (flat) return items.map((v) => writeElement(item, name, v, style, parentNs)).join('');
    const itemName = (item.getMergedTraits().xmlName as string | undefined) ?? 'member';
    const xmlns = namespaceAttr(member, parentNs);
    const inner = items.map((v) => writeElement(item, itemName, v, style, xmlns?.[1] ?? parentNs)).join('');
    return `${open(name, xmlns ? [xmlns] : [])}${inner}</${name}>`;
  }
  if (member.isMapSchema()) {
    const k = member.getKeySchema();
    const v = member.getValueSchema();
    const keyName = (k.getMergedTraits().xmlName as string | undefined) ?? 'key';
    const valueName = (v.getMergedTraits().xmlName as string | undefined) ?? 'value';
    const entries = Object.entries(value as Obj).filter(([, x]) => x != null);
    const entry = ([key, x]: [string, unknown]) =>
      writeElement(k, keyName, key, style, parentNs) + writeElement(v, valueName, x, style, parentNs);
    if (flat) return entries.map((e) => `<${name}>${entry(e)}</${name}>`).join('');
    return `<${name}>${entries.map((e) => `<entry>${entry(e)}</entry>`).join('')}</${name}>`;
  }
  return writeElement(member, name, value, style, parentNs);
}

/** A single element for a structure or scalar value. */
export function writeElement(ns: NormalizedSchema, name: string, value: unknown, style: XmlStyle, parentNs?: string): string {
  const xmlns = namespaceAttr(ns, parentNs);
  if (ns.isStructSchema()) {
    const obj = value as Obj;
    const attrs = structAttributes(ns, obj, style);
    if (xmlns) attrs.unshift(xmlns);
    return `${open(name, attrs)}${writeMembers(ns, obj, style, xmlns?.[1] ?? parentNs)}</${name}>`;
  }
  if (ns.isListSchema() || ns.isMapSchema()) {
    // A list of lists / list of maps: the item element is the inner collection's wrapper.
    return writeMember(ns, name, value, style, parentNs);
  }
  const text = escapeXml(writeScalar(ns, value, style.timestamps, style.millis));
  return `${open(name, xmlns ? [xmlns] : [])}${text}</${name}>`;
}
