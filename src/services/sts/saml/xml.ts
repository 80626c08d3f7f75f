/**
 * The little DOM reading SAML needs, over @xmldom/xmldom: a strict parse
 * (no DOCTYPE, so no entity expansion; any parse error fails) and
 * namespace-aware child lookups that never descend into nested elements.
 */
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';

export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

/** Parses XML or returns undefined: a DOCTYPE, a parse error or a warning all refuse the document. */
export function parseXml(xml: string): Document | undefined {
  if (/<!DOCTYPE/i.test(xml)) return undefined;
  try {
    const doc = new DOMParser({ onError: (level, message) => { throw new Error(`${level}: ${message}`); } }).parseFromString(xml, 'text/xml');
    return doc.documentElement ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** The element children of `parent` named `local` in namespace `ns` (direct children only). */
export function children(parent: Element, ns: string, local: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).localName === local && (n as Element).namespaceURI === ns) out.push(n as Element);
  }
  return out;
}

export function child(parent: Element, ns: string, local: string): Element | undefined {
  return children(parent, ns, local)[0];
}

export const textOf = (e: Element | undefined): string | undefined => (e ? (e.textContent ?? '').trim() : undefined);

export const is = (e: Element | null | undefined, ns: string, local: string): e is Element => !!e && e.localName === local && e.namespaceURI === ns;
