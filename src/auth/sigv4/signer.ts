/**
 * The signing maths, all from @smithy/signature-v4: the canonical request
 * (path double-encoding for non-S3, canonical query, header formatting), the
 * string to sign, the signing key and the HMAC. We only choose the inputs.
 */
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { HttpRequest } from '@smithy/core/protocols';
import { ALGORITHM_IDENTIFIER, SignatureV4, createScope, getCanonicalHeaders, getSigningKey } from '@smithy/signature-v4';
import { NodeSha256, sha256Hex } from '../../core/sha256.js';

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

/** A derived kSigning, as a key object (cheaper for each HMAC than bytes), and the secret it came from. */
export interface SigningKey { key: KeyObject; secret: string }

export class RequestSigner {
  private readonly resigner: Resigner;
  readonly scope: string;

  /**
   * uriEscapePath: true double-encodes (every service but S3), false takes the path verbatim.
   * slot: where this scope's signing key is kept (the parsed credential, shared by every request
   * that sends the same one), so a busy key pays the four-HMAC derivation once a day.
   */
  constructor(private readonly s: SigningScope, uriEscapePath: boolean, private readonly slot: { signingKey?: SigningKey }) {
    this.resigner = uriEscapePath ? escapingResigner : verbatimResigner;
    this.scope = createScope(s.shortDate, s.region, s.service);
  }

  /** The signing key when already derived for this secret (every request after a key's first of the day), else undefined. */
  cachedKey(): SigningKey | undefined {
    const kept = this.slot.signingKey;
    return kept?.secret === this.s.secretAccessKey ? kept : undefined;
  }

  /** The library's key derivation, kept in the slot for the secret it came from. */
  async key(): Promise<SigningKey> {
    const kept = this.cachedKey();
    if (kept) return kept;
    const bytes = await getSigningKey(NodeSha256, this.s, this.s.shortDate, this.s.region, this.s.service);
    const k = { key: createSecretKey(bytes), secret: this.s.secretAccessKey };
    this.slot.signingKey = k;
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
    return { canonicalRequest, stringToSign, signature: signWith(key, stringToSign) };
  }
}

/** HMAC-SHA256 of a string to sign with a signing key, as hex (request, chunk and trailer signatures). */
export const signWith = (k: SigningKey, stringToSign: string): string => createHmac('sha256', k.key).update(stringToSign, 'utf8').digest('hex');

/** Constant-time for equal lengths; a length mismatch reveals nothing secret. */
export function sameSignature(computed: string, provided: string): boolean {
  const a = Buffer.from(computed, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
