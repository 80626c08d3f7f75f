/**
 * IAM's Marker/MaxItems/IsTruncated paging. The marker is opaque to
 * clients; ours is the offset to resume from, encoded.
 */
import { AwsError } from '../../core/aws-error.js';

export interface Page<T> { items: T[]; IsTruncated: boolean; Marker?: string }

export function paginate<T>(all: T[], input: { Marker?: string; MaxItems?: number }): Page<T> {
  const max = input.MaxItems ?? 100;
  let start = 0;
  if (input.Marker !== undefined) {
    const decoded = /^gh1:(\d+)$/.exec(Buffer.from(input.Marker, 'base64url').toString('utf8'));
    if (!decoded) throw new AwsError('ValidationError', 'Invalid Marker.', 400);
    start = Number(decoded[1]);
  }
  const items = all.slice(start, start + max);
  const next = start + max;
  return next < all.length
    ? { items, IsTruncated: true, Marker: Buffer.from(`gh1:${next}`).toString('base64url') }
    : { items, IsTruncated: false };
}
