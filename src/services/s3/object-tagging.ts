/** Get/Put/DeleteObjectTagging, each checked as its own action (the Version form with a versionId) with the object's tags as condition keys. */
import type { OperationTable, RequestContext } from '../operation.js';
import { objectsOf, type ObjectRow } from '../../store/objects.js';
import { readable } from './objects.js';
import { checkTags, tagKeys } from './object-tags.js';
import { reportedVersion } from './versions.js';

/** Tags belong to one version: the current object's row, or a noncurrent version's. */
function setTags(ctx: RequestContext, row: ObjectRow, tags: string): void {
  const objects = objectsOf(ctx.store.db);
  if (objects.get(row.bucket, row.key)?.version_id === row.version_id) objects.setTags(row.bucket, row.key, tags);
  else objects.setVersionTags(row.bucket, row.key, row.version_id, tags);
}

export const objectTaggingOperations: OperationTable = {
  GetObjectTagging: {
    action: 's3:GetObjectTagging', authorizesItself: true,
    handle(i, ctx) {
      const row = readable(ctx, i, 's3:GetObjectTagging');
      return { TagSet: JSON.parse(row.tags), VersionId: reportedVersion(ctx, row) };
    },
  },
  PutObjectTagging: {
    action: 's3:PutObjectTagging', authorizesItself: true,
    handle(i, ctx) {
      const tags = (i.Tagging?.TagSet ?? []) as Array<{ Key: string; Value: string }>;
      checkTags(tags);
      // The new tags are request keys (s3:RequestObjectTag/*) beside the existing ones.
      const row = readable(ctx, i, 's3:PutObjectTagging', tagKeys('s3:RequestObjectTag', tags));
      setTags(ctx, row, JSON.stringify(tags));
      return { VersionId: reportedVersion(ctx, row) };
    },
  },
  DeleteObjectTagging: {
    action: 's3:DeleteObjectTagging', authorizesItself: true,
    handle(i, ctx) {
      const row = readable(ctx, i, 's3:DeleteObjectTagging');
      setTags(ctx, row, '[]');
      return { VersionId: reportedVersion(ctx, row) };
    },
  },
};
