/**
 * Verifying a base64 SAML 2.0 Response for AssumeRoleWithSAML. The
 * XML-DSig check is node-saml's getVerifiedXml (xml-crypto underneath):
 * the signature must be an enveloped child of the element it signs, its one
 * reference must point at that element by a unique ID, and what comes back
 * is the canonical XML that was actually signed. Everything this module
 * returns is read from that verified XML, never from the document as
 * received, so content wrapped around or beside the signed element
 * (signature wrapping) is never read.
 *
 * Either the Response or its one Assertion must be signed by a certificate
 * of the provider's metadata. Times are checked against the server clock.
 */
import { getVerifiedXml } from '@node-saml/node-saml/lib/xml.js';
import type { Element } from '@xmldom/xmldom';
import { AwsError } from '../../../core/aws-error.js';
import { NS, child, children, is, parseXml, textOf } from './xml.js';

export interface SamlAssertion {
  issuer: string;
  /** NameID text and Format */
  subject: string;
  subjectFormat?: string;
  /** SubjectConfirmationData Recipient */
  recipient: string;
  audiences: string[];
  /** AuthnStatement SessionNotOnOrAfter, when the IdP set one */
  sessionNotOnOrAfter?: Date;
  /** attribute Name → its AttributeValue texts */
  attributes: Map<string, string[]>;
}

export const invalidSaml = (message: string) => new AwsError('InvalidIdentityToken', message, 400);
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

function decode(base64: string): string {
  const compact = String(base64 ?? '').replace(/\s+/g, '');
  if (compact.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) throw invalidSaml('Invalid SAML response: the SAMLAssertion is not base64.');
  return Buffer.from(compact, 'base64').toString('utf8').replace(/\r\n?/g, '\n');
}

/** The verified canonical XML of `node`'s enveloped signature, or undefined when no certificate verifies it. */
function verified(xml: string, node: Element, certificates: string[]): string | undefined {
  try {
    return getVerifiedXml(xml, node as never, certificates) ?? undefined;
  } catch {
    // node-saml throws for wrapping attempts (duplicate IDs, a reference to another element, extra transforms).
    return undefined;
  }
}

function date(e: Element, attribute: string): Date | undefined {
  const v = e.getAttribute(attribute);
  if (!v) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw invalidSaml(`Invalid SAML response: ${attribute} is not a date.`);
  return d;
}

function checkWindow(e: Element, now: Date, what: string): void {
  const notBefore = date(e, 'NotBefore');
  const notOnOrAfter = date(e, 'NotOnOrAfter');
  if (notBefore && now < notBefore) throw invalidSaml(`${what} is not yet valid: NotBefore ${notBefore.toISOString()} is after the current time ${now.toISOString()}.`);
  if (notOnOrAfter && now >= notOnOrAfter) throw new AwsError('ExpiredTokenException', `Token expired: ${what} NotOnOrAfter ${notOnOrAfter.toISOString()} is not after the current time ${now.toISOString()}.`, 400);
}

/** The Assertion element to read: from the signed Response, or the signed Assertion itself. */
function signedAssertion(xml: string, certificates: string[]): Element {
  const doc = parseXml(xml);
  const response = doc?.documentElement;
  if (!is(response, NS.protocol, 'Response')) throw invalidSaml('Invalid SAML response: the document is not a SAML 2.0 Response.');
  const status = child(response, NS.protocol, 'Status');
  const code = status && child(status, NS.protocol, 'StatusCode')?.getAttribute('Value');
  if (code && code !== SUCCESS) {
    throw new AwsError('IDPRejectedClaim', `The identity provider reported that authentication failed (${code.replace(/^.*:/, '')}${textOf(child(status, NS.protocol, 'StatusMessage')) ? `: ${textOf(child(status, NS.protocol, 'StatusMessage'))}` : ''}).`, 403);
  }
  if (children(response, NS.assertion, 'EncryptedAssertion').length > 0) throw invalidSaml('Invalid SAML response: encrypted assertions are not supported by this provider.');
  const assertions = children(response, NS.assertion, 'Assertion');
  if (assertions.length !== 1) throw invalidSaml('Invalid SAML response: it must contain exactly one Assertion.');
  if (certificates.length === 0) throw invalidSaml('Response signature invalid: the provider\'s metadata has no signing certificate.');

  const signedResponse = verified(xml, response, certificates);
  if (signedResponse !== undefined) {
    const root = parseXml(signedResponse)?.documentElement;
    const inner = is(root, NS.protocol, 'Response') ? children(root, NS.assertion, 'Assertion') : [];
    if (inner.length !== 1) throw invalidSaml('Response signature invalid');
    return inner[0];
  }
  const signed = verified(xml, assertions[0], certificates);
  const root = signed !== undefined ? parseXml(signed)?.documentElement : undefined;
  if (!is(root, NS.assertion, 'Assertion')) throw invalidSaml('Response signature invalid');
  return root;
}

export function verifySamlResponse(base64: string, certificates: string[], now: Date): SamlAssertion {
  const assertion = signedAssertion(decode(base64), certificates);
  const issuer = textOf(child(assertion, NS.assertion, 'Issuer'));
  if (!issuer) throw invalidSaml('Invalid SAML response: the assertion has no Issuer.');

  const conditions = child(assertion, NS.assertion, 'Conditions');
  if (conditions) checkWindow(conditions, now, 'The SAML assertion');
  const audiences = (conditions ? children(conditions, NS.assertion, 'AudienceRestriction') : [])
    .flatMap((r) => children(r, NS.assertion, 'Audience').map((a) => textOf(a) ?? ''));

  const subject = child(assertion, NS.assertion, 'Subject');
  const nameId = subject && child(subject, NS.assertion, 'NameID');
  if (!subject || !nameId || !textOf(nameId)) throw invalidSaml('Invalid SAML response: the assertion has no Subject NameID.');
  // "Configure SAML assertions for the authentication response": exactly one SubjectConfirmation,
  // whose SubjectConfirmationData has both NotOnOrAfter and Recipient.
  const confirmations = children(subject, NS.assertion, 'SubjectConfirmation');
  if (confirmations.length !== 1 || (confirmations[0].getAttribute('Method') ?? BEARER) !== BEARER)
    throw invalidSaml('Invalid SAML response: the Subject must have exactly one bearer SubjectConfirmation.');
  const data = child(confirmations[0], NS.assertion, 'SubjectConfirmationData');
  const recipient = data?.getAttribute('Recipient');
  if (!data || !recipient || !data.getAttribute('NotOnOrAfter'))
    throw invalidSaml('Invalid SAML response: SubjectConfirmationData must have a Recipient and a NotOnOrAfter.');
  checkWindow(data, now, 'The SAML subject confirmation');

  const authn = child(assertion, NS.assertion, 'AuthnStatement');
  const attributes = new Map<string, string[]>();
  for (const statement of children(assertion, NS.assertion, 'AttributeStatement')) {
    for (const a of children(statement, NS.assertion, 'Attribute')) {
      const name = a.getAttribute('Name') ?? '';
      const values = children(a, NS.assertion, 'AttributeValue').map((v) => textOf(v) ?? '');
      attributes.set(name, [...(attributes.get(name) ?? []), ...values]);
    }
  }
  return {
    issuer, subject: textOf(nameId)!, subjectFormat: nameId.getAttribute('Format') ?? undefined, recipient, audiences,
    sessionNotOnOrAfter: authn ? date(authn, 'SessionNotOnOrAfter') : undefined, attributes,
  };
}
