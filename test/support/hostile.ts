/**
 * Hostile inputs for property-based fuzzing (fast-check): Query parameters,
 * JSON policy documents and S3 XML bodies that are deep, huge, oddly encoded
 * or malicious (entity expansion, external entities, prototype keys).
 */
import fc from 'fast-check';

/** Strings a careless parser trips on (short ones). */
const nastySmall = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '', ' ', '\u0000', '\uFEFF', '\uD800', '\uDFFF', '💥'.repeat(50), 'A\u0301', '\u202E', '%', '%%', '%ZZ', '%C0%AF', '..', '../..', '/', '//',
    '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '${aws:username}', '${', '*', '?', 'arn:aws:iam::*:*',
    '<', '&', ']]>', '<!--', "'", '"', '\\', '\r\n', '\t', 'null', 'true', '1e309', '-0', 'NaN', '0x10', '9'.repeat(400),
  ),
);
/** …and long ones too. */
export const nastyString = fc.oneof({ weight: 6, arbitrary: nastySmall }, { weight: 1, arbitrary: fc.nat({ max: 70_000 }).map((n) => 'x'.repeat(n)) });

/** Percent-encoding of a string, sometimes with raw invalid UTF-8 bytes or broken escapes mixed in. */
export const encodedValue = fc.oneof(
  nastyString.map((s) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '?'))),
  fc.uint8Array({ maxLength: 30 }).map((b) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('')),
  fc.constantFrom('%FF%FE', '%C3%28', '%E2%82', '%', '%G1', '+', '%00', '%F0%9F%92'),
);

const QUERY_ACTIONS = [
  'CreateUser', 'DeleteUser', 'TagUser', 'PutUserPolicy', 'CreatePolicy', 'CreatePolicyVersion', 'CreateRole', 'UpdateAssumeRolePolicy',
  'CreateGroup', 'AddUserToGroup', 'CreateAccessKey', 'UpdateAccountPasswordPolicy', 'CreateLoginProfile', 'SimulateCustomPolicy',
  'ListUsers', 'GetUser', 'CreateOpenIDConnectProvider', 'CreateSAMLProvider', 'CreateVirtualMFADevice', 'ListPolicies', 'NoSuchAction', '',
];
const STS_ACTIONS = ['AssumeRole', 'GetFederationToken', 'GetSessionToken', 'GetCallerIdentity', 'DecodeAuthorizationMessage', 'AssumeRoleWithWebIdentity', 'GetAccessKeyInfo'];
const PARAM_NAMES = [
  'UserName', 'Path', 'PolicyName', 'PolicyDocument', 'PolicyArn', 'RoleName', 'AssumeRolePolicyDocument', 'GroupName', 'Description',
  'Tags.member.1.Key', 'Tags.member.1.Value', 'Tags.member.99999999.Key', 'Tags.member.0.Key', 'Tags.member.-1.Key', 'Tags.member.1',
  'Tags.member.1.Key.member.1', 'PolicyInputList.member.1', 'ActionNames.member.1', 'ResourceArns.member.1', 'ContextEntries.member.1.ContextKeyValues.member.1',
  'MinimumPasswordLength', 'MaxPasswordAge', 'Password', 'RoleArn', 'RoleSessionName', 'DurationSeconds', 'Policy', 'PolicyArns.member.1.arn',
  'Name', 'SAMLMetadataDocument', 'Url', 'ClientIDList.member.1', 'ThumbprintList.member.1', 'Version', 'MaxItems', 'Marker', 'SetAsDefault',
  'EncodedMessage', 'AccessKeyId', 'WebIdentityToken', 'ExternalId', 'SerialNumber', 'TokenCode', 'SourceIdentity', 'TransitiveTagKeys.member.1',
];

export interface QueryInput { service: 'iam' | 'sts'; body: string }

/** A form body: a real or bogus Action, known and unknown parameters, hostile values, repeats. */
export const queryInput: fc.Arbitrary<QueryInput> = fc.constantFrom<'iam' | 'sts'>('iam', 'sts').chain((service) =>
  fc.record({
    action: fc.constantFrom(...(service === 'iam' ? QUERY_ACTIONS : STS_ACTIONS)),
    version: fc.constantFrom(service === 'iam' ? '2010-05-08' : '2011-06-15', '', '2099-01-01'),
    params: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...PARAM_NAMES), fc.string({ maxLength: 30 }).map(encodeURIComponent), fc.constant('%FF')), fc.oneof(encodedValue, policyText.map(encodeURIComponent))), { maxLength: 12 }),
    many: fc.option(fc.nat({ max: 3000 }), { nil: undefined }),
  }).map(({ action, version, params, many }) => {
    const parts = [`Action=${action}`, `Version=${version}`, ...params.map(([k, v]) => `${k}=${v}`)];
    // Huge arrays: thousands of list members.
    if (many !== undefined) for (let i = 1; i <= many; i++) parts.push(`Tags.member.${i}.Key=k${i}`);
    return { service, body: parts.join('&') };
  }));

/** Deeply nested JSON of a given depth, arrays or objects. */
const deepJson = fc.tuple(fc.integer({ min: 100, max: 20_000 }), fc.boolean()).map(([d, arr]) =>
  arr ? `${'['.repeat(d)}${']'.repeat(d)}` : `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`);

