/**
 * What stands for the body in the canonical request. S3 takes the client's
 * x-amz-content-sha256 ("Signature Calculations for the Authorization Header:
 * Transferring Payload in a Single Chunk", "…in Multiple Chunks", "…Including
 * Trailing Headers"); IAM/STS hash the body they received.
 */
import { AwsError } from '../../core/aws-error.js';
import { s3Error } from './errors.js';
import { sha256Hex } from '../../core/sha256.js';
import { firstHeader, queryValue } from './raw.js';
import type { PayloadMode, RawRequest, ServiceFamily } from './types.js';

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

const STREAMING: Record<string, PayloadMode> = {
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD': 'streaming-signed',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER': 'streaming-unsigned-trailer',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER': 'streaming-signed-trailer',
};
const SIGV4A_STREAMING = ['STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD', 'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER'];

export interface Payload {
  mode: PayloadMode;
  /** Values to try as the canonical request's last line, most likely first. */
  candidates: string[];
  /** Hex hash the body must have, when mode is 'signed'. */
  hash?: string;
  decodedContentLength?: number;
  trailer?: string[];
}

export function readPayload(
  req: RawRequest,
  headers: Map<string, string[]>,
  query: Record<string, string | string[]>,
  family: ServiceFamily,
  presigned: boolean,
): Payload {
  if (family !== 's3') {
    const hash = sha256Hex(req.body ?? '');
    // The JS SDK presigns with the body's hash, botocore with UNSIGNED-PAYLOAD; STS takes both.
    return { mode: 'signed', candidates: presigned ? [hash, UNSIGNED_PAYLOAD] : [hash], hash };
  }
  const declared = presigned
    ? (queryValue(query, 'X-Amz-Content-Sha256') ?? firstHeader(headers, 'x-amz-content-sha256') ?? UNSIGNED_PAYLOAD)
    : firstHeader(headers, 'x-amz-content-sha256');
  if (declared === undefined) throw s3Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256', 400);
  if (declared === UNSIGNED_PAYLOAD) return { mode: 'unsigned', candidates: [declared] };
  if (/^[0-9a-fA-F]{64}$/.test(declared)) return { mode: 'signed', candidates: [declared], hash: declared.toLowerCase() };
  const mode = STREAMING[declared];
  if (mode && !presigned) {
    const length = firstHeader(headers, 'x-amz-decoded-content-length');
    return {
      mode,
      candidates: [declared],
      decodedContentLength: length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined,
      trailer: firstHeader(headers, 'x-amz-trailer')
        ?.split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    };
  }
  if (SIGV4A_STREAMING.includes(declared)) {
    throw new AwsError('NotImplemented', 'A header you provided implies functionality that is not implemented', 501, {
      Header: 'x-amz-content-sha256',
    });
  }
  throw s3Error(
    'InvalidArgument',
    'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
    400,
    { ArgumentName: 'x-amz-content-sha256', ArgumentValue: declared },
  );
}

/** A buffered S3 body must hash to what the client signed. */
export function checkBodyHash(payload: Payload, body: Buffer | undefined): void {
  if (payload.mode !== 'signed' || !payload.hash || body === undefined) return;
  const computed = sha256Hex(body);
  if (computed !== payload.hash) throw contentShaMismatch(payload.hash, computed);
}

export const contentShaMismatch = (client: string, computed: string) =>
  s3Error('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400, {
    ClientComputedContentSHA256: client,
    S3ComputedContentSHA256: computed,
  });
