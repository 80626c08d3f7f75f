/**
 * S3 family: requests from @aws-sdk/client-s3 and presigned URLs made as the
 * S3 presigner does, then mutated. Behaviour from "Authenticating Requests:
 * Using the Authorization Header (AWS Signature Version 4)", "Authenticating
 * Requests: Using Query Parameters (AWS Signature Version 4)" and "Error
 * Responses" (Amazon S3 API Reference).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { isSigned, verifySigV4 } from './index.js';
import { AKID, SECRET, editAuth, failure, header, httpRequest, lookup, recorder, sdkSigner, toRaw, withHeader, type Recorder } from './test-support.js';
import type { RawRequest } from './types.js';

const MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your key and signing method.';
const KEYS = ['a b', 'a+b', 'a%2Fb', 'ünï/cødé 😀', 'a/../b', 'a//b', "it's (1)*!", '~tilde/.', 'q?x=1&y'];

let rec: Recorder;
let s3: S3Client;
const now = () => new Date();

async function capture(send: () => Promise<unknown>): Promise<RawRequest> {
  const before = rec.requests.length;
  await send().catch(() => undefined);
  return rec.requests[before];
}

before(async () => {
  rec = await recorder();
  s3 = new S3Client({ endpoint: rec.endpoint, region: 'eu-west-1', credentials: { accessKeyId: AKID, secretAccessKey: SECRET }, forcePathStyle: true, maxAttempts: 1 });
});
after(() => rec.close());

const presignGet = (path: string, expiresIn: number, signingDate = new Date()) =>
  // As @aws-sdk/s3-request-presigner: declare UNSIGNED-PAYLOAD, which presign hoists into the query.
  sdkSigner('s3').presign(httpRequest({ method: 'GET', path, headers: { host: 'bucket.s3.amazonaws.com', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }), {
    expiresIn,
    signingDate,
  });

describe('s3: valid requests', () => {
  it('verifies a GetObject from @aws-sdk/client-s3 (empty-body hash)', async () => {
    const req = await capture(() => s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' })));
    const v = await verifySigV4(req, lookup, 's3', now());
    assert.deepEqual([v.service, v.region, v.payload, v.presigned], ['s3', 'eu-west-1', 'signed', false]);
  });

  it('verifies a hand-signed GET with x-amz-content-sha256: UNSIGNED-PAYLOAD', async () => {
    const signed = await sdkSigner('s3').sign(httpRequest({ method: 'GET', path: '/b/k', query: { 'list-type': '2', prefix: 'a b' }, headers: { host: 'localhost:9000', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }));
    const v = await verifySigV4(toRaw(signed), lookup, 's3', now());
    assert.equal(v.payload, 'unsigned');
  });

  it('verifies a PutObject whose body matches its signed hash; a changed body byte is XAmzContentSHA256Mismatch 400', async () => {
    const req = await capture(() => s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'hello world' })));
    const v = await verifySigV4(req, lookup, 's3', now());
    assert.equal(v.payloadHash, header(req, 'x-amz-content-sha256'));
    const e = await failure(verifySigV4({ ...req, body: Buffer.from('hello worle') }, lookup, 's3', now()));
    assert.deepEqual([e.code, e.status, e.message], ['XAmzContentSHA256Mismatch', 400, "The provided 'x-amz-content-sha256' header does not match what was computed."]);
  });

  for (const key of KEYS) {
    it(`verifies the key ${JSON.stringify(key)} (path encoded once, never normalised)`, async () => {
      const req = await capture(() => s3.send(new GetObjectCommand({ Bucket: 'b', Key: key })));
      await verifySigV4(req, lookup, 's3', now());
    });
  }

  it('verifies a client that signed its own lower-case escapes verbatim', async () => {
    const signed = await sdkSigner('s3').sign(httpRequest({ method: 'GET', path: '/b/caf%c3%a9', headers: { host: 'h', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }));
    await verifySigV4(toRaw(signed), lookup, 's3', now());
  });

  it("keeps a literal '+' in the query as '+' (not a space)", async () => {
    const signed = await sdkSigner('s3').sign(httpRequest({ method: 'GET', path: '/b', query: { prefix: 'a+b' }, headers: { host: 'h', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }));
    const raw = toRaw(signed);
    await verifySigV4({ ...raw, url: raw.url.replace('a%2Bb', 'a+b') }, lookup, 's3', now());
    await failure(verifySigV4({ ...raw, url: raw.url.replace('a%2Bb', 'a%20b') }, lookup, 's3', now()));
  });

  it('verifies presigned GETs (X-Amz-Content-Sha256 hoisted, or absent as botocore sends)', async () => {
    const raw = toRaw(await presignGet('/a%20b/c%2Bd', 300));
    assert.equal(isSigned(raw), true);
    const v = await verifySigV4(raw, lookup, 's3', now());
    assert.deepEqual([v.presigned, v.payload], [true, 'unsigned']);
    const plain = await sdkSigner('s3').presign(httpRequest({ method: 'GET', path: '/k', headers: { host: 'h', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }), {
      unhoistableHeaders: new Set(['x-amz-content-sha256']),
      unsignableHeaders: new Set(['x-amz-content-sha256']),
    });
    await verifySigV4(withHeader(toRaw(plain), 'x-amz-content-sha256', undefined), lookup, 's3', now());
  });

  it('reports the session token from X-Amz-Security-Token', async () => {
    const credentials = { accessKeyId: AKID, secretAccessKey: SECRET, sessionToken: 'tok/+=' };
    const signer = new SignatureV4({ service: 's3', region: 'us-east-1', sha256: Sha256, credentials, uriEscapePath: false });
    const raw = toRaw(await signer.presign(httpRequest({ method: 'GET', path: '/k', headers: { host: 'h', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } })));
    assert.equal((await verifySigV4(raw, lookup, 's3', now())).sessionToken, 'tok/+=');
  });
});

describe('s3: presigned expiry (Authenticating Requests: Using Query Parameters)', () => {
  const signedAt = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));
  it('expires after X-Amz-Expires → AccessDenied "Request has expired"', async () => {
    const raw = toRaw(await presignGet('/k', 60, signedAt));
    await verifySigV4(raw, lookup, 's3', new Date(signedAt.getTime() + 60_000));
    const e = await failure(verifySigV4(raw, lookup, 's3', new Date(signedAt.getTime() + 61_000)));
    assert.deepEqual([e.code, e.status, e.message], ['AccessDenied', 403, 'Request has expired']);
    assert.deepEqual(e.extra, { 'X-Amz-Expires': '60', Expires: '2026-01-01T00:01:00Z', ServerTime: '2026-01-01T00:01:01Z' });
  });

  it('a URL dated in the future → AccessDenied "Request is not yet valid"', async () => {
    const raw = toRaw(await presignGet('/k', 60, signedAt));
    const e = await failure(verifySigV4(raw, lookup, 's3', new Date(signedAt.getTime() - 16 * 60_000)));
    assert.deepEqual([e.code, e.message], ['AccessDenied', 'Request is not yet valid']);
  });

  it('X-Amz-Expires over 604800 or negative → AuthorizationQueryParametersError', async () => {
    const raw = toRaw(await presignGet('/k', 60));
    const week = await failure(verifySigV4({ ...raw, url: raw.url.replace('X-Amz-Expires=60', 'X-Amz-Expires=604801') }, lookup, 's3', now()));
    assert.deepEqual([week.code, week.status, week.message], ['AuthorizationQueryParametersError', 400, 'X-Amz-Expires must be less than a week (in seconds) that is; 604800']);
    const neg = await failure(verifySigV4({ ...raw, url: raw.url.replace('X-Amz-Expires=60', 'X-Amz-Expires=-1') }, lookup, 's3', now()));
    assert.equal(neg.message, 'X-Amz-Expires must be non-negative');
  });

  it('a missing presign parameter → AuthorizationQueryParametersError', async () => {
    const raw = toRaw(await presignGet('/k', 60));
    const e = await failure(verifySigV4({ ...raw, url: raw.url.replace(/&?X-Amz-SignedHeaders=[^&]*/, '') }, lookup, 's3', now()));
    assert.equal(e.code, 'AuthorizationQueryParametersError');
    assert.match(e.message, /^Query-string authentication version 4 requires the X-Amz-Algorithm/);
  });

  it('X-Amz-Signature alone is an incomplete presigned URL, not an anonymous one', async () => {
    const req = { method: 'GET', url: '/b/k?X-Amz-Signature=abc', rawHeaders: ['Host', 'h'] };
    assert.equal(isSigned(req), true);
    assert.equal((await failure(verifySigV4(req, lookup, 's3', now()))).code, 'AuthorizationQueryParametersError');
  });

  it('a changed query parameter or signature is SignatureDoesNotMatch', async () => {
    const raw = toRaw(await presignGet('/k', 60));
    for (const url of [raw.url + '&versionId=1', raw.url.replace(/X-Amz-Signature=(.)/, (_m, c) => `X-Amz-Signature=${c === 'a' ? 'b' : 'a'}`)]) {
      const e = await failure(verifySigV4({ ...raw, url }, lookup, 's3', now()));
      assert.deepEqual([e.code, e.status, e.message], ['SignatureDoesNotMatch', 403, MISMATCH]);
    }
  });
});

