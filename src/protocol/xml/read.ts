/**
 * XML text → shape value, driven by the schema (the inverse of write.ts).
 * fast-xml-parser gives a loose tree (a lone child is an object, repeats are
 * arrays); the schema says which is which. Any <!DOCTYPE is refused before
 * parsing, as S3 does, so entity expansion and external entities never run.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { NormalizedSchema } from '@smithy/core/schema';
import { AwsError } from '../../core/aws-error.js';
import { readScalar, ScalarParseError, type TimestampFormat } from '../scalars.js';

const MALFORMED = 'The XML you provided was not well-formed or did not validate against our published schema';
export const malformedXml = () => new AwsError('MalformedXML', MALFORMED, 400);

const ATTR = '@_';
const TEXT = '#text';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTR,
  textNodeName: TEXT,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false, // S3 keys may start or end with spaces
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Entities are decoded below in one pass: fast-xml-parser leaves numeric
  // references (&#x0D;, which SDKs write for \r) alone, and decoding them after
  // it has turned &amp; into & would decode text that was never a reference.
  processEntities: false,
  htmlEntities: false,
});

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref] ?? whole;
    const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
  });
}

export type XmlNode = string | { [k: string]: XmlNode | XmlNode[] } | XmlNode[];

/** Parse a document and return [root element name, root node]. */
export function parseXmlDocument(xml: string): [string, XmlNode] {
  if (/<!DOCTYPE/i.test(xml)) throw malformedXml();
  if (XMLValidator.validate(xml) !== true) throw malformedXml();
  let doc: Record<string, XmlNode>;
  try {
    doc = parser.parse(xml) as Record<string, XmlNode>;
  } catch {
    // The validator passes documents the parser then refuses (nesting past its limit): still MalformedXML.
    throw malformedXml();
  }
  const root = Object.keys(doc).find((k) => !k.startsWith('?') && k !== TEXT);
  if (!root) throw malformedXml();
  return [root, doc[root]!];
}

const asArray = (n: XmlNode | XmlNode[] | undefined): XmlNode[] => (n === undefined ? [] : Array.isArray(n) ? n : [n]);

function textOf(node: XmlNode): string {
  if (typeof node === 'string') return decodeEntities(node);
  if (Array.isArray(node)) return textOf(node[0] ?? '');
  const t = node[TEXT];
  return typeof t === 'string' ? decodeEntities(t) : '';
}

function child(node: XmlNode, name: string): XmlNode | XmlNode[] | undefined {
  return typeof node === 'object' && !Array.isArray(node) ? node[name] : undefined;
}

/** Read a node as the given shape; a value the schema can't accept is MalformedXML. */
export function readShape(ns: NormalizedSchema, node: XmlNode, timestamps: TimestampFormat): unknown {
  if (ns.isStructSchema()) {
    const out: Record<string, unknown> = {};
    for (const [name, member] of ns.structIterator()) {
      const traits = member.getMergedTraits();
      const key = (traits.xmlName as string | undefined) ?? name;
      if (traits.xmlAttribute) {
        const attr = child(node, ATTR + key);
        if (attr !== undefined) out[name] = readShape(member, attr as XmlNode, timestamps);
        continue;
      }
      const v = readMember(member, child(node, key), timestamps);
      if (v !== undefined) out[name] = v;
    }
    return out;
  }
  if (ns.isListSchema() || ns.isMapSchema()) return readMember(ns, node, timestamps);
  try {
    return readScalar(ns, textOf(node), timestamps);
  } catch (e) {
    if (e instanceof ScalarParseError) throw malformedXml();
    throw e;
  }
}

/** A member's node(s) inside its parent: flattened collections repeat the member element. */
function readMember(member: NormalizedSchema, node: XmlNode | XmlNode[] | undefined, timestamps: TimestampFormat): unknown {
  if (node === undefined) return undefined;
  const flat = !!member.getMergedTraits().xmlFlattened;
  if (member.isListSchema()) {
    const item = member.getValueSchema();
    const itemName = (item.getMergedTraits().xmlName as string | undefined) ?? 'member';
    const items = flat ? asArray(node) : asArray(node).flatMap((wrapper) => asArray(child(wrapper, itemName)));
    return items.map((n) => readShape(item, n, timestamps));
  }
  if (member.isMapSchema()) {
    const k = member.getKeySchema();
    const v = member.getValueSchema();
    const keyName = (k.getMergedTraits().xmlName as string | undefined) ?? 'key';
    const valueName = (v.getMergedTraits().xmlName as string | undefined) ?? 'value';
    const entries = flat ? asArray(node) : asArray(node).flatMap((wrapper) => asArray(child(wrapper, 'entry')));
    const out: Record<string, unknown> = {};
    for (const e of entries) {
      const key = textOf(asArray(child(e, keyName))[0] ?? '');
      const value = asArray(child(e, valueName))[0];
      // defineProperty, so a key named __proto__ stays data.
      if (value !== undefined) Object.defineProperty(out, key, { value: readShape(v, value, timestamps), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  // A scalar or structure member given more than once: take the first, as SDKs do.
  return readShape(member, asArray(node)[0]!, timestamps);
}
