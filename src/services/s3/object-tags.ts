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

/**
 * S3's tag limits ("Categorizing your storage using tags"; "Using cost
 * allocation S3 bucket tags"): 10 tags on an object, 50 on a bucket, keys up
 * to 128 characters and values up to 256, no duplicate keys, and no key
 * under the aws: prefix (system tags, which only AWS sets).
 */
const LIMITS = {
  // Both count messages are those other S3 implementations report for AWS's; AWS's pages give no wording (unconfirmed).
  object: { max: 10, tooMany: 'Object tags cannot be greater than 10', system: 'Your TagKey cannot be prefixed with aws:' },
  bucket: { max: 50, tooMany: 'Bucket tag count cannot be greater than 50', system: 'System tags cannot be added/updated by requester' },
} as const;

/** S3Tag's pattern (S3 API reference, "S3Tag"); lengths count Unicode characters, not UTF-16 units. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const within = (s: string, max: number) => s.length <= max || [...s].length <= max;
const validKey = (k: string | undefined) => !!k && within(k, 128) && TAG_TEXT.test(k);
const validValue = (v: string) => within(v, 256) && TAG_TEXT.test(v);

export function checkTags(tags: Array<{ Key: string; Value: string }>, kind: keyof typeof LIMITS = 'object'): void {
  const limits = LIMITS[kind];
  if (tags.length > limits.max) throw new AwsError('BadRequest', limits.tooMany, 400);
  const seen = new Set<string>();
  for (const t of tags) {
    if (seen.has(t.Key)) throw new AwsError('InvalidTag', 'Cannot provide multiple Tags with the same key', 400, { TagKey: t.Key });
    seen.add(t.Key);
    // The system-tag messages differ for buckets and objects (as AWS answers them, unconfirmed in its docs).
    if (t.Key?.startsWith('aws:')) throw new AwsError('InvalidTag', limits.system, 400, { TagKey: t.Key });
    if (!validKey(t.Key)) throw new AwsError('InvalidTag', 'The TagKey you have provided is invalid', 400, { TagKey: t.Key ?? '' });
    if (!validValue(t.Value ?? '')) throw new AwsError('InvalidTag', 'The TagValue you have provided is invalid', 400, { TagKey: t.Key, TagValue: t.Value });
  }
}

export const tagKeys = (prefix: string, tags: Array<{ Key: string; Value: string }>): Ctx => Object.fromEntries(tags.map((t) => [`${prefix}/${t.Key}`, t.Value]));
export const existingTags = (row: ObjectRow | undefined): Ctx => (row ? tagKeys('s3:ExistingObjectTag', JSON.parse(row.tags)) : {});
