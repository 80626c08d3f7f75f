/**
 * AssumeRoleWithSAML against an IdP made here: an RSA key pair and a
 * self-signed certificate from the `openssl` command, the IdP's metadata
 * registered through the SDK as an IAM SAML provider, Responses signed with
 * xml-crypto. Called unsigned through the JS SDK v3 and the AWS CLI v1; the
 * credentials are then used. The negative cases are the attacks and
 * mistakes AWS refuses: tampering, signature wrapping, a foreign key,
 * expiry (by the server's moved clock), a wrong audience, a role the
 * assertion does not offer, a trust policy without the provider, and a
 * missing RoleSessionName ("Troubleshoot SAML federation with IAM").
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SignedXml } from 'xml-crypto';
import { AssumeRoleWithSAMLCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateRoleCommand, CreateSAMLProviderCommand, ListRolesCommand, ListUsersCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { TestGatehouse, run } from './support/gatehouse.js';
import { rejects } from './support/errors.js';

const exec = promisify(execFile);
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const IDP = 'https://idp.example.test/saml';
const AWS_SAML = 'https://signin.aws.amazon.com/saml';
const ATTR = 'https://aws.amazon.com/SAML/Attributes/';

interface Idp { key: string; cert: string }

async function makeIdp(dir: string, name: string): Promise<Idp> {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  await exec('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2', '-subj', `/CN=${name}`, '-keyout', key, '-out', cert]);
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
}

const certBody = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

function metadata(entityId: string, cert: string): string {
  return `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${certBody(cert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.test/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

interface AssertionOptions {
  now: Date;
  issuer?: string;
  audience?: string;
  recipient?: string;
  /** seconds from now */
  validFor?: number;
  roles?: string[];
  sessionName?: string | null;
  attributes?: Record<string, string[]>;
  sessionNotOnOrAfter?: Date;
  nameIdFormat?: string;
}

