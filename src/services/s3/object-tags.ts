/** S3 object tags: their limits, and the condition keys they fill (s3:ExistingObjectTag/*, s3:RequestObjectTag/*). */
import { AwsError } from '../../core/aws-error.js';
import type { ObjectRow } from '../../store/objects.js';

export type Ctx = Record<string, string | string[] | undefined>;

export function parseTagging(query: string | undefined): Array<{ Key: string; Value: string }> {
  if (!query) return [];
  const tags = [...new URLSearchParams(query)].map(([Key, Value]) => ({ Key, Value }));
  checkTags(tags);
  return tags;
}

export function checkTags(tags: Array<{ Key: string; Value: string }>, max = 10): void {
  if (tags.length > max) throw new AwsError('BadRequest', 'Object tags cannot be greater than 10', 400);
  const seen = new Set<string>();
  for (const t of tags) {
    if (seen.has(t.Key)) throw new AwsError('InvalidTag', 'Cannot provide multiple Tags with the same key', 400);
    seen.add(t.Key);
    if (!t.Key || t.Key.length > 128) throw new AwsError('InvalidTag', 'The TagKey you have provided is invalid', 400);
    if ((t.Value ?? '').length > 256) throw new AwsError('InvalidTag', 'The TagValue you have provided is invalid', 400);
  }
}

export const tagKeys = (prefix: string, tags: Array<{ Key: string; Value: string }>): Ctx => Object.fromEntries(tags.map((t) => [`${prefix}/${t.Key}`, t.Value]));
export const existingTags = (row: ObjectRow | undefined): Ctx => (row ? tagKeys('s3:ExistingObjectTag', JSON.parse(row.tags)) : {});
