/**
 * IAM/STS (query family): requests signed by the real SDK v3 clients and in
 * the CLI v1's form, then mutated. Error codes and messages from "Common
 * Errors" (IAM / STS API Reference) and the messages IAM/STS really return.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { isSigned, verifySigV4 } from './index.js';
import { AKID, SECRET, editAuth, failure, header, httpRequest, lookup, recorder, sdkSigner, toRaw, withHeader, type Recorder } from './test-support.js';
import type { RawRequest } from './types.js';

const credentials = { accessKeyId: AKID, secretAccessKey: SECRET };
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

let rec: Recorder;
let iamPost: RawRequest;
let stsPost: RawRequest;
const now = () => new Date();

before(async () => {
  rec = await recorder();
  const iam = new IAMClient({ endpoint: rec.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  await iam.send(new GetUserCommand({ UserName: 'alice+bob name' })).catch(() => undefined);
  const sts = new STSClient({ endpoint: rec.endpoint, region: 'eu-central-1', credentials: { ...credentials, sessionToken: 'FwoGZXIvYXdzEXAMPLE' }, maxAttempts: 1 });
  await sts.send(new GetCallerIdentityCommand({})).catch(() => undefined);
  [iamPost, stsPost] = rec.requests;
});
after(() => rec.close());

describe('query family: valid requests (Signature Version 4 signing process)', () => {
  it('verifies an IAM POST signed by @aws-sdk/client-iam', async () => {
    assert.equal(isSigned(iamPost), true);
    const v = await verifySigV4(iamPost, lookup, 'query', now());
    assert.equal(v.accessKeyId, AKID);
    assert.equal(v.region, 'us-east-1');
    assert.equal(v.service, 'iam');
    assert.equal(v.payload, 'signed');
    assert.equal(v.presigned, false);
    assert.ok(v.signedHeaders.includes('host'));
  });

  it('verifies an STS POST with a session token and reports the token', async () => {
    const v = await verifySigV4(stsPost, lookup, 'query', now());
    assert.equal(v.service, 'sts');
    assert.equal(v.region, 'eu-central-1');
    assert.equal(v.sessionToken, 'FwoGZXIvYXdzEXAMPLE');
  });

  it("verifies the CLI v1 form: 'Content-Type: application/x-www-form-urlencoded; charset=utf-8', no x-amz-content-sha256", async () => {
    const body = Buffer.from('Action=GetUser&Version=2010-05-08');
    const signed = await sdkSigner('iam', 'us-east-1', { applyChecksum: false }).sign(
      httpRequest({
        method: 'POST',
        hostname: 'iam.amazonaws.com',
        path: '/',
        headers: { host: 'iam.amazonaws.com', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'content-length': String(body.length) },
        body,
      }),
    );
    const v = await verifySigV4(toRaw(signed, body), lookup, 'query', now());
    assert.deepEqual(v.signedHeaders, ['content-length', 'content-type', 'host', 'x-amz-date']);
  });

  it('joins repeated header values with "," after trimming, and collapses inner spaces (canonical headers)', async () => {
    const body = Buffer.from('Action=GetUser&Version=2010-05-08');
    const signed = await sdkSigner('iam').sign(
      httpRequest({ method: 'POST', path: '/', headers: { host: 'localhost:4566', 'x-custom': 'a,b   c', 'content-type': 'application/x-www-form-urlencoded' }, body }),
    );
    const raw = toRaw(signed, body);
    const rawHeaders = raw.rawHeaders.flatMap((v, i, all) =>
      i % 2 === 0 && v === 'x-custom' ? ['X-Custom', '  a ', 'x-custom', 'b   c '] : i % 2 === 1 && all[i - 1] === 'x-custom' ? [] : [v],
    );
    await verifySigV4({ ...raw, rawHeaders }, lookup, 'query', now());
  });

  it('verifies an STS presigned GET from SignatureV4.presign (body hash) and botocore-style UNSIGNED-PAYLOAD', async () => {
    const request = httpRequest({ method: 'GET', path: '/', headers: { host: 'sts.amazonaws.com' }, query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } });
    const presigned = await sdkSigner('sts').presign(request, { expiresIn: 60 });
    const v = await verifySigV4(toRaw(presigned), lookup, 'query', now());
    assert.equal(v.presigned, true);
    assert.equal(v.service, 'sts');
    const unsigned = await sdkSigner('sts').presign(
      httpRequest({ ...request, headers: { host: 'sts.amazonaws.com', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }),
      { expiresIn: 60, unhoistableHeaders: new Set(['x-amz-content-sha256']), unsignableHeaders: new Set(['x-amz-content-sha256']) },
    );
    await verifySigV4(withHeader(toRaw(unsigned), 'x-amz-content-sha256', undefined), lookup, 'query', now());
  });
});

describe('query family: every mutation is SignatureDoesNotMatch 403', () => {
  const cases: [string, (r: RawRequest) => RawRequest][] = [
    ['method', (r) => ({ ...r, method: 'PUT' })],
    ['path', (r) => ({ ...r, url: '/x' })],
    ['query parameter', (r) => ({ ...r, url: '/?Action=DeleteUser' })],
    ['signed header value', (r) => withHeader(r, 'host', 'evil.example:80')],
    ['body byte', (r) => ({ ...r, body: Buffer.from(r.body!.toString().replace('alice', 'alicf')) })],
    ['date', (r) => withHeader(r, 'x-amz-date', header(r, 'x-amz-date')!.replace(/\dZ$/, (d) => `${(+d[0] + 1) % 10}Z`))],
    ['region', (r) => editAuth(r, '/us-east-1/', '/us-west-2/')],
    ['service', (r) => editAuth(r, '/iam/', '/sts/')],
    ['signature', (r) => editAuth(r, /Signature=[0-9a-f]{64}/, 'Signature=' + '0'.repeat(64))],
    ['dropped signed header', (r) => withHeader(r, 'amz-sdk-request', undefined)],
  ];
  for (const [name, mutate] of cases) {
    it(`refuses a changed ${name}`, async () => {
      const e = await failure(verifySigV4(mutate(iamPost), lookup, 'query', now()));
      assert.deepEqual([e.code, e.status, e.message], ['SignatureDoesNotMatch', 403, MISMATCH]);
    });
  }
});

describe('query family: errors (Common Errors)', () => {
  it('unknown key → InvalidClientTokenId 403', async () => {
    const e = await failure(verifySigV4(iamPost, () => undefined, 'query', now()));
    assert.deepEqual([e.code, e.status, e.message], ['InvalidClientTokenId', 403, 'The security token included in the request is invalid.']);
  });

  it('clock skew over 15 minutes → SignatureDoesNotMatch "Signature expired: … (… - 15 min.)"', async () => {
    const signed = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));
    const req = toRaw(
      await sdkSigner('sts').sign(httpRequest({ method: 'POST', path: '/', headers: { host: 'sts.amazonaws.com' }, body: 'Action=GetCallerIdentity' }), { signingDate: signed }),
      Buffer.from('Action=GetCallerIdentity'),
    );
    const late = await failure(verifySigV4(req, lookup, 'query', new Date(Date.UTC(2026, 0, 1, 0, 20, 0))));
    assert.deepEqual([late.code, late.status], ['SignatureDoesNotMatch', 403]);
    assert.equal(late.message, 'Signature expired: 20260101T000000Z is now earlier than 20260101T000500Z (20260101T002000Z - 15 min.)');
    const early = await failure(verifySigV4(req, lookup, 'query', new Date(Date.UTC(2025, 11, 31, 23, 40, 0))));
    assert.equal(early.message, 'Signature not yet current: 20260101T000000Z is still later than 20251231T235500Z (20251231T234000Z + 15 min.)');
    await verifySigV4(req, lookup, 'query', new Date(Date.UTC(2026, 0, 1, 0, 14, 59)));
  });

  it('no credentials at all → MissingAuthenticationToken 403', async () => {
    const bare = withHeader(iamPost, 'authorization', undefined);
    assert.equal(isSigned(bare), false);
    const e = await failure(verifySigV4(bare, lookup, 'query', now()));
    assert.deepEqual([e.code, e.status, e.message], ['MissingAuthenticationToken', 403, 'Request is missing Authentication Token']);
  });

  it('Authorization without Signature/SignedHeaders → IncompleteSignature 400 listing what is missing', async () => {
    const req = withHeader(iamPost, 'authorization', `AWS4-HMAC-SHA256 Credential=${AKID}/20260101/us-east-1/iam/aws4_request`);
    const e = await failure(verifySigV4(req, lookup, 'query', now()));
    assert.equal(e.code, 'IncompleteSignature');
    assert.equal(e.status, 400);
    assert.match(e.message, /^Authorization header requires 'Signature' parameter\. Authorization header requires 'SignedHeaders' parameter\. Authorization=AWS4-HMAC-SHA256 /);
  });

  it('malformed credential → IncompleteSignature; wrong terminator or scope date → SignatureDoesNotMatch', async () => {
    const bad = await failure(verifySigV4(editAuth(iamPost, /Credential=[^,]+/, `Credential=${AKID}/us-east-1/iam/aws4_request`), lookup, 'query', now()));
    assert.deepEqual([bad.code, bad.status], ['IncompleteSignature', 400]);
    assert.match(bad.message, /^Credential must have exactly 5 slash-delimited elements/);
    const term = await failure(verifySigV4(editAuth(iamPost, 'aws4_request', 'aws5_request'), lookup, 'query', now()));
    assert.deepEqual([term.code, term.message], ['SignatureDoesNotMatch', "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'."]);
    const date = await failure(verifySigV4(editAuth(iamPost, /\/\d{8}\//, '/20000101/'), lookup, 'query', now()));
    assert.equal(date.code, 'SignatureDoesNotMatch');
    assert.match(date.message, /^Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20000101' != '\d{8}', from '\d{8}T\d{6}Z'\.$/);
  });

  it('no X-Amz-Date or Date header → IncompleteSignature', async () => {
    const e = await failure(verifySigV4(withHeader(iamPost, 'x-amz-date', undefined), lookup, 'query', now()));
    assert.equal(e.code, 'IncompleteSignature');
    assert.match(e.message, /requires existence of either a 'X-Amz-Date' or a 'Date' header/);
  });

  it('presigned query missing parameters → IncompleteSignature naming each', async () => {
    const e = await failure(verifySigV4({ method: 'GET', url: '/?Action=GetCallerIdentity&X-Amz-Algorithm=AWS4-HMAC-SHA256', rawHeaders: ['Host', 'x'] }, lookup, 'query', now()));
    assert.equal(e.code, 'IncompleteSignature');
    assert.match(e.message, /AWS query-string parameters must include 'X-Amz-Credential'\./);
  });
});