function responseXml(o: AssertionOptions): string {
  const iso = (d: Date) => d.toISOString();
  const until = new Date(o.now.getTime() + (o.validFor ?? 300) * 1000);
  const from = new Date(o.now.getTime() - 60_000);
  const attrs: Record<string, string[]> = { [`${ATTR}Role`]: o.roles ?? [], ...(o.attributes ?? {}) };
  if (o.sessionName !== null) attrs[`${ATTR}RoleSessionName`] = [o.sessionName ?? 'alice@example.test'];
  const attributeXml = Object.entries(attrs).map(([name, values]) =>
    `<saml:Attribute Name="${esc(name)}">${values.map((v) => `<saml:AttributeValue>${esc(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`).join('');
  const recipient = o.recipient ?? AWS_SAML;
  return `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomUUID()}" Version="2.0" IssueInstant="${iso(o.now)}" Destination="${recipient}">`
    + `<saml:Issuer>${o.issuer ?? IDP}</saml:Issuer>`
    + '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>'
    + `<saml:Assertion ID="_a${randomUUID()}" Version="2.0" IssueInstant="${iso(o.now)}">`
    + `<saml:Issuer>${o.issuer ?? IDP}</saml:Issuer>`
    + `<saml:Subject><saml:NameID Format="${o.nameIdFormat ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'}">alice-1234</saml:NameID>`
    + `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${iso(until)}" Recipient="${recipient}"/></saml:SubjectConfirmation></saml:Subject>`
    + `<saml:Conditions NotBefore="${iso(from)}" NotOnOrAfter="${iso(until)}"><saml:AudienceRestriction><saml:Audience>${o.audience ?? AWS_SAML}</saml:Audience></saml:AudienceRestriction></saml:Conditions>`
    + `<saml:AuthnStatement AuthnInstant="${iso(o.now)}"${o.sessionNotOnOrAfter ? ` SessionNotOnOrAfter="${iso(o.sessionNotOnOrAfter)}"` : ''}><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`
    + `<saml:AttributeStatement>${attributeXml}</saml:AttributeStatement>`
    + '</saml:Assertion></samlp:Response>';
}

/** Signs the Assertion (or the whole Response) with an enveloped RSA-SHA256 signature, as IdPs do. */
function sign(xml: string, idp: Idp, what: 'Assertion' | 'Response' = 'Assertion'): string {
  const sig = new SignedXml({
    privateKey: idp.key, publicCert: idp.cert,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  sig.addReference({
    xpath: `/*[local-name(.)='Response']${what === 'Assertion' ? "/*[local-name(.)='Assertion']" : ''}`,
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
  });
  const issuer = `/*[local-name(.)='Response']${what === 'Assertion' ? "/*[local-name(.)='Assertion']" : ''}/*[local-name(.)='Issuer']`;
  sig.computeSignature(xml, { location: { reference: issuer, action: 'after' } });
  return sig.getSignedXml();
}

const b64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');

describe('AssumeRoleWithSAML with an IdP made by the test', () => {
  let gh: TestGatehouse;
  let account: string;
  let idp: Idp;
  let stranger: Idp;
  let providerArn: string;
  let otherProviderArn: string;
  let roleArn: string;
  let lockedArn: string;
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-saml-'));

  before(async () => {
    idp = await makeIdp(dir, 'idp');
    stranger = await makeIdp(dir, 'stranger');
    gh = await TestGatehouse.start({ accounts: ['utils'] });
    account = gh.account('utils').id;
    const iam = gh.iam(gh.root('utils'));
    providerArn = (await iam.send(new CreateSAMLProviderCommand({ Name: 'Corp', SAMLMetadataDocument: metadata(IDP, idp.cert) }))).SAMLProviderArn!;
    otherProviderArn = (await iam.send(new CreateSAMLProviderCommand({ Name: 'Other', SAMLMetadataDocument: metadata('https://other.example.test', stranger.cert) }))).SAMLProviderArn!;
    // The trust policy the IAM console writes for a SAML role, plus tags and source identity.
    roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'sso-dev', AssumeRolePolicyDocument: doc({
      Effect: 'Allow', Principal: { Federated: providerArn }, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity'],
      Condition: { StringEquals: { 'SAML:aud': [AWS_SAML, 'https://eu-west-1.signin.aws.amazon.com/saml'] } },
    }) }))).Role!.Arn!;
    await iam.send(new PutRolePolicyCommand({ RoleName: 'sso-dev', PolicyName: 'p', PolicyDocument: doc(
      { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' },
      // Session tags from the assertion are aws:PrincipalTag keys of the session.
      { Effect: 'Allow', Action: 'iam:GetRole', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/Project': 'apollo' } } },
    ) }));
    lockedArn = (await iam.send(new CreateRoleCommand({ RoleName: 'other-idp-only', AssumeRolePolicyDocument: doc({
      Effect: 'Allow', Principal: { Federated: otherProviderArn }, Action: 'sts:AssumeRoleWithSAML',
    }) }))).Role!.Arn!;
  });
  after(async () => { await gh.dispose(); });

  const now = () => gh.server.runtime.clock.now();
  const anonymous = () => new STSClient({ endpoint: gh.server.url, region: 'us-east-1', maxAttempts: 1 });
  const assertion = (o: Partial<AssertionOptions> = {}, signer: Idp = idp, what: 'Assertion' | 'Response' = 'Assertion') =>
    sign(responseXml({ now: now(), roles: [`${roleArn},${providerArn}`], ...o }), signer, what);
  const assume = (xml: string, extra: Record<string, unknown> = {}) =>
    anonymous().send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: b64(xml), ...extra }));
  const sessionOf = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string }) =>
    ({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });

  test('a signed assertion gives a role session with AWS\'s response fields; its credentials work and are limited to the role', async () => {
    const out = await assume(assertion({ attributes: { [`${ATTR}SourceIdentity`]: ['alice'], [`${ATTR}PrincipalTag:Project`]: ['apollo'] } }));
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${account}:assumed-role/sso-dev/alice@example.test`);
    assert.equal(out.Subject, 'alice-1234');
    assert.equal(out.SubjectType, 'persistent');
    assert.equal(out.Issuer, IDP);
    assert.equal(out.Audience, AWS_SAML);
    assert.equal(out.SourceIdentity, 'alice');
    // BASE64(SHA1(issuer + account id + "/" + provider name)), as the API reference shows.
    assert.equal(out.NameQualifier, createHash('sha1').update(`${IDP}${account}/Corp`).digest('base64'));
    assert.ok(out.PackedPolicySize! > 0);
    const session = sessionOf(out.Credentials!);
    assert.equal((await gh.sts(session).send(new GetCallerIdentityCommand({}))).Arn, out.AssumedRoleUser!.Arn);
    await gh.iam(session).send(new ListRolesCommand({}));
    await gh.iam(session).send(new (await import('@aws-sdk/client-iam')).GetRoleCommand({ RoleName: 'sso-dev' }));
    await rejects(gh.iam(session).send(new ListUsersCommand({})), 'AccessDenied', 403, /is not authorized to perform: iam:ListUsers/);
  });

  test('a signed Response (not only the Assertion), a regional sign-in endpoint and a role/provider pair in either order are accepted', async () => {
    const regional = 'https://eu-west-1.signin.aws.amazon.com/saml';
    const out = await assume(assertion({ recipient: regional, audience: 'urn:amazon:webservices', roles: [`${providerArn},${roleArn}`], nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' }, idp, 'Response'));
    assert.equal(out.Audience, regional);
    assert.equal(out.SubjectType, 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress');
  });

  test('DurationSeconds up to the role\'s maximum, cut short by the assertion\'s SessionNotOnOrAfter', async () => {
    const t = now();
    const long = await assume(assertion(), { DurationSeconds: 3600 });
    assert.ok(Math.abs(long.Credentials!.Expiration!.getTime() - t.getTime() - 3600_000) < 5000);
    const cut = await assume(assertion({ sessionNotOnOrAfter: new Date(t.getTime() + 1200_000) }), { DurationSeconds: 3600 });
    assert.ok(Math.abs(cut.Credentials!.Expiration!.getTime() - t.getTime() - 1200_000) < 5000);
    await rejects(assume(assertion(), { DurationSeconds: 7200 }), 'ValidationError', 400, /MaxSessionDuration/);
  });

  test('session policies narrow the session as with AssumeRole', async () => {
    const out = await assume(assertion(), { Policy: doc({ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' }) });
    await rejects(gh.iam(sessionOf(out.Credentials!)).send(new ListRolesCommand({})), 'AccessDenied', 403);
    await rejects(assume(assertion(), { Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}' }), 'MalformedPolicyDocumentException', 400);
  });

  test('an attribute changed after signing is refused', async () => {
    const signed = assertion({ sessionName: 'alice' });
    const tampered = signed.replace('<saml:AttributeValue>alice</saml:AttributeValue>', '<saml:AttributeValue>admin</saml:AttributeValue>');
    assert.notEqual(tampered, signed);
    await rejects(assume(tampered), 'InvalidIdentityTokenException', 400, 'Response signature invalid');
  });

  test('signature wrapping: an unsigned assertion beside or around the signed one is never read', async () => {
    const signed = assertion({ sessionName: 'alice' });
    const original = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(signed)![0];
    const evil = original.replace(/ID="[^"]+"/, 'ID="_evil"').replace('<saml:AttributeValue>alice</saml:AttributeValue>', '<saml:AttributeValue>mallory</saml:AttributeValue>');
    // The signed assertion hidden in Extensions, the evil one (carrying the copied signature) in its place.
    const moved = signed.replace(original, `<samlp:Extensions>${original}</samlp:Extensions>${evil}`);
    await rejects(assume(moved), 'InvalidIdentityTokenException', 400, 'Response signature invalid');
    // Both side by side.
    await rejects(assume(signed.replace(original, `${original}${evil.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '')}`)), 'InvalidIdentityTokenException', 400, /exactly one Assertion/);
    // The evil one keeps the original's ID (a duplicate ID).
    const sameId = original.replace('<saml:AttributeValue>alice</saml:AttributeValue>', '<saml:AttributeValue>mallory</saml:AttributeValue>');
    await rejects(assume(signed.replace(original, `<samlp:Extensions>${original}</samlp:Extensions>${sameId}`)), 'InvalidIdentityTokenException', 400, 'Response signature invalid');
  });

  test('an assertion signed by a key not in the provider\'s metadata is refused, and so is an unsigned one', async () => {
    await rejects(assume(assertion({}, stranger)), 'InvalidIdentityTokenException', 400, 'Response signature invalid');
    await rejects(assume(responseXml({ now: now(), roles: [`${roleArn},${providerArn}`] })), 'InvalidIdentityTokenException', 400, 'Response signature invalid');
  });

  test('expiry follows the server\'s clock: an assertion valid when signed expires when Gatehouse\'s clock moves past NotOnOrAfter', async () => {
    await rejects(assume(assertion({ validFor: -10 })), 'ExpiredTokenException', 400, /^Token expired/);
    const fresh = assertion({ validFor: 120 });
    gh.server.runtime.clock.advance(300);
    try {
      await rejects(assume(fresh), 'ExpiredTokenException', 400, /^Token expired/);
    } finally {
      gh.server.runtime.clock.advance(-300);
    }
    await assume(fresh);
  });

  test('a wrong audience, issuer, or recipient is refused', async () => {
    await rejects(assume(assertion({ audience: 'https://app.example.test' })), 'InvalidIdentityTokenException', 400, 'Response does not contain the required audience.');
    await rejects(assume(assertion({ issuer: 'https://evil.example.test' })), 'InvalidIdentityTokenException', 400, 'Issuer not present in specified provider');
    await rejects(assume(assertion({ recipient: 'https://app.example.test/acs' })), 'InvalidIdentityTokenException', 400, /Recipient/);
  });

  test('a role the assertion does not offer, or a trust policy that names another provider, is denied', async () => {
    await rejects(assume(assertion({ roles: [`arn:aws:iam::${account}:role/other,${providerArn}`] })), 'AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithSAML');
    const xml = assertion({ roles: [`${lockedArn},${providerArn}`] });
    await rejects(anonymous().send(new AssumeRoleWithSAMLCommand({ RoleArn: lockedArn, PrincipalArn: providerArn, SAMLAssertion: b64(xml) })), 'AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithSAML');
  });

  test('RoleSessionName is required and checked; a source identity or a tag the trust policy does not allow is refused', async () => {
    await rejects(assume(assertion({ sessionName: null })), 'InvalidIdentityTokenException', 400, 'RoleSessionName is required in AuthnResponse');
    await rejects(assume(assertion({ sessionName: 'a b' })), 'InvalidIdentityTokenException', 400, 'RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}');
    await rejects(assume(assertion({ attributes: { [`${ATTR}SourceIdentity`]: ['aws:x'] } })), 'InvalidIdentityTokenException', 400, /^Source Identity must match/);
    const iam = gh.iam(gh.root('utils'));
    const plain = (await iam.send(new CreateRoleCommand({ RoleName: 'no-tags', AssumeRolePolicyDocument: doc({
      Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': AWS_SAML } },
    }) }))).Role!.Arn!;
    const call = (o: Partial<AssertionOptions>) =>
      anonymous().send(new AssumeRoleWithSAMLCommand({ RoleArn: plain, PrincipalArn: providerArn, SAMLAssertion: b64(assertion({ roles: [`${plain},${providerArn}`], ...o })) }));
    await call({});
    await rejects(call({ attributes: { [`${ATTR}PrincipalTag:Project`]: ['apollo'] } }), 'AccessDenied', 403, 'Not authorized to perform sts:TagSession');
    await rejects(call({ attributes: { [`${ATTR}SourceIdentity`]: ['alice'] } }), 'AccessDenied', 403, 'Not authorized to perform sts:SetSourceIdentity');
  });

  test('bad inputs: not base64, not XML, an unknown provider, a non-success status', async () => {
    await rejects(anonymous().send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: '!!!!not base64' })), 'InvalidIdentityTokenException', 400);
    await rejects(anonymous().send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: b64('<not xml') })), 'InvalidIdentityTokenException', 400);
    await rejects(anonymous().send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: `arn:aws:iam::${account}:saml-provider/Nope`, SAMLAssertion: b64(assertion()) })), 'InvalidIdentityTokenException', 400, /provider doesn't exist/);
    const failed = assertion().replace('urn:oasis:names:tc:SAML:2.0:status:Success', 'urn:oasis:names:tc:SAML:2.0:status:Responder');
    await rejects(assume(failed), 'IDPRejectedClaimException', 403);
  });

  test('the AWS CLI: aws sts assume-role-with-saml, unsigned, and the credentials it returns', async () => {
    const { code, stdout, stderr } = await run('aws', ['sts', 'assume-role-with-saml', '--role-arn', roleArn, '--principal-arn', providerArn,
      '--saml-assertion', b64(assertion({ sessionName: 'cli-user' })), '--profile', 'utils', '--output', 'json'], gh.env());
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout);
    assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${account}:assumed-role/sso-dev/cli-user`);
    assert.equal(out.Issuer, IDP);
    const env = gh.env({ AWS_ACCESS_KEY_ID: out.Credentials.AccessKeyId, AWS_SECRET_ACCESS_KEY: out.Credentials.SecretAccessKey, AWS_SESSION_TOKEN: out.Credentials.SessionToken, AWS_ENDPOINT_URL: gh.server.url, AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' });
    const who = await run('aws', ['sts', 'get-caller-identity', '--output', 'json'], env);
    assert.equal(JSON.parse(who.stdout).Arn, `arn:aws:sts::${account}:assumed-role/sso-dev/cli-user`);
    const denied = await run('aws', ['iam', 'list-users'], env);
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /AccessDenied/);
    const tampered = await run('aws', ['sts', 'assume-role-with-saml', '--role-arn', roleArn, '--principal-arn', providerArn,
      '--saml-assertion', b64(assertion({ sessionName: 'cli-user' }).replace('cli-user', 'root-user')), '--profile', 'utils'], gh.env());
    assert.notEqual(tampered.code, 0);
    assert.match(tampered.stderr, /InvalidIdentityToken/);
  });
});
