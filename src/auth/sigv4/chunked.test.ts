/**
 * aws-chunked bodies: the worked example of "Signature Calculations for the
 * Authorization Header: Transferring Payload in Multiple Chunks (Chunked
 * Upload)" as a known answer, the JS SDK v3's default streaming PutObject
 * (STREAMING-UNSIGNED-PAYLOAD-TRAILER), and signed trailers ("…Including
 * Trailing Headers"). Test chunk signatures use their own HMAC chain.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createChunkVerifier, verifySigV4 } from './index.js';
import { AKID, SECRET, failure, header, httpRequest, lookup, recorder, sdkSigner, toRaw, type Recorder } from './test-support.js';
import type { RawRequest, VerifiedRequest } from './types.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
const EMPTY = sha('');

/** Feed the body in awkward slices so every parser state sees partial input. */
async function decode(v: VerifiedRequest, body: Buffer, slice = 997) {
  const pieces: Buffer[] = [];
  for (let i = 0; i < body.length; i += slice) pieces.push(body.subarray(i, i + slice));
  const out: Buffer[] = [];
  const verifier = createChunkVerifier(v);
  await pipeline(Readable.from(pieces), verifier, new Writable({ write: (c, _e, cb) => (out.push(c), cb()) }));
  return { payload: Buffer.concat(out), trailers: verifier.trailers };
}

