/**
 * SHA-256 / HMAC-SHA256 over node:crypto in the shape @smithy/signature-v4
 * expects (the SDK's own @smithy/hash-node does the same). The pure-JS
 * @aws-crypto/sha256-js works too, but hashing S3 chunks in JS is slow.
 */
import { createHash, createHmac, hash, type Hash, type Hmac } from 'node:crypto';

/** As @smithy/types' SourceData (that package is only transitively installed). */
type SourceData = string | ArrayBuffer | ArrayBufferView;

const toBuffer = (data: SourceData): Buffer =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

export class NodeSha256 {
  private readonly secret?: Buffer;
  private hash: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.secret = secret === undefined ? undefined : toBuffer(secret);
    this.hash = this.fresh();
  }

  private fresh(): Hash | Hmac {
    return this.secret ? createHmac('sha256', this.secret) : createHash('sha256');
  }

  update(data: SourceData): void {
    this.hash.update(toBuffer(data));
  }

  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }

  reset(): void {
    this.hash = this.fresh();
  }
}

// crypto.hash (Node ≥ 20.12) hashes in one call, without a Hash object per request.
export const sha256Hex = (data: Buffer | string): string => hash('sha256', data, 'hex');
export const EMPTY_SHA256 = sha256Hex('');