describe('s3: every mutation is SignatureDoesNotMatch 403 with S3 wording', () => {
  let get: RawRequest;
  before(async () => {
    get = await capture(() => s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'dir/k', Range: 'bytes=0-9' })));
  });
  const cases: [string, (r: RawRequest) => RawRequest][] = [
    ['method', (r) => ({ ...r, method: 'DELETE' })],
    ['path', (r) => ({ ...r, url: r.url.replace('/dir/k', '/dir/K') })],
    ['path normalised', (r) => ({ ...r, url: r.url.replace('/b/dir/k', '/b/x/../dir/k') })],
    ['query parameter', (r) => ({ ...r, url: r.url.replace('x-id=GetObject', 'x-id=PutObject') })],
    ['signed header value', (r) => withHeader(r, 'range', 'bytes=0-99')],
    ['date', (r) => withHeader(r, 'x-amz-date', header(r, 'x-amz-date')!.replace(/\dZ$/, (d) => `${(+d[0] + 1) % 10}Z`))],
    ['region', (r) => editAuth(r, '/eu-west-1/', '/us-east-1/')],
    ['service', (r) => editAuth(r, '/s3/', '/s4/')],
    ['signature', (r) => editAuth(r, /Signature=[0-9a-f]{64}/, 'Signature=' + '0'.repeat(64))],
    ['dropped signed header', (r) => withHeader(r, 'range', undefined)],
  ];
  for (const [name, mutate] of cases) {
    it(`refuses a changed ${name}`, async () => {
      await verifySigV4(get, lookup, 's3', now());
      const e = await failure(verifySigV4(mutate(get), lookup, 's3', now()));
      assert.deepEqual([e.code, e.status, e.message], ['SignatureDoesNotMatch', 403, MISMATCH]);
      assert.ok(e.extra.CanonicalRequest && e.extra.StringToSign && !JSON.stringify(e).includes(SECRET));
    });
  }
});

