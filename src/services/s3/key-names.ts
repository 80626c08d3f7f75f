/**
 * S3's object key limit ("Naming Amazon S3 objects": a key is a sequence of
 * Unicode characters whose UTF-8 encoding is at most 1,024 bytes long). AWS
 * answers a longer key with KeyTooLongError, 400, "Your key is too long", and
 * Size / MaxSizeAllowed in the error ("Amazon S3 error responses").
 */
import { AwsError } from '../../core/aws-error.js';

export const MAX_KEY_BYTES = 1024;

/** The UTF-8 length of a key longer than S3 allows, else undefined; short keys cost no encoding. */
export function keyOverLimit(key: string): number | undefined {
  // One UTF-16 unit encodes to at most 3 UTF-8 bytes (a surrogate pair, 2 units, to 4).
  if (key.length * 3 <= MAX_KEY_BYTES) return undefined;
  const bytes = Buffer.byteLength(key, 'utf8');
  return bytes > MAX_KEY_BYTES ? bytes : undefined;
}

export const keyTooLong = (bytes: number) =>
  new AwsError('KeyTooLongError', 'Your key is too long', 400, { Size: String(bytes), MaxSizeAllowed: String(MAX_KEY_BYTES) });

/** Refuses a key over S3's limit, where an operation names a key to write or copy. */
export function checkKeyLength(key: unknown): void {
  if (typeof key !== 'string') return;
  const bytes = keyOverLimit(key);
  if (bytes !== undefined) throw keyTooLong(bytes);
}
