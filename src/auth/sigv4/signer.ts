/**
 * The signing maths, all from @smithy/signature-v4: the canonical request
 * (path double-encoding for non-S3, canonical query, header formatting), the
 * string to sign, the signing key and the HMAC. We only choose the inputs.
 */
import { timingSafeEqual } from 'node:crypto';
import { HttpRequest } from '@smithy/core/protocols';
import { ALGORITHM_IDENTIFIER, SignatureV4, createScope, getCanonicalHeaders, getSigningKey } from '@smithy/signature-v4';
import { NodeSha256 } from './node-sha256.js';

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
  stringToSign(longDate: string, scope: string, canonicalRequest: string): Promise<string> {
    return this.createStringToSign(longDate, scope, canonicalRequest, ALGORITHM_IDENTIFIER);
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

export class RequestSigner {
  private readonly signer: Resigner;
  readonly scope: string;

  /** uriEscapePath: true double-encodes (every service but S3), false takes the path verbatim. */
  constructor(private readonly s: SigningScope, uriEscapePath: boolean) {
    this.signer = new Resigner({
      credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
      region: s.region,
      service: s.service,
      sha256: NodeSha256,
      uriEscapePath,
      applyChecksum: false,
    });
    this.scope = createScope(s.shortDate, s.region, s.service);
  }

  async sign(input: CanonicalInput): Promise<{ canonicalRequest: string; stringToSign: string; signature: string }> {
    const request = new HttpRequest({ method: input.method, path: input.path, query: input.query, headers: input.headers });
    // signableHeaders = every header present, so the library keeps ones it would never sign itself.
    const canonicalHeaders = getCanonicalHeaders(request, undefined, new Set(Object.keys(input.headers)));
    const canonicalRequest = this.signer.canonicalRequest(request, canonicalHeaders, input.payloadHash);
    const stringToSign = await this.signer.stringToSign(this.s.longDate, this.scope, canonicalRequest);
    return { canonicalRequest, stringToSign, signature: await this.signString(stringToSign) };
  }

  /** HMAC of any string to sign with this scope's signing key (also chunk and trailer signatures). */
  signString(stringToSign: string): Promise<string> {
    return this.signer.sign(stringToSign, {
      signingDate: this.s.signingDate,
      signingRegion: this.s.region,
      signingService: this.s.service,
    });
  }

  async signingKey(): Promise<Buffer> {
    const key = await getSigningKey(NodeSha256, this.s, this.s.shortDate, this.s.region, this.s.service);
    return Buffer.from(key);
  }
}

/** Constant-time for equal lengths; a length mismatch reveals nothing secret. */
export function sameSignature(computed: string, provided: string): boolean {
  const a = Buffer.from(computed, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
