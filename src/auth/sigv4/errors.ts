/**
 * The errors SigV4 verification raises, in each family's own words.
 * S3: "Error Responses" (Amazon S3 API Reference). IAM/STS: "Common Errors"
 * (IAM / STS API Reference) plus the messages those services really send.
 */
import { AwsError } from '../../core/aws-error.js';
import type { ServiceFamily } from './types.js';

export const S3_SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';
export const QUERY_SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

export function unknownAccessKey(family: ServiceFamily, accessKeyId: string): AwsError {
  return family === 's3'
    ? new AwsError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403, {
        AWSAccessKeyId: accessKeyId,
      })
    : new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
}

/** S3 echoes what it signed so a client can diff; none of it is secret. */
export function signatureMismatch(
  family: ServiceFamily,
  detail: { accessKeyId: string; stringToSign: string; signatureProvided: string; canonicalRequest: string },
): AwsError {
  if (family !== 's3') return new AwsError('SignatureDoesNotMatch', QUERY_SIGNATURE_MISMATCH, 403);
  return new AwsError('SignatureDoesNotMatch', S3_SIGNATURE_MISMATCH, 403, {
    AWSAccessKeyId: detail.accessKeyId,
    StringToSign: detail.stringToSign,
    SignatureProvided: detail.signatureProvided,
    CanonicalRequest: detail.canonicalRequest,
  });
}

/** A badly formed Authorization header / credential scope. */
export function malformed(family: ServiceFamily, presigned: boolean, s3Message: string, queryMessage: string, queryCode = 'IncompleteSignature'): AwsError {
  if (family === 's3') {
    return presigned
      ? new AwsError('AuthorizationQueryParametersError', s3Message, 400)
      : new AwsError('AuthorizationHeaderMalformed', `The authorization header is malformed; ${s3Message}`, 400);
  }
  return new AwsError(queryCode, queryMessage, queryCode === 'SignatureDoesNotMatch' ? 403 : 400);
}

export const s3Error = (code: string, message: string, status: number, extra: Record<string, string> = {}) =>
  new AwsError(code, message, status, extra);
