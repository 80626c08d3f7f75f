/**
 * Receives an object body (PutObject, UploadPart) straight to a temp file:
 * aws-chunked decoding and chunk signatures (createChunkVerifier), the
 * signed sha256, Content-MD5 and x-amz-checksum-* (headers or trailers) are
 * all checked while streaming; nothing is held whole in memory. A body that
 * fails any check leaves no file behind ("Checking object integrity in
 * Amazon S3"; PutObject: Content-MD5 → BadDigest / InvalidDigest).
 */
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { Crc32c, Crc64Nvme } from '@aws-sdk/checksums/crc';
import { AwsError } from '../../core/aws-error.js';
import { createChunkVerifier, type VerifiedRequest } from '../../auth/sigv4/index.js';
import type { ObjectFiles } from './files.js';

export const CHECKSUM_ALGORITHMS = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];
/** Bytes of each algorithm's digest: a header value of another length is malformed. */
const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = { crc32: 4, crc32c: 4, crc64nvme: 8, sha1: 20, sha256: 32 };
export const MAX_SINGLE_PUT = 5 * 1024 ** 3;

interface Digest { update(b: Buffer): void; digest(): Promise<Buffer> }

function digester(alg: ChecksumAlgorithm): Digest {
  if (alg === 'crc32') {
    let v = 0;
    return { update: (b) => { v = crc32(b, v); }, digest: async () => { const o = Buffer.alloc(4); o.writeUInt32BE(v >>> 0); return o; } };
  }
  if (alg === 'sha1' || alg === 'sha256') {
    const h: Hash = createHash(alg);
    return { update: (b) => { h.update(b); }, digest: async () => h.digest() };
  }
  const c = alg === 'crc32c' ? new Crc32c() : new Crc64Nvme();
  return { update: (b) => c.update(b), digest: async () => Buffer.from(await c.digest()) };
}

/** One buffer's checksum, base64 (small request bodies such as DeleteObjects'). */
export async function checksumOf(alg: ChecksumAlgorithm, data: Buffer): Promise<string> {
  const d = digester(alg);
  d.update(data);
  return (await d.digest()).toString('base64');
}

class Meter extends Transform {
  size = 0;
  readonly md5 = createHash('md5');
  constructor(readonly digests: Map<ChecksumAlgorithm, Digest>) { super({ highWaterMark: 1 << 20 }); }
  override _transform(chunk: Buffer, _e: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    this.md5.update(chunk);
    for (const d of this.digests.values()) d.update(chunk);
    done(null, chunk);
  }
}

export interface Staged {
  tmp: string;
  size: number;
  md5Hex: string;
  /** the checksum the client asked for (header, SDK algorithm header or trailer), verified, base64 */
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

export const badDigest = (what: string) => new AwsError('BadDigest', `The ${what} you specified did not match the calculated checksum.`, 400);

/** Which checksum the request names, and the value it claims (absent for a trailer until the body ends). */
export function requestedChecksum(headers: Record<string, string>, verified?: VerifiedRequest): { algorithm: ChecksumAlgorithm; claimed?: string; trailer: boolean } | undefined {
  const given = CHECKSUM_ALGORITHMS.filter((a) => headers[`x-amz-checksum-${a}`] !== undefined);
  if (given.length > 1) throw new AwsError('InvalidRequest', 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.', 400);
  if (given.length === 1) {
    const claimed = headers[`x-amz-checksum-${given[0]}`];
    if (Buffer.from(claimed, 'base64').length !== DIGEST_BYTES[given[0]])
      throw new AwsError('InvalidRequest', `Value for x-amz-checksum-${given[0]} header is invalid.`, 400);
    return { algorithm: given[0], claimed, trailer: false };
  }
  const trailer = verified?.trailer?.find((t) => t.startsWith('x-amz-checksum-'));
  if (trailer) {
    const alg = trailer.slice('x-amz-checksum-'.length) as ChecksumAlgorithm;
    if (!CHECKSUM_ALGORITHMS.includes(alg)) throw new AwsError('InvalidRequest', `The value specified in the x-amz-trailer header is not supported`, 400);
    return { algorithm: alg, trailer: true };
  }
  const sdk = headers['x-amz-sdk-checksum-algorithm']?.toLowerCase() as ChecksumAlgorithm | undefined;
  if (sdk && CHECKSUM_ALGORITHMS.includes(sdk)) return { algorithm: sdk, trailer: false };
  return undefined;
}

/**
 * What the upload a part belongs to expects: its algorithm, always computed;
 * a part of a COMPOSITE upload must bring its own checksum of that algorithm.
 */
export interface ReceiveOptions { algorithm?: ChecksumAlgorithm; claimRequired?: boolean }

const typeMismatch = (expected: string, actual: string) =>
  new AwsError('InvalidRequest', `Checksum Type mismatch occurred, expected checksum Type: ${expected}, actual checksum Type: ${actual}`, 400);

export async function receiveBody(
  body: Readable, headers: Record<string, string>, verified: VerifiedRequest | undefined, files: ObjectFiles,
  opts: ReceiveOptions = {},
): Promise<Staged> {
  const declared = verified?.decodedContentLength ?? (headers['content-length'] !== undefined ? Number(headers['content-length']) : undefined);
  if (declared !== undefined && declared > MAX_SINGLE_PUT)
    throw new AwsError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, { ProposedSize: String(declared), MaxSizeAllowed: String(MAX_SINGLE_PUT) });
  let md5Claim: Buffer | undefined;
  if (headers['content-md5'] !== undefined) {
    md5Claim = Buffer.from(headers['content-md5'], 'base64');
    if (md5Claim.length !== 16 || !/^[A-Za-z0-9+/]+={0,2}$/.test(headers['content-md5']))
      throw new AwsError('InvalidDigest', 'The Content-MD5 you specified was not valid.', 400);
  }
  const requested = requestedChecksum(headers, verified);
  if (opts.algorithm && requested && requested.algorithm !== opts.algorithm) throw typeMismatch(opts.algorithm, requested.algorithm);
  if (opts.algorithm && opts.claimRequired && !requested) throw typeMismatch(opts.algorithm, 'null');
  const wanted = requested ?? (opts.algorithm ? { algorithm: opts.algorithm, trailer: false } : undefined);
  const digests = new Map<ChecksumAlgorithm, Digest>();
  if (wanted) digests.set(wanted.algorithm, digester(wanted.algorithm));
  const meter = new Meter(digests);
  const tmp = files.newTemp();
  const verifier = verified ? createChunkVerifier(verified) : undefined;
  try {
    const out = createWriteStream(tmp, { highWaterMark: 1 << 20 });
    if (verifier) await pipeline(body, verifier, meter, out);
    else await pipeline(body, meter, out);
    const md5 = meter.md5.digest();
    if (md5Claim && !md5.equals(md5Claim)) throw new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400);
    let checksum: Staged['checksum'];
    if (wanted) {
      const value = (await digests.get(wanted.algorithm)!.digest()).toString('base64');
      const claimed = wanted.trailer ? verifier?.trailers[`x-amz-checksum-${wanted.algorithm}`] : wanted.claimed;
      if (claimed !== undefined && claimed !== value) throw badDigest(wanted.algorithm.toUpperCase());
      checksum = { algorithm: wanted.algorithm, value };
    }
    const fh = await open(tmp, 'r+');
    try { await fh.sync(); } finally { await fh.close(); }
    return { tmp, size: meter.size, md5Hex: md5.toString('hex'), checksum };
  } catch (e) {
    files.discardTemp(tmp);
    // Drain what the client still sends, so it reads our error instead of a reset.
    body.resume();
    throw e;
  }
}
