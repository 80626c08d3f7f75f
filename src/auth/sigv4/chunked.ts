/**
 * Verifies an S3 request body while it streams. aws-chunked bodies are
 * decoded and each chunk signature is checked before its bytes are passed
 * on ("Signature Calculations for the Authorization Header: Transferring
 * Payload in Multiple Chunks (Chunked Upload)"; "…Including Trailing Headers").
 * A plain body declared by its sha256 is hashed on the way through.
 * Bytes only ever leave this stream once verified, except in the unsigned
 * modes, where the caller must still discard the object if the stream errors.
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AwsError } from '../../core/aws-error.js';
import { S3_SIGNATURE_MISMATCH } from './errors.js';
import { EMPTY_SHA256, sha256Hex } from '../../core/sha256.js';
import { toLongDate } from './parse-auth.js';
import { contentShaMismatch } from './payload.js';
import { createScope } from '@smithy/signature-v4';
import { sameSignature, signWith, type SigningKey } from './signer.js';
import type { VerifiedRequest } from './types.js';

const MAX_LINE = 4096;
const SIZE_LINE = /^([0-9a-fA-F]{1,16})(?:;chunk-signature=([0-9a-fA-F]{64}))?$/;
const CRLF = Buffer.from('\r\n');

const incomplete = (message = 'The request body terminated unexpectedly') => new AwsError('IncompleteBody', message, 400);
const badSignature = () => new AwsError('SignatureDoesNotMatch', S3_SIGNATURE_MISMATCH, 403);
const badTrailer = () =>
  new AwsError('MalformedTrailerError', 'The request contained trailing data that was not well-formed or did not conform to our published schema.', 400);

type State = 'size' | 'data' | 'data-end' | 'trailer' | 'done';

export class BodyVerifier extends Transform {
  /** Trailing headers (e.g. x-amz-checksum-crc32) once the stream has ended; checksums are the caller's to check. */
  readonly trailers: Record<string, string> = {};
  private readonly chunked: boolean;
  private readonly signedChunks: boolean;
  /** The request's signing key and scope: every chunk and the trailer are signed with them. */
  private readonly key?: SigningKey;
  private readonly scope: string;
  private readonly longDate: string;
  private buf: Buffer = Buffer.alloc(0);
  private state: State = 'size';
  private remaining = 0;
  private chunkSignature?: string;
  private held: Buffer[] = [];
  private hash: Hash = createHash('sha256');
  private previous: string;
  private decoded = 0;
  private trailerSignature?: string;
  private canonicalTrailers = '';

  constructor(private readonly v: VerifiedRequest) {
    super();
    this.chunked = v.payload.startsWith('streaming-');
    this.signedChunks = v.payload === 'streaming-signed' || v.payload === 'streaming-signed-trailer';
    // verifySigV4 hands over the key it verified the seed signature with for exactly these payloads.
    if (this.signedChunks && !v.signingKey) throw new Error('a signed chunk chain needs the signing key of its seed signature');
    this.key = v.signingKey;
    this.longDate = toLongDate(v.signingDate);
    this.scope = createScope(this.longDate.slice(0, 8), v.region, v.service);
    this.previous = v.seedSignature;
  }

  override _transform(data: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (!this.chunked) {
      this.decoded += data.length;
      if (this.v.payload === 'signed') this.hash.update(data);
      done(null, data);
      return;
    }
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data;
    settle(() => this.drain(), done);
  }

  override _flush(done: TransformCallback): void {
    settle(() => this.finish(), done);
  }

  private finish(): void {
    if (!this.chunked) {
      const computed = this.hash.digest('hex');
      if (this.v.payload === 'signed' && this.v.payloadHash && computed !== this.v.payloadHash) {
        throw contentShaMismatch(this.v.payloadHash, computed);
      }
      return;
    }
    // The JS SDK ends an unsigned body with '0\r\n' alone when it sends no trailer.
    if (this.state === 'trailer') {
      if (this.buf.length) this.trailerLine(this.buf.toString('latin1'));
      this.buf = Buffer.alloc(0);
      this.endOfTrailers();
    }
    if (this.state !== 'done') throw incomplete();
    if (this.v.decodedContentLength !== undefined && this.decoded !== this.v.decodedContentLength) {
      throw incomplete('You did not provide the number of bytes specified by the Content-Length HTTP header');
    }
  }

  private drain(): void {
    for (;;) {
      switch (this.state) {
        case 'size': {
          const line = this.line();
          if (line === undefined) return;
          this.startChunk(line);
          break;
        }
        case 'data': {
          const take = Math.min(this.remaining, this.buf.length);
          if (take === 0) return;
          const piece = this.buf.subarray(0, take);
          this.buf = this.buf.subarray(take);
          this.remaining -= take;
          this.decoded += take;
          if (this.v.decodedContentLength !== undefined && this.decoded > this.v.decodedContentLength) {
            throw incomplete('You did not provide the number of bytes specified by the Content-Length HTTP header');
          }
          if (this.signedChunks) {
            this.hash.update(piece);
            this.held.push(piece);
          } else this.push(piece);
          if (this.remaining === 0) this.state = 'data-end';
          break;
        }
        case 'data-end': {
          if (this.buf.length < 2) return;
          if (!this.buf.subarray(0, 2).equals(CRLF)) throw incomplete();
          this.buf = this.buf.subarray(2);
          if (this.signedChunks) this.verifyChunk(this.hash.digest('hex'));
          for (const piece of this.held) this.push(piece);
          this.held = [];
          this.state = 'size';
          break;
        }
        case 'trailer': {
          const line = this.line();
          if (line === undefined) return;
          if (line === '') this.endOfTrailers();
          else this.trailerLine(line);
          break;
        }
        case 'done':
          if (this.buf.length) throw incomplete('The request body has data after the end of the aws-chunked encoding');
          return;
      }
    }
  }

  /** The next CRLF-terminated line, or undefined until it has fully arrived. */
  private line(): string | undefined {
    const end = this.buf.indexOf(CRLF);
    if (end < 0) {
      if (this.buf.length > MAX_LINE) throw incomplete();
      return undefined;
    }
    const line = this.buf.subarray(0, end).toString('latin1');
    this.buf = this.buf.subarray(end + 2);
    return line;
  }

  private startChunk(line: string): void {
    const m = SIZE_LINE.exec(line);
    if (!m) throw incomplete();
    if (this.signedChunks && !m[2]) throw badSignature();
    this.chunkSignature = m[2]?.toLowerCase();
    this.remaining = parseInt(m[1], 16);
    this.hash = createHash('sha256');
    if (this.remaining > 0) {
      this.state = 'data';
      return;
    }
    // The zero-length chunk closes the chain; its signature covers the empty payload.
    if (this.signedChunks) this.verifyChunk(EMPTY_SHA256);
    this.state = 'trailer';
  }

  /** String to sign for a chunk: AWS4-HMAC-SHA256-PAYLOAD, date, scope, previous signature, hash(''), hash(chunk). */
  private verifyChunk(chunkHash: string): void {
    const stringToSign = ['AWS4-HMAC-SHA256-PAYLOAD', this.longDate, this.scope, this.previous, EMPTY_SHA256, chunkHash].join('\n');
    const expected = signWith(this.key!, stringToSign);
    if (!this.chunkSignature || !sameSignature(expected, this.chunkSignature)) throw badSignature();
    this.previous = this.chunkSignature;
  }

  private trailerLine(line: string): void {
    const colon = line.indexOf(':');
    if (colon <= 0) throw badTrailer();
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      this.trailerSignature = value.toLowerCase();
      return;
    }
    if (this.trailerSignature !== undefined) throw badTrailer(); // the signature comes last
    this.trailers[name] = value;
    this.canonicalTrailers += `${name}:${value}\n`;
  }

  /** String to sign for trailers: AWS4-HMAC-SHA256-TRAILER, date, scope, final chunk signature, hash(trailer lines). */
  private endOfTrailers(): void {
    const names = Object.keys(this.trailers);
    const declared = this.v.trailer ?? [];
    if (names.some((n) => !declared.includes(n)) || declared.some((n) => !(n in this.trailers))) throw badTrailer();
    if (this.v.payload === 'streaming-signed-trailer') {
      if (!this.trailerSignature) throw badSignature();
      const stringToSign = ['AWS4-HMAC-SHA256-TRAILER', this.longDate, this.scope, this.previous, sha256Hex(this.canonicalTrailers)].join('\n');
      if (!sameSignature(signWith(this.key!, stringToSign), this.trailerSignature)) throw badSignature();
    } else if (this.trailerSignature !== undefined) throw badTrailer();
    this.state = 'done';
  }
}

/** Runs a step of the stream and reports how it ended: a refused body errors the stream with its AwsError. */
function settle(step: () => void, done: TransformCallback): void {
  try {
    step();
  } catch (e) {
    done(e as Error);
    return;
  }
  done();
}

/** A Transform that yields the verified, decoded payload; it errors with an AwsError. */
export function createChunkVerifier(v: VerifiedRequest): BodyVerifier {
  return new BodyVerifier(v);
}
