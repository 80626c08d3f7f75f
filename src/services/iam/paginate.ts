/** IAM's Marker/MaxItems/IsTruncated paging (offset tokens: ../offset-page.ts). */
import { AwsError } from '../../core/aws-error.js';
import { pageByOffset } from '../offset-page.js';

export interface Page<T> { items: T[]; IsTruncated: boolean; Marker?: string }

export function paginate<T>(all: T[], input: { Marker?: string; MaxItems?: number }): Page<T> {
  const { items, next } = pageByOffset(all, input.Marker, input.MaxItems ?? 100, 'gh1:', () => new AwsError('ValidationError', 'Invalid Marker.', 400));
  return next !== undefined ? { items, IsTruncated: true, Marker: next } : { items, IsTruncated: false };
}
