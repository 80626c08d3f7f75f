/**
 * The signing maths, all from @smithy/signature-v4: the canonical request
 * (path double-encoding for non-S3, canonical query, header formatting), the
 * string to sign, the signing key and the HMAC. We only choose the inputs.
 */
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { HttpRequest } from '@smithy/core/protocols';
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

/**
 * The canonical request depends on no credential, region or service: only on
 * whether the path is URI-escaped again. So two resigners serve every request.
 */
const resignerOptions = { credentials: { accessKeyId: '', secretAccessKey: '' }, region: '', service: '', sha256: NodeSha256, applyChecksum: false };
const escapingResigner = new Resigner({ ...resignerOptions, uriEscapePath: true });
const verbatimResigner = new Resigner({ ...resignerOptions, uriEscapePath: false });

/** Every header handed to canonicalHeaders is a signed one, so the library must keep each (even ones it would never sign itself). */
const EVERY_HEADER = { has: () => true } as unknown as Set<string>;

/**
 * The library's header formatting (trimming, whitespace folding, lower-cased
 * names) over only the signed headers, values as rebuilt from the raw request.
 */
export function canonicalHeaders(signedHeaderValues: Record<string, string>): Record<string, string> {
  return getCanonicalHeaders({ headers: signedHeaderValues } as unknown as HttpRequest, undefined, EVERY_HEADER);
}

export interface CanonicalInput {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** canonicalHeaders() of the signed headers. */
  canonicalHeaders: Record<string, string>;
  payloadHash: string;
}

/** A derived kSigning, as bytes (for aws-chunked chains) and as a key object (cheaper for each HMAC), and the secret it came from. */
export interface SigningKey { bytes: Buffer; key: KeyObject; secret: string }

/**
 * Derived signing keys per key id and scope (day, region, service), each for the secret it was
 * derived from, so a busy key pays the four-HMAC derivation once a day.
 */
const signingKeys = new Map<string, SigningKey>();
const MAX_SIGNING_KEYS = 1000;

export class RequestSigner {
  private readonly resigner: Resigner;
  readonly scope: string;

  /**
   * uriEscapePath: true double-encodes (every service but S3), false takes the path verbatim.
   * slot: where this scope's signing key is kept besides the shared map (a parsed credential), looked up first.
   */
  constructor(private readonly s: SigningScope, uriEscapePath: boolean, private readonly slot?: { signingKey?: SigningKey }) {
    this.resigner = uriEscapePath ? escapingResigner : verbatimResigner;
    this.scope = createScope(s.shortDate, s.region, s.service);
  }

  private get keyId(): string {
    return `${this.s.accessKeyId}/${this.scope}`;
  }

  /** The signing key when already derived (every request after a key's first of the day), else undefined. */
  cachedKey(): SigningKey | undefined {
    const secret = this.s.secretAccessKey;
    const inSlot = this.slot?.signingKey;
    if (inSlot?.secret === secret) return inSlot;
    const k = signingKeys.get(this.keyId);
    if (k?.secret !== secret) return undefined;
    if (this.slot) this.slot.signingKey = k;
    return k;
  }

  /** The library's key derivation, kept per key id, secret and scope. */
  async key(): Promise<SigningKey> {
    let k = this.cachedKey();
    if (!k) {
      const bytes = Buffer.from(await getSigningKey(NodeSha256, this.s, this.s.shortDate, this.s.region, this.s.service));
      k = { bytes, key: createSecretKey(bytes), secret: this.s.secretAccessKey };
      signingKeys.delete(this.keyId);
      if (signingKeys.size >= MAX_SIGNING_KEYS) signingKeys.delete(signingKeys.keys().next().value!);
      signingKeys.set(this.keyId, k);
      if (this.slot) this.slot.signingKey = k;
    }
    return k;
  }

  /** Canonical request, string to sign and signature of one candidate reading of the request. */
  sign(input: CanonicalInput, key: SigningKey): { canonicalRequest: string; stringToSign: string; signature: string } {
    // A plain object is all createCanonicalRequest reads (method, path, query).
    const request = { method: input.method, path: input.path, query: input.query } as unknown as HttpRequest;
    const canonicalRequest = this.resigner.canonicalRequest(request, input.canonicalHeaders, input.payloadHash);
    // The string to sign is the library's format; hashing it synchronously spares the
    // library's promise chain on every request (the hot path of every call).
    const stringToSign = `${ALGORITHM_IDENTIFIER}\n${this.s.longDate}\n${this.scope}\n${sha256Hex(canonicalRequest)}`;
    return { canonicalRequest, stringToSign, signature: hmacHex(key, stringToSign) };
  }

  /** HMAC of any string to sign with this scope's signing key (also chunk and trailer signatures). */
  async signString(stringToSign: string): Promise<string> {
    return hmacHex(this.cachedKey() ?? (await this.key()), stringToSign);
  }
}

const hmacHex = (k: SigningKey, data: string): string => createHmac('sha256', k.key).update(data, 'utf8').digest('hex');

/** Constant-time for equal lengths; a length mismatch reveals nothing secret. */
export function sameSignature(computed: string, provided: string): boolean {
  const a = Buffer.from(computed, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