const statement = fc.record({
  Sid: fc.option(nastySmall, { nil: undefined }),
  Effect: fc.oneof(fc.constantFrom('Allow', 'Deny'), nastySmall),
  Action: fc.oneof(fc.constantFrom('*', 's3:GetObject', 'iam:*'), nastySmall, fc.array(nastySmall, { maxLength: 5 })),
  Resource: fc.oneof(fc.constant('*'), nastySmall, fc.array(nastySmall, { maxLength: 5 })),
  Condition: fc.option(fc.dictionary(nastySmall, fc.dictionary(nastySmall, fc.oneof(nastySmall, fc.array(nastySmall, { maxLength: 3 }), fc.jsonValue({ maxDepth: 3 })), { maxKeys: 3 }), { maxKeys: 3 }), { nil: undefined }),
  Principal: fc.option(fc.oneof(fc.constant('*'), fc.dictionary(fc.constantFrom('AWS', 'Service', 'Federated', '__proto__'), fc.oneof(nastySmall, fc.array(nastySmall, { maxLength: 3 })))), { nil: undefined }),
}, { requiredKeys: [] });

/** Policy documents: plausible ones with hostile values, deep nesting, huge statement lists, arbitrary JSON, broken text. */
export const policyText: fc.Arbitrary<string> = fc.oneof(
  fc.record({ Version: fc.constantFrom('2012-10-17', '2008-10-17', ''), Statement: fc.oneof(statement, fc.array(statement, { maxLength: 4 })) }).map((p) => JSON.stringify(p)),
  fc.tuple(statement, fc.integer({ min: 100, max: 5000 })).map(([s, n]) => JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: n }, () => s) })),
  fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
  deepJson,
  fc.constantFrom(
    '{"__proto__":{"Effect":"Allow"},"Version":"2012-10-17","Statement":[]}',
    '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Effect":"Deny"}}',
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"aws:EpochTime":1e309}}}]}',
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"99999-99-99"}}}]}',
    '{', '}', '[', 'null', '""', '1', '\uFEFF{}', '{"Version":"2012-10-17","Statement":[]} trailing', '{"a":"\\ud800"}', '{"a":"\\u0000"}',
  ),
);

/** XML for S3 bodies: well-formed trees with hostile text, entity bombs, external entities, depth, breadth, bad encodings. */
const xmlText = nastyString.map((s) => s.replace(/[\uD800-\uDFFF]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;'));
const element = (names: string[]): fc.Arbitrary<string> => fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    xmlText,
    fc.tuple(fc.constantFrom(...names, 'Foo', 'x:Key', 'Key xmlns="urn:x"'), fc.array(tie('node'), { maxLength: 4 })).map(([n, kids]) => `<${n}>${kids.join('')}</${n.split(' ')[0]}>`),
  ),
})).node;

export interface XmlCase { op: 'DeleteObjects' | 'CompleteMultipartUpload' | 'PutBucketTagging' | 'PutObjectTagging' | 'PutBucketVersioning' | 'PutBucketPolicy'; body: Buffer }

const XML_ROOTS: Record<Exclude<XmlCase['op'], 'PutBucketPolicy'>, string[]> = {
  DeleteObjects: ['Delete', 'Object', 'Key', 'Quiet', 'VersionId'],
  CompleteMultipartUpload: ['CompleteMultipartUpload', 'Part', 'PartNumber', 'ETag', 'ChecksumCRC32'],
  PutBucketTagging: ['Tagging', 'TagSet', 'Tag', 'Key', 'Value'],
  PutObjectTagging: ['Tagging', 'TagSet', 'Tag', 'Key', 'Value'],
  PutBucketVersioning: ['VersioningConfiguration', 'Status', 'MfaDelete'],
};

const BOMB = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>`;

export const xmlCase: fc.Arbitrary<XmlCase> = fc.constantFrom(...(Object.keys(XML_ROOTS) as Array<keyof typeof XML_ROOTS>), 'PutBucketPolicy' as const).chain((op): fc.Arbitrary<XmlCase> => {
  if (op === 'PutBucketPolicy') return policyText.map((t): XmlCase => ({ op, body: Buffer.from(t) }));
  const names = XML_ROOTS[op];
  const root = names[0];
  return fc.oneof(
    element(names).map((inner) => `<${root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${inner}</${root}>`),
    element(names),
    fc.constant(`${BOMB}<${root}>&lol9;</${root}>`),
    fc.constant(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><${root}><${names[1]}>&e;</${names[1]}></${root}>`),
    fc.constant(`<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://127.0.0.1:1/evil.dtd"><${root}/>`),
    fc.integer({ min: 100, max: 50_000 }).map((d) => `<${root}>${`<${names[1]}>`.repeat(d)}${`</${names[1]}>`.repeat(d)}</${root}>`),
    fc.integer({ min: 1000, max: 20_000 }).map((n) => `<${root}>${`<${names[1]}><${names[2]}>k</${names[2]}></${names[1]}>`.repeat(n)}</${root}>`),
    fc.constant(`<${root}><![CDATA[<${names[1]}>x</${names[1]}>]]></${root}>`),
    fc.constant(`<?xml-stylesheet href="x"?><${root}><!-- c --></${root}>`),
  ).map((xml): XmlCase => ({ op, body: Buffer.from(xml) })).chain((c): fc.Arbitrary<XmlCase> => fc.oneof(
    { weight: 5, arbitrary: fc.constant(c) },
    // Invalid UTF-8 bytes spliced in.
    { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 4 }).map((b) => Buffer.from([...b].map((x) => x | 0x80)))).map(([at, bad]): XmlCase => {
      const i = c.body.length ? at % c.body.length : 0;
      return { op: c.op, body: Buffer.concat([c.body.subarray(0, i), bad, c.body.subarray(i)]) };
    }) },
  ));
});
