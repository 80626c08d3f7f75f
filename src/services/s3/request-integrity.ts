/**
 * Integrity headers of S3 requests whose bodies are buffered (configurations,
 * DeleteObjects): a Content-MD5 or x-amz-checksum-* header must match the
 * body (BadDigest otherwise), and DeleteObjects needs one of them ("The
 * Content-MD5 or x-amz-sdk-checksum-algorithm header is required for all
 * Multi-Object Delete requests"; AWS answers InvalidRequest "Missing required
 * header for this request: Content-MD5 OR x-amz-checksum-*").
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../../core/aws-error.js';
import { badDigest, checksumOf, requestedChecksum } from './body.js';

const INTEGRITY_REQUIRED = new Set(['DeleteObjects']);
/** There x-amz-checksum-* headers give the completed object's checksum, not the body's. */
const CHECKSUM_HEADERS_DESCRIBE_OBJECT = new Set(['CompleteMultipartUpload']);

export async function checkRequestIntegrity(operation: string, headers: Record<string, string>, body: Buffer): Promise<void> {
  const md5 = headers['content-md5'];
  const claimed = CHECKSUM_HEADERS_DESCRIBE_OBJECT.has(operation) ? undefined : requestedChecksum(headers);
  if (INTEGRITY_REQUIRED.has(operation) && md5 === undefined && claimed?.claimed === undefined)
    throw new AwsError('InvalidRequest', 'Missing required header for this request: Content-MD5 OR x-amz-checksum-*', 400);
  if (md5 !== undefined) {
    const given = Buffer.from(md5, 'base64');
    if (given.length !== 16 || !/^[A-Za-z0-9+/]+={0,2}$/.test(md5)) throw new AwsError('InvalidDigest', 'The Content-MD5 you specified was not valid.', 400);
    if (!createHash('md5').update(body).digest().equals(given)) throw new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400);
  }
  if (claimed?.claimed !== undefined && (await checksumOf(claimed.algorithm, body)) !== claimed.claimed) throw badDigest(claimed.algorithm.toUpperCase());
}
