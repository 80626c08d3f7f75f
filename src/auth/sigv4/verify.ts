/**
 * Server-side SigV4: rebuild the canonical request from the raw request and
 * re-sign it with the looked-up secret ("Signature Version 4 signing
 * process"; "Authenticating Requests (AWS Signature Version 4)", Amazon S3).
 */
import { s3Error, signatureMismatch, unknownAccessKey } from './errors.js';
import { readAuth } from './parse-auth.js';
import { checkBodyHash, readPayload } from './payload.js';
import { headerMap, joinedHeader, parseQuery, queryValue, s3CanonicalPaths, splitUrl } from './raw.js';
import { RequestSigner, canonicalHeaders, sameSignature } from './signer.js';
import { checkTime } from './time.js';
import type { RawRequest, SecretLookup, ServiceFamily, VerifiedRequest } from './types.js';

/**
 * True when the request carries any credentials, so it must verify or fail:
 * SigV4 header or query, but also SigV2 / SigV4a forms, which verifySigV4
 * then refuses clearly instead of letting them pass as anonymous.
 */
export function isSigned(req: RawRequest): boolean {
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i].length === 13 && raw[i].toLowerCase() === 'authorization') return true;
  }
  if (!req.url.includes('?')) return false;
  const query = parseQuery(splitUrl(req.url).rawQuery);
  return ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'AWSAccessKeyId'].some((p) => queryValue(query, p) !== undefined);
}

export async function verifySigV4(req: RawRequest, lookup: SecretLookup, family: ServiceFamily, now: Date): Promise<VerifiedRequest> {
  const headers = headerMap(req.rawHeaders);
  const { path, rawQuery } = splitUrl(req.url);
  const query = parseQuery(rawQuery);
  if (family === 's3' && queryValue(query, 'AWSAccessKeyId') !== undefined && queryValue(query, 'X-Amz-Algorithm') === undefined) {
    // SigV2 query auth (e.g. `aws s3 presign` from CLI v1).
    throw s3Error('InvalidRequest', 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.', 400);
  }
  const auth = readAuth(headers, query, family);
  const { accessKeyId, region, service, shortDate } = auth.credential;
  checkTime(auth, family, now);
  const secret = lookup(accessKeyId);
  if (!secret) throw unknownAccessKey(family, accessKeyId);
  const payload = readPayload(req, headers, query, family, auth.presigned);
  if (family === 's3') checkAllAmzHeadersSigned(headers, auth.signedHeaders);

  const signedHeaderValues: Record<string, string> = {};
  for (const name of auth.signedHeaders) signedHeaderValues[name] = joinedHeader(headers, name) ?? '';
  const signer = new RequestSigner({
    accessKeyId, secretAccessKey: secret.secretAccessKey, region, service,
    signingDate: auth.signingDate, longDate: auth.longDate, shortDate,
  }, family !== 's3', auth.credential);
  const key = signer.cachedKey() ?? (await signer.key());
  const canonical = canonicalHeaders(signedHeaderValues);
  const paths = family === 's3' ? s3CanonicalPaths(path) : [path];

  let first: { canonicalRequest: string; stringToSign: string } | undefined;
  let matched = false;
  for (const candidatePath of paths) {
    for (const payloadHash of payload.candidates) {
      const attempt = signer.sign({ method: req.method, path: candidatePath, query, canonicalHeaders: canonical, payloadHash }, key);
      first ??= attempt;
      if (sameSignature(attempt.signature, auth.signature)) matched = true;
    }
  }
  if (!matched) {
    throw signatureMismatch(family, { accessKeyId, signatureProvided: auth.signature, ...first! });
  }
  if (family === 's3') checkBodyHash(payload, req.body);

  const chained = payload.mode === 'streaming-signed' || payload.mode === 'streaming-signed-trailer';
  return {
    accessKeyId,
    region,
    service,
    signedHeaders: auth.signedHeaders,
    sessionToken: auth.sessionToken,
    payload: payload.mode,
    presigned: auth.presigned,
    signingDate: auth.signingDate,
    seedSignature: auth.signature,
    signingKey: chained ? key : undefined,
    payloadHash: payload.hash,
    decodedContentLength: payload.decodedContentLength,
    trailer: payload.trailer,
  };
}

/** S3 refuses x-amz-* headers the signature does not cover (they change the request's meaning). */
function checkAllAmzHeadersSigned(headers: Map<string, string[]>, signed: string[]): void {
  const unsigned = [...headers.keys()].filter((h) => h.startsWith('x-amz-') && !signed.includes(h));
  if (unsigned.length) {
    throw s3Error('AccessDenied', 'There were headers present in the request which were not signed', 403, {
      HeadersNotSigned: unsigned.join(', '),
    });
  }
}
