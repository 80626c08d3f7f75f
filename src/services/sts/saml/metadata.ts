/**
 * What STS needs from an IAM SAML provider's metadata document: the IdP's
 * entityID (the Issuer its assertions must carry) and its signing
 * certificates (KeyDescriptor use="signing", or with no use, of the
 * IDPSSODescriptor), as PEM for the signature check.
 */
import { NS, child, children, parseXml, textOf, is } from './xml.js';

export interface IdpMetadata { entityId: string; certificates: string[] }

const pem = (base64: string) =>
  `-----BEGIN CERTIFICATE-----\n${base64.replace(/\s+/g, '').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;

/** undefined when the document is not an EntityDescriptor with an IDPSSODescriptor. */
export function readIdpMetadata(xml: string): IdpMetadata | undefined {
  const doc = parseXml(xml);
  const root = doc?.documentElement;
  if (!is(root, NS.metadata, 'EntityDescriptor')) return undefined;
  const entityId = root.getAttribute('entityID') ?? '';
  const certificates: string[] = [];
  for (const idp of children(root, NS.metadata, 'IDPSSODescriptor')) {
    for (const kd of children(idp, NS.metadata, 'KeyDescriptor')) {
      const use = kd.getAttribute('use');
      if (use && use !== 'signing') continue;
      const keyInfo = child(kd, NS.dsig, 'KeyInfo');
      for (const data of keyInfo ? children(keyInfo, NS.dsig, 'X509Data') : []) {
        for (const cert of children(data, NS.dsig, 'X509Certificate')) {
          const b64 = textOf(cert);
          if (b64 && /^[A-Za-z0-9+/=\s]+$/.test(b64)) certificates.push(pem(b64));
        }
      }
    }
  }
  return entityId ? { entityId, certificates } : undefined;
}
