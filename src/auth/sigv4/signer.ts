/**
 * The signing maths, all from @smithy/signature-v4: the canonical request
 * (path double-encoding for non-S3, canonical query, header formatting), the
 * string to sign, the signing key and the HMAC. We only choose the inputs.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { HttpRequest } from '@smithy/core/protocols';
import { ALGORITHM_IDENTIFIER, SignatureV4, createScope, getCanonicalHeaders, getSigningKey } from '@smithy/signature-v4';
import { NodeSha256, sha256Hex } from './node-sha256.js';

export interface SigningScope {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service: string;
  signingDate: Date;
  longDate: string;
  shortDate: string;
}

/** Exposes the protected steps of SignatureV4 so a server can re-sign what it received. */
class Resigner extends SignatureV4 {
  canonicalRequest(request: HttpRequest, headers: Record<string, string>, payloadHash: string): string {
    return this.createCanonicalRequest(request, headers, payloadHash);
  }
}

export interface CanonicalInput {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Only the signed headers, values as rebuilt from the raw request. */
  headers: Record<string, string>;
  payloadHash: string;
}

/**
 * Resigners kept per credentials, region and service: each caches its
 * derived signing keys, so a busy key pays the four-HMAC derivation once a day.
 */
const resigners = new Map<string, Resigner>();
const MAX_RESIGNERS = 1000;

function resignerFor(s: SigningScope, uriEscapePath: boolean): Resigner {
  const key = `${s.accessKeyId}\0${s.secretAccessKey}\0${s.region}\0${s.service}\0${uriEscapePath}`;
  let r = resigners.get(key);
  if (!r) {
    r = new Resigner({
      credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
      region: s.region,
      service: s.service,
      sha256: NodeSha256,
      uriEscapePath,
      applyChecksum: false,
    });
    if (resigners.size >= MAX_RESIGNERS) resigners.delete(resigners.keys().next().value!);
    resigners.set(key, r);
  }
  return r;
}

export class RequestSigner {
  private readonly signer: Resigner;
  readonly scope: string;

  /** uriEscapePath: true double-encodes (every service but S3), false takes the path verbatim. */
  constructor(private readonly s: SigningScope, uriEscapePath: boolean) {
    this.signer = resignerFor(s, uriEscapePath);
    this.scope = createScope(s.shortDate, s.region, s.service);
  }

  async sign(input: CanonicalInput): Promise<{ canonicalRequest: string; stringToSign: string; signature: string }> {
    const request = new HttpRequest({ method: input.method, path: input.path, query: input.query, headers: input.headers });
    // signableHeaders = every header present, so the library keeps ones it would never sign itself.
    const canonicalHeaders = getCanonicalHeaders(request, undefined, new Set(Object.keys(input.headers)));
    const canonicalRequest = this.signer.canonicalRequest(request, canonicalHeaders, input.payloadHash);
    // The string to sign is the library's format; hashing it synchronously spares the
    // library's promise chain on every request (the hot path of every call).
    const stringToSign = `${ALGORITHM_IDENTIFIER}\n${this.s.longDate}\n${this.scope}\n${sha256Hex(canonicalRequest)}`;
    return { canonicalRequest, stringToSign, signature: await this.signString(stringToSign) };
  }

  /** HMAC of any string to sign with this scope's signing key (also chunk and trailer signatures). */
  async signString(stringToSign: string): Promise<string> {
    return createHmac('sha256', await this.signingKey()).update(stringToSign, 'utf8').digest('hex');
  }

  /** The library's key derivation, kept per key id, day, region and service (it changes only with those). */
  async signingKey(): Promise<Buffer> {
    const id = `${this.s.accessKeyId}\0${this.s.secretAccessKey}\0${this.s.shortDate}\0${this.s.region}\0${this.s.service}`;
    let key = signingKeys.get(id);
    if (!key) {
      key = Buffer.from(await getSigningKey(NodeSha256, this.s, this.s.shortDate, this.s.region, this.s.service));
      if (signingKeys.size >= MAX_RESIGNERS) signingKeys.delete(signingKeys.keys().next().value!);
      signingKeys.set(id, key);
    }
    return key;
  }
}

const signingKeys = new Map<string, Buffer>();

/** Constant-time for equal lengths; a length mismatch reveals nothing secret. */
export function sameSignature(computed: string, provided: string): boolean {
  const a = Buffer.from(computed, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
