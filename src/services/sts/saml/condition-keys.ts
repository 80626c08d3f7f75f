/**
 * The saml:* condition keys AWS fills from well-known SAML attributes
 * ("Available keys for SAML-based AWS STS federation"): each maps an
 * attribute Name (an OID URN) to a key. Single-valued keys carry the first
 * value, the eduPerson multi-valued ones all of them.
 * Not confirmed against AWS: which keys are single-valued; saml:cn and
 * saml:commonName both read urn:oid:2.5.4.3; saml:organizationStatus and
 * saml:primaryGroupSID are left out, their attribute names unconfirmed.
 */
const EDU_PERSON = 'urn:oid:1.3.6.1.4.1.5923.1.1.1.';
const EDU_ORG = 'urn:oid:1.3.6.1.4.1.5923.1.2.1.';

const KEYS: Array<[key: string, oid: string, multi: boolean]> = [
  ['saml:edupersonaffiliation', `${EDU_PERSON}1`, true],
  ['saml:edupersonnickname', `${EDU_PERSON}2`, true],
  ['saml:edupersonorgdn', `${EDU_PERSON}3`, false],
  ['saml:edupersonorgunitdn', `${EDU_PERSON}4`, true],
  ['saml:edupersonprimaryaffiliation', `${EDU_PERSON}5`, false],
  ['saml:edupersonprincipalname', `${EDU_PERSON}6`, false],
  ['saml:edupersonentitlement', `${EDU_PERSON}7`, true],
  ['saml:edupersonprimaryorgunitdn', `${EDU_PERSON}8`, false],
  ['saml:edupersonscopedaffiliation', `${EDU_PERSON}9`, true],
  ['saml:edupersontargetedid', `${EDU_PERSON}10`, true],
  ['saml:edupersonassurance', `${EDU_PERSON}11`, true],
  ['saml:eduorghomepageuri', `${EDU_ORG}2`, true],
  ['saml:eduorgidentityauthnpolicyuri', `${EDU_ORG}3`, true],
  ['saml:eduorglegalname', `${EDU_ORG}4`, true],
  ['saml:eduorgsuperioruri', `${EDU_ORG}5`, true],
  ['saml:eduorgwhitepagesuri', `${EDU_ORG}6`, true],
  ['saml:cn', 'urn:oid:2.5.4.3', true],
  ['saml:commonName', 'urn:oid:2.5.4.3', false],
  ['saml:givenName', 'urn:oid:2.5.4.42', false],
  ['saml:surname', 'urn:oid:2.5.4.4', false],
  ['saml:mail', 'urn:oid:0.9.2342.19200300.100.1.3', false],
  ['saml:name', 'urn:oid:2.16.840.1.113730.3.1.241', false],
  ['saml:uid', 'urn:oid:0.9.2342.19200300.100.1.1', false],
  ['saml:x500UniqueIdentifier', 'urn:oid:2.5.4.45', false],
];

export function samlConditionKeys(attributes: Map<string, string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, oid, multi] of KEYS) {
    const values = attributes.get(oid);
    if (values && values.length > 0) out[key] = multi ? values : values[0];
  }
  return out;
}
