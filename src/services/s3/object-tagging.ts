/** Get/Put/DeleteObjectTagging, each checked as its own action with the object's tags as condition keys. */
import type { OperationTable } from '../operation.js';
import { objectsOf } from '../../store/objects.js';
import { authorizeS3, objectArn } from './access.js';
import { missingKey, readable } from './objects.js';
import { checkTags, existingTags, tagKeys } from './object-tags.js';

export const objectTaggingOperations: OperationTable = {
  GetObjectTagging: {
    action: 's3:GetObjectTagging', authorizesItself: true,
    handle(i, ctx) {
      const row = readable(ctx, i, 's3:GetObjectTagging');
      return { TagSet: JSON.parse(row.tags) };
    },
  },
  PutObjectTagging: {
    action: 's3:PutObjectTagging', authorizesItself: true,
    handle(i, ctx) {
      const tags = (i.Tagging?.TagSet ?? []) as Array<{ Key: string; Value: string }>;
      checkTags(tags);
      const objects = objectsOf(ctx.store.db);
      const row = objects.get(i.Bucket, i.Key);
      authorizeS3(ctx, i.Bucket, 's3:PutObjectTagging', objectArn(i.Bucket, i.Key), { ...existingTags(row), ...tagKeys('s3:RequestObjectTag', tags) });
      if (!row) throw missingKey(ctx, i.Bucket, i.Key);
      objects.setTags(i.Bucket, i.Key, JSON.stringify(tags));
      return {};
    },
  },
  DeleteObjectTagging: {
    action: 's3:DeleteObjectTagging', authorizesItself: true,
    handle(i, ctx) {
      readable(ctx, i, 's3:DeleteObjectTagging');
      objectsOf(ctx.store.db).setTags(i.Bucket, i.Key, '[]');
      return {};
    },
  },
};