describe('s3: errors (Error Responses)', () => {
  let get: RawRequest;
  before(async () => {
    get = await capture(() => s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' })));
  });

  it('unknown key → InvalidAccessKeyId 403', async () => {
    const e = await failure(verifySigV4(get, () => undefined, 's3', now()));
    assert.deepEqual([e.code, e.status, e.message], ['InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.']);
  });

  it('clock skew over 15 minutes → RequestTimeTooSkewed 403', async () => {
    const e = await failure(verifySigV4(get, lookup, 's3', new Date(Date.now() + 16 * 60_000)));
    assert.deepEqual([e.code, e.status, e.message], ['RequestTimeTooSkewed', 403, 'The difference between the request time and the current time is too large.']);
    assert.equal(e.extra.MaxAllowedSkewMilliseconds, '900000');
  });

  it('bad credential scope → AuthorizationHeaderMalformed 400', async () => {
    const parts = await failure(verifySigV4(editAuth(get, '/eu-west-1/s3/', '/s3/'), lookup, 's3', now()));
    assert.deepEqual([parts.code, parts.status], ['AuthorizationHeaderMalformed', 400]);
    assert.match(parts.message, /^The authorization header is malformed; the Credential is mal-formed/);
    const date = await failure(verifySigV4(editAuth(get, /\/\d{8}\//, '/20000101/'), lookup, 's3', now()));
    assert.equal(date.code, 'AuthorizationHeaderMalformed');
    assert.match(date.message, /Invalid credential date "20000101"\. This date is not the same as X-Amz-Date/);
    const term = await failure(verifySigV4(editAuth(get, 'aws4_request', 'aws4_reqest'), lookup, 's3', now()));
    assert.equal(term.code, 'AuthorizationHeaderMalformed');
  });

  it('x-amz-content-sha256 missing → InvalidRequest; not a hash → InvalidArgument', async () => {
    const missing = await failure(verifySigV4(withHeader(get, 'x-amz-content-sha256', undefined), lookup, 's3', now()));
    assert.deepEqual([missing.code, missing.message], ['InvalidRequest', 'Missing required header for this request: x-amz-content-sha256']);
    const bad = await failure(verifySigV4(withHeader(get, 'x-amz-content-sha256', 'nope'), lookup, 's3', now()));
    assert.equal(bad.code, 'InvalidArgument');
  });

  it('an x-amz-* header left out of the signature → AccessDenied with HeadersNotSigned', async () => {
    const e = await failure(verifySigV4(withHeader(get, 'x-amz-server-side-encryption', 'AES256'), lookup, 's3', now()));
    assert.deepEqual([e.code, e.message, e.extra.HeadersNotSigned], ['AccessDenied', 'There were headers present in the request which were not signed', 'x-amz-server-side-encryption']);
  });

  it('no X-Amz-Date or Date → AccessDenied', async () => {
    const e = await failure(verifySigV4(withHeader(get, 'x-amz-date', undefined), lookup, 's3', now()));
    assert.deepEqual([e.code, e.status, e.message], ['AccessDenied', 403, 'AWS authentication requires a valid Date or x-amz-date header']);
  });

  it('SigV2 (header or query) is signed but refused as unsupported, never anonymous', async () => {
    const v2 = { method: 'GET', url: '/b/k?AWSAccessKeyId=AKID&Expires=1&Signature=x', rawHeaders: ['Host', 'h'] };
    assert.equal(isSigned(v2), true);
    assert.equal((await failure(verifySigV4(v2, lookup, 's3', now()))).code, 'InvalidRequest');
    const header2 = withHeader(get, 'authorization', `AWS ${AKID}:c2lnbmF0dXJl`);
    assert.equal((await failure(verifySigV4(header2, lookup, 's3', now()))).code, 'InvalidRequest');
  });

  it('both an Authorization header and X-Amz-Algorithm → InvalidArgument', async () => {
    const e = await failure(verifySigV4({ ...get, url: get.url + '&X-Amz-Algorithm=AWS4-HMAC-SHA256' }, lookup, 's3', now()));
    assert.equal(e.code, 'InvalidArgument');
    assert.match(e.message, /^Only one auth mechanism allowed/);
  });

  it('an unsigned request is not signed', () => {
    assert.equal(isSigned({ method: 'GET', url: '/b/k?prefix=x', rawHeaders: ['Host', 'h'] }), false);
  });
});