interface ChainInput { seed: string; longDate: string; region: string; service?: string }
/** Builds a signed aws-chunked body the way the docs describe (and SDKs with signed streaming do). */
function signedChunks(c: ChainInput, payload: Buffer, size: number, trailer?: [string, string]) {
  const shortDate = c.longDate.slice(0, 8);
  const scope = `${shortDate}/${c.region}/${c.service ?? 's3'}/aws4_request`;
  let key: Buffer | string = `AWS4${SECRET}`;
  for (const part of [shortDate, c.region, c.service ?? 's3', 'aws4_request']) key = hmac(key, part);
  let previous = c.seed;
  const parts: Buffer[] = [];
  const chunk = (data: Buffer) => {
    const sig = hmac(key, ['AWS4-HMAC-SHA256-PAYLOAD', c.longDate, scope, previous, EMPTY, sha(data)].join('\n')).toString('hex');
    previous = sig;
    parts.push(Buffer.from(`${data.length.toString(16)};chunk-signature=${sig}\r\n`), data, Buffer.from('\r\n'));
  };
  for (let i = 0; i < payload.length; i += size) chunk(payload.subarray(i, i + size));
  chunk(Buffer.alloc(0));
  parts.pop(); // the final chunk's CRLF comes after any trailers
  if (trailer) {
    const canonical = `${trailer[0]}:${trailer[1]}\n`;
    const sig = hmac(key, ['AWS4-HMAC-SHA256-TRAILER', c.longDate, scope, previous, sha(canonical)].join('\n')).toString('hex');
    parts.push(Buffer.from(`${trailer[0]}:${trailer[1]}\r\nx-amz-trailer-signature:${sig}\r\n`));
  }
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

describe('STREAMING-AWS4-HMAC-SHA256-PAYLOAD: the AWS worked example (Example: PUT Object)', () => {
  const seed = '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9';
  const request: RawRequest = {
    method: 'PUT',
    url: '/examplebucket/chunkObject.txt',
    rawHeaders: [
      'Host', 's3.amazonaws.com',
      'x-amz-date', '20130524T000000Z',
      'x-amz-storage-class', 'REDUCED_REDUNDANCY',
      'Authorization', `AWS4-HMAC-SHA256 Credential=${AKID}/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=${seed}`,
      'x-amz-content-sha256', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      'Content-Encoding', 'aws-chunked',
      'x-amz-decoded-content-length', '66560',
      'Content-Length', '66824',
    ],
  };
  const docSignatures = [
    'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
    '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
    'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
  ];
  const body = Buffer.concat([
    Buffer.from(`10000;chunk-signature=${docSignatures[0]}\r\n`), Buffer.alloc(65536, 'a'), Buffer.from('\r\n'),
    Buffer.from(`400;chunk-signature=${docSignatures[1]}\r\n`), Buffer.alloc(1024, 'a'), Buffer.from('\r\n'),
    Buffer.from(`0;chunk-signature=${docSignatures[2]}\r\n\r\n`),
  ]);
  const at = new Date(Date.UTC(2013, 4, 24));

  it('verifies the seed signature and decodes the chunks', async () => {
    assert.equal(body.length, 66824);
    const v = await verifySigV4(request, lookup, 's3', at);
    assert.deepEqual([v.payload, v.seedSignature, v.decodedContentLength], ['streaming-signed', seed, 66560]);
    assert.equal(v.signingKey?.key.symmetricKeySize, 32);
    const { payload } = await decode(v, body);
    assert.ok(payload.equals(Buffer.alloc(66560, 'a')));
    // Our own chain reproduces the documented body byte for byte.
    assert.ok(signedChunks({ seed, longDate: '20130524T000000Z', region: 'us-east-1' }, Buffer.alloc(66560, 'a'), 65536).equals(body));
  });

  it('refuses a tampered chunk with SignatureDoesNotMatch, before passing its bytes on', async () => {
    const v = await verifySigV4(request, lookup, 's3', at);
    const tampered = Buffer.from(body);
    tampered[65536 + 90 + 86 + 5] = 'b'.charCodeAt(0); // inside the second chunk's data
    const out: Buffer[] = [];
    const verifier = createChunkVerifier(v);
    const e = await failure(pipeline(Readable.from([tampered]), verifier, new Writable({ write: (c, _e, cb) => (out.push(c), cb()) })));
    assert.deepEqual([e.code, e.status], ['SignatureDoesNotMatch', 403]);
    assert.equal(Buffer.concat(out).length, 65536, 'only the verified first chunk came through');
  });

  it('refuses reordered chunks, a truncated body and a short decoded length', async () => {
    const v = await verifySigV4(request, lookup, 's3', at);
    const second = body.subarray(65536 + 90, 65536 + 90 + 1024 + 88);
    const first = body.subarray(0, 65536 + 90);
    const reordered = Buffer.concat([second, first, body.subarray(65536 + 90 + 1024 + 88)]);
    assert.equal((await failure(decode(v, reordered))).code, 'SignatureDoesNotMatch');
    assert.equal((await failure(decode(v, body.subarray(0, body.length - 10)))).code, 'IncompleteBody');
    assert.equal((await failure(decode({ ...v, decodedContentLength: 66561 }, body))).code, 'IncompleteBody');
  });
});

describe('signed chunks built for a fresh request', () => {
  async function signedPut(decodedLength: number, mode: string, trailer?: string) {
    const headers: Record<string, string> = {
      host: 'localhost:9000',
      'x-amz-content-sha256': mode,
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': String(decodedLength),
    };
    if (trailer) headers['x-amz-trailer'] = trailer;
    const raw = toRaw(await sdkSigner('s3', 'ap-south-1').sign(httpRequest({ method: 'PUT', path: '/b/k', headers })));
    const seed = /Signature=([0-9a-f]{64})/.exec(header(raw, 'authorization')!)![1];
    return { v: await verifySigV4(raw, lookup, 's3', new Date()), chain: { seed, longDate: header(raw, 'x-amz-date')!, region: 'ap-south-1' } };
  }

  it('decodes many small chunks in order', async () => {
    const payload = Buffer.from('x'.repeat(8192 * 3 + 17));
    const { v, chain } = await signedPut(payload.length, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD');
    assert.ok((await decode(v, signedChunks(chain, payload, 8192), 13)).payload.equals(payload));
  });

  it('STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER: verifies the trailer signature; a changed checksum is refused', async () => {
    const payload = Buffer.from('hello trailer');
    const checksum = Buffer.alloc(4);
    checksum.writeUInt32BE(crc32(payload));
    const { v, chain } = await signedPut(payload.length, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', 'x-amz-checksum-crc32');
    assert.equal(v.payload, 'streaming-signed-trailer');
    const body = signedChunks(chain, payload, 8192, ['x-amz-checksum-crc32', checksum.toString('base64')]);
    const out = await decode(v, body);
    assert.ok(out.payload.equals(payload));
    assert.deepEqual(out.trailers, { 'x-amz-checksum-crc32': checksum.toString('base64') });
    const forged = Buffer.from(body.toString('latin1').replace(checksum.toString('base64'), 'AAAAAA=='), 'latin1');
    assert.equal((await failure(decode(v, forged))).code, 'SignatureDoesNotMatch');
  });
});

describe('STREAMING-UNSIGNED-PAYLOAD-TRAILER from @aws-sdk/client-s3 (its default for streamed PutObject)', () => {
  let rec: Recorder;
  let put: RawRequest;
  const payload = Buffer.concat([Buffer.alloc(70000, 'x'), Buffer.from('tail')]);
  before(async () => {
    rec = await recorder();
    const s3 = new S3Client({ endpoint: rec.endpoint, region: 'eu-west-1', credentials: { accessKeyId: AKID, secretAccessKey: SECRET }, forcePathStyle: true, maxAttempts: 1 });
    await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: Readable.from([payload.subarray(0, 70000), payload.subarray(70000)]), ContentLength: payload.length })).catch(() => undefined);
    put = rec.requests[0];
  });
  after(() => rec.close());

  it('verifies the headers, decodes the body and hands over the checksum trailer', async () => {
    const v = await verifySigV4({ ...put, body: undefined }, lookup, 's3', new Date());
    assert.deepEqual([v.payload, v.decodedContentLength, v.trailer], ['streaming-unsigned-trailer', payload.length, ['x-amz-checksum-crc32']]);
    const out = await decode(v, put.body!);
    assert.ok(out.payload.equals(payload));
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(payload));
    assert.equal(out.trailers['x-amz-checksum-crc32'], crc.toString('base64'));
  });

  it('a declared trailer that never comes → MalformedTrailerError', async () => {
    const v = await verifySigV4({ ...put, body: undefined }, lookup, 's3', new Date());
    const cut = Buffer.from(put.body!.toString('latin1').replace(/x-amz-checksum-crc32:[^\r]*\r\n/, ''), 'latin1');
    assert.equal((await failure(decode(v, cut))).code, 'MalformedTrailerError');
  });

  it("accepts the SDK's bare '0\\r\\n' ending when no trailer was declared", async () => {
    const v = await verifySigV4({ ...put, body: undefined }, lookup, 's3', new Date());
    const out = await decode({ ...v, trailer: undefined, decodedContentLength: 4 }, Buffer.from('4\r\ntail\r\n0\r\n'));
    assert.equal(out.payload.toString(), 'tail');
  });
});

describe('plain streamed bodies', () => {
  it("a 'signed' streamed body must hash to x-amz-content-sha256 → XAmzContentSHA256Mismatch", async () => {
    const body = Buffer.from('streamed body');
    const raw = toRaw(await sdkSigner('s3').sign(httpRequest({ method: 'PUT', path: '/b/k', headers: { host: 'h' }, body })));
    const v = await verifySigV4(raw, lookup, 's3', new Date());
    assert.ok((await decode(v, body, 3)).payload.equals(body));
    const e = await failure(decode(v, Buffer.from('streamed bodz')));
    assert.deepEqual([e.code, e.status], ['XAmzContentSHA256Mismatch', 400]);
  });
});
