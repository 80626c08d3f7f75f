/**
 * Request time against the real clock. S3: RequestTimeTooSkewed ("Error
 * Responses"), presigned "Request has expired" / "Request is not yet valid".
 * IAM/STS: SignatureDoesNotMatch "Signature expired: …" as the services send
 * it (the CLI shows it for GetCallerIdentity); STS presigned URLs live by the
 * same 15-minute window whatever X-Amz-Expires says (EKS tokens rely on it).
 */
import { AwsError } from '../../core/aws-error.js';
import { s3Error } from './errors.js';
import { toLongDate, type AuthParams } from './parse-auth.js';
import type { ServiceFamily } from './types.js';

export const MAX_SKEW_MS = 15 * 60 * 1000;

const serverTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function checkTime(auth: AuthParams, family: ServiceFamily, now: Date): void {
  const at = auth.signingDate.getTime();
  const current = now.getTime();
  if (family === 's3' && auth.presigned) {
    const expires = at + (auth.expiresSeconds ?? 0) * 1000;
    if (at - current > MAX_SKEW_MS) {
      // S3 really does echo X-Amz-Date in epoch milliseconds here.
      throw s3Error('AccessDenied', 'Request is not yet valid', 403, {
        'X-Amz-Date': String(at),
        Expires: serverTime(expires),
        ServerTime: serverTime(current),
      });
    }
    if (current > expires) {
      throw s3Error('AccessDenied', 'Request has expired', 403, {
        'X-Amz-Expires': String(auth.expiresSeconds ?? 0),
        Expires: serverTime(expires),
        ServerTime: serverTime(current),
      });
    }
    return;
  }
  if (Math.abs(current - at) <= MAX_SKEW_MS) return;
  if (family === 's3') {
    throw s3Error('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', 403, {
      RequestTime: auth.longDate,
      ServerTime: serverTime(current),
      MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
    });
  }
  const nowLong = toLongDate(now);
  const message =
    at < current
      ? `Signature expired: ${auth.longDate} is now earlier than ${toLongDate(new Date(current - MAX_SKEW_MS))} (${nowLong} - 15 min.)`
      : `Signature not yet current: ${auth.longDate} is still later than ${toLongDate(new Date(current + MAX_SKEW_MS))} (${nowLong} + 15 min.)`;
  throw new AwsError('SignatureDoesNotMatch', message, 403);
}
