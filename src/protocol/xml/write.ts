/**
 * Shape → XML text, driven by the schema's xml traits (xmlName,
 * xmlFlattened, xmlAttribute, xmlNamespace). Shared by the awsQuery
 * response encoder and the S3 restXml encoder; strings are built directly
 * because the element order and naming are fully known from the schema.
 *
 * What a schema says about its XML (names, kinds, namespaces, item schemas)
 * is worked out once per schema into a plan; a response then only walks its
 * value. test/support/codec-oracle/xml-write.ts is the schema-walking writer
 * these plans replaced; write.test.ts checks both write the same bytes.
 */
import type { NormalizedSchema } from '@smithy/core/schema';
import { formatTimestamp, type TimestampFormat } from '../scalars.js';

export interface XmlStyle {
  /** Timestamp format for members without their own @timestampFormat. */
  timestamps: TimestampFormat;
  /** S3 writes 2006-02-03T16:45:09.000Z; IAM/STS write 2006-02-03T16:45:09Z. */
  millis: boolean;
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };
const NEEDS_ESCAPE = /[&<>"'\r]/;
const ESCAPED = /[&<>"'\r]/g;
/** Escape for text and attribute values; \r as an entity so parsers don't fold it into \n. Most text needs none. */
export const escapeXml = (s: string): string => (NEEDS_ESCAPE.test(s) ? s.replace(ESCAPED, (c) => TEXT_ESCAPES[c]!) : s);

type Obj = Record<string, unknown>;

const STRUCT = 0, LIST = 1, MAP = 2, TIMESTAMP = 3, BLOB = 4, TEXT = 5;

/** One (member) schema's XML facts. */
interface XmlShape {
  kind: typeof STRUCT | typeof LIST | typeof MAP | typeof TIMESTAMP | typeof BLOB | typeof TEXT;
  schema: NormalizedSchema;
  flat: boolean;
  /** The xmlNamespace URI this schema declares, and its attribute text (` xmlns:p="uri"`). */
  nsUri?: string;
  nsAttr: string;
  /** Own @timestampFormat (date-time, http-date, epoch-seconds), else the style's. */
  timestampFormat?: TimestampFormat;
  /** Lists: the item schema and its element name when not flattened. */
  item?: XmlShape;
  itemName: string;
  itemOpen: string;
  itemClose: string;
  /** Maps: key and value schemas and their element names. */
  key?: XmlShape;
  value?: XmlShape;
  keyName: string;
  valueName: string;
}

/** A structure member: its element name and, prebuilt, that element's plain tags. */
interface XmlMember { name: string; xmlName: string; shape: XmlShape; open: string; close: string }
interface StructPlan {
  /** Members written as child elements, in schema order. */
  elements: XmlMember[];
  /** Members written as attributes of the structure's element. */
  attributes: XmlMember[];
}

const xmlNameOf = (ns: NormalizedSchema): string | undefined => ns.getMergedTraits().xmlName as string | undefined;

const shapes = new WeakMap<NormalizedSchema, XmlShape>();
function shapeOf(ns: NormalizedSchema): XmlShape {
  let shape = shapes.get(ns);
  if (!shape) shapes.set(ns, (shape = compileShape(ns)));
  return shape;
}

function compileShape(ns: NormalizedSchema): XmlShape {
  const traits = ns.getMergedTraits();
  const [prefix, uri] = (traits.xmlNamespace as [string, string] | undefined) ?? [];
  const shape: XmlShape = {
    kind: TEXT, schema: ns, flat: !!traits.xmlFlattened, nsAttr: '', itemName: 'member', itemOpen: '<member>', itemClose: '</member>',
    keyName: 'key', valueName: 'value',
  };
  if (uri) {
    shape.nsUri = uri;
    shape.nsAttr = ` ${prefix ? `xmlns:${prefix}` : 'xmlns'}="${escapeXml(uri)}"`;
  }
  if (ns.isStructSchema()) shape.kind = STRUCT;
  else if (ns.isListSchema()) {
    shape.kind = LIST;
    const item = ns.getValueSchema();
    shape.item = shapeOf(item);
    shape.itemName = xmlNameOf(item) ?? 'member';
    shape.itemOpen = `<${shape.itemName}>`;
    shape.itemClose = `</${shape.itemName}>`;
  } else if (ns.isMapSchema()) {
    shape.kind = MAP;
    const k = ns.getKeySchema();
    const v = ns.getValueSchema();
    shape.key = shapeOf(k);
    shape.value = shapeOf(v);
    shape.keyName = xmlNameOf(k) ?? 'key';
    shape.valueName = xmlNameOf(v) ?? 'value';
  } else if (ns.isTimestampSchema()) {
    shape.kind = TIMESTAMP;
    const id = ns.getSchema();
    if (id === 5 || id === 6 || id === 7) shape.timestampFormat = id;
  } else if (ns.isBlobSchema()) shape.kind = BLOB;
  return shape;
}

// Keyed by the structure's schema, not the member that points at it: member traits don't change its members.
const structs = new WeakMap<object, StructPlan>();
function structPlan(ns: NormalizedSchema): StructPlan {
  const key = ns.getSchema() as object;
  let plan = structs.get(key);
  if (!plan) {
    plan = { elements: [], attributes: [] };
    for (const [name, schema] of ns.structIterator()) {
      const xmlName = xmlNameOf(schema) ?? name;
      const member = { name, xmlName, shape: shapeOf(schema), open: `<${xmlName}>`, close: `</${xmlName}>` };
      (schema.getMergedTraits().xmlAttribute ? plan.attributes : plan.elements).push(member);
    }
    structs.set(key, plan);
  }
  return plan;
}

/** A scalar's text (not yet escaped), as the SDK reads it back. */
function scalarText(shape: XmlShape, value: unknown, style: XmlStyle): string {
  if (typeof value === 'string' && shape.kind !== TIMESTAMP) return value;
  if (shape.kind === TIMESTAMP) return formatTimestamp(value, shape.timestampFormat ?? style.timestamps, style.millis);
  if (shape.kind === BLOB && typeof value === 'object' && value !== null) return Buffer.from(value as Uint8Array).toString('base64');
  return String(value);
}

function attributesText(plan: StructPlan, value: Obj, style: XmlStyle): string {
  let s = '';
  for (const m of plan.attributes) {
    const v = value[m.name];
    if (v != null) s += ` ${m.xmlName}="${escapeXml(scalarText(m.shape, v, style))}"`;
  }
  return s;
}

function membersText(plan: StructPlan, value: Obj, style: XmlStyle, parentNs: string | undefined, skip?: (m: NormalizedSchema) => boolean): string {
  let out = '';
  for (const m of plan.elements) {
    const v = value[m.name];
    if (v == null || skip?.(m.shape.schema)) continue;
    out += m.shape.kind === LIST || m.shape.kind === MAP
      ? memberText(m.shape, m.xmlName, v, style, parentNs)
      : taggedText(m.shape, m.xmlName, m.open, m.close, v, style, parentNs);
  }
  return out;
}

function memberText(shape: XmlShape, name: string, value: unknown, style: XmlStyle, parentNs: string | undefined): string {
  if (shape.kind === LIST) {
    const item = shape.item!;
    const items = Array.isArray(value) ? value : [value];
    let out = '';
    if (shape.flat) {
      for (const v of items) if (v != null) out += elementText(item, name, v, style, parentNs);
      return out;
    }
    const declares = shape.nsUri !== undefined && shape.nsUri !== parentNs;
    const itemNs = declares ? shape.nsUri : parentNs;
    for (const v of items) if (v != null) out += taggedText(item, shape.itemName, shape.itemOpen, shape.itemClose, v, style, itemNs);
    return `<${name}${declares ? shape.nsAttr : ''}>${out}</${name}>`;
  }
  if (shape.kind === MAP) {
    let out = '';
    for (const [key, x] of Object.entries(value as Obj)) {
      if (x == null) continue;
      const entry = elementText(shape.key!, shape.keyName, key, style, parentNs) + elementText(shape.value!, shape.valueName, x, style, parentNs);
      out += shape.flat ? `<${name}>${entry}</${name}>` : `<entry>${entry}</entry>`;
    }
    return shape.flat ? out : `<${name}>${out}</${name}>`;
  }
  return elementText(shape, name, value, style, parentNs);
}

/**
 * elementText for a name whose plain tags (`<Name>`, `</Name>`) are prebuilt: used as they are
 * when the element declares no namespace and carries no attributes, as most do.
 */
function taggedText(shape: XmlShape, name: string, open: string, close: string, value: unknown, style: XmlStyle, parentNs: string | undefined): string {
  if (shape.nsUri === undefined) {
    if (shape.kind >= TIMESTAMP) return open + escapeXml(scalarText(shape, value, style)) + close;
    if (shape.kind === STRUCT) {
      const plan = structPlan(shape.schema);
      if (plan.attributes.length === 0) return open + membersText(plan, value as Obj, style, parentNs) + close;
    }
  }
  return elementText(shape, name, value, style, parentNs);
}

function elementText(shape: XmlShape, name: string, value: unknown, style: XmlStyle, parentNs: string | undefined): string {
  const declares = shape.nsUri !== undefined && shape.nsUri !== parentNs;
  if (shape.kind === STRUCT) {
    const plan = structPlan(shape.schema);
    const obj = value as Obj;
    const open = `<${name}${declares ? shape.nsAttr : ''}${plan.attributes.length ? attributesText(plan, obj, style) : ''}>`;
    return `${open}${membersText(plan, obj, style, declares ? shape.nsUri : parentNs)}</${name}>`;
  }
  // A list of lists / list of maps: the item element is the inner collection's wrapper.
  if (shape.kind === LIST || shape.kind === MAP) return memberText(shape, name, value, style, parentNs);
  return `<${name}${declares ? shape.nsAttr : ''}>${escapeXml(scalarText(shape, value, style))}</${name}>`;
}

/** The child elements of a structure value (no wrapper), in schema order. */
export function writeMembers(ns: NormalizedSchema, value: Obj, style: XmlStyle, parentNs?: string, skip?: (m: NormalizedSchema) => boolean): string {
  return membersText(structPlan(ns), value, style, parentNs, skip);
}

/** The attribute text (` name="value"`…) a structure carries from its xmlAttribute members. */
export function structAttributes(ns: NormalizedSchema, value: Obj, style: XmlStyle): string {
  const plan = structPlan(ns);
  return plan.attributes.length ? attributesText(plan, value, style) : '';
}

/** One member as element(s): lists and maps may be flattened into repeated elements. */
export function writeMember(member: NormalizedSchema, name: string, value: unknown, style: XmlStyle, parentNs?: string): string {
  return memberText(shapeOf(member), name, value, style, parentNs);
}

/** A single element for a structure or scalar value. */
export function writeElement(ns: NormalizedSchema, name: string, value: unknown, style: XmlStyle, parentNs?: string): string {
  return elementText(shapeOf(ns), name, value, style, parentNs);
}
