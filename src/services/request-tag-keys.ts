import type { Tag } from '../store/index.js';

/** aws:RequestTag/KEY and aws:TagKeys of the tags a request sets ("AWS global condition context keys"); none without tags. */
export function requestTagKeys(tags: Tag[]): Record<string, string | string[]> {
  if (tags.length === 0) return {};
  return { ...Object.fromEntries(tags.map((t) => [`aws:RequestTag/${t.Key}`, t.Value])), 'aws:TagKeys': tags.map((t) => t.Key) };
}
