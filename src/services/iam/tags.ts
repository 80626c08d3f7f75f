/** Tag rules shared by users, roles and policies, and their Tag/Untag/List operations. */
import { AwsError, limitExceeded } from '../../core/aws-error.js';
import type { Store, Tag, TaggedType } from '../../store/index.js';

const MAX_TAGS = 50;
const KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function checkTags(tags: Tag[] | undefined): Tag[] {
  if (!tags) return [];
  const seen = new Set<string>();
  for (const t of tags) {
    if (t.Key === undefined || t.Value === undefined)
      throw new AwsError('ValidationError', '1 validation error detected: Value null at \'tags.member.key\' failed to satisfy constraint: Member must not be null', 400);
    if (t.Key.length < 1 || t.Key.length > 128 || !KEY.test(t.Key))
      throw new AwsError('ValidationError', `1 validation error detected: Value '${t.Key}' at 'tags.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+`, 400);
    if (t.Value.length > 256 || !VALUE.test(t.Value))
      throw new AwsError('ValidationError', `1 validation error detected: Value '${t.Value}' at 'tags.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*`, 400);
    const k = t.Key.toLowerCase();
    if (seen.has(k)) throw new AwsError('InvalidInput', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.', 400);
    seen.add(k);
  }
  return tags;
}

/** Adds or overwrites tags, keeping AWS's limit of 50 per entity. */
export function addTags(store: Store, account: string, type: TaggedType, name: string, tags: Tag[]): void {
  checkTags(tags);
  const existing = store.tags.list(account, type, name);
  const keys = new Set(existing.map((t) => t.Key));
  const added = tags.filter((t) => !keys.has(t.Key)).length;
  if (existing.length + added > MAX_TAGS) throw limitExceeded(`The number of tags has reached the maximum limit.`);
  store.tags.put(account, type, name, tags);
}

export const tagsOrUndefined = (tags: Tag[]) => (tags.length > 0 ? tags : undefined);
