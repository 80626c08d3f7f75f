/** Tag rules shared by every taggable IAM entity, and their Tag/Untag/List operations. */
import { AwsError, limitExceeded } from '../../core/aws-error.js';
import type { Store, Tag, TaggedType } from '../../store/index.js';
import type { Input, OperationTable, RequestContext } from '../operation.js';
import { paginate } from './paginate.js';

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
    // The aws: prefix is AWS's own (system tags), in any case as IAM's keys are case-insensitive. Wording unconfirmed.
    if (k.startsWith('aws:')) throw new AwsError('InvalidInput', `Tag key '${t.Key}' is invalid: the prefix 'aws:' is reserved for AWS use.`, 400);
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

/**
 * Tag<Entity>, Untag<Entity> and List<Entity>Tags for one kind of taggable
 * entity: `owner` finds the entity (raising its NoSuchEntity) and returns
 * the name its tags are kept under.
 */
export function tagOperations(spec: {
  entity: string;
  kind: TaggedType;
  resource: (input: Input, ctx: RequestContext) => string;
  owner: (input: Input, ctx: RequestContext, action: string) => string;
}): OperationTable {
  const { entity, kind, resource, owner } = spec;
  return {
    [`Tag${entity}`]: {
      action: `iam:Tag${entity}`, resource,
      handle(i, ctx) {
        addTags(ctx.store, ctx.account, kind, owner(i, ctx, `iam:Tag${entity}`), i.Tags ?? []);
      },
    },
    [`Untag${entity}`]: {
      action: `iam:Untag${entity}`, resource,
      handle(i, ctx) {
        ctx.store.tags.remove(ctx.account, kind, owner(i, ctx, `iam:Untag${entity}`), i.TagKeys ?? []);
      },
    },
    [`List${entity}Tags`]: {
      action: `iam:List${entity}Tags`, resource,
      handle(i, ctx) {
        const page = paginate(ctx.store.tags.list(ctx.account, kind, owner(i, ctx, `iam:List${entity}Tags`)), i);
        return { Tags: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
      },
    },
  };
}
