/**
 * Tags on Organizations resources (accounts, roots, OUs, customer-managed policies): TagResource,
 * UntagResource, ListTagsForResource, and tagsAtCreation for the operations that take Tags when they
 * create something (CreateOrganizationalUnit, CreateAccount, CreatePolicy).
 * Limits and errors: "Tagging AWS Organizations resources" and the Tag / TagResource API Reference
 * (key 1–128, value 0–256, both [\p{L}\p{Z}\p{N}_.:/=+\-@]*, 50 tags a resource, aws: reserved).
 */
import type { Store, Tag } from '../../store/index.js';
import type { OrganizationRow } from '../../store/organizations.js';
import type { Input, OperationTable, RequestContext } from '../operation.js';
import {
  constraintViolation, findNode, invalidInput, isAwsManagedPolicyId, managedOrganization, nodeArn, policyArn, targetNotFound,
} from './shared.js';
import { paginate } from './paginate.js';
import { requestTagKeys } from '../request-tag-keys.js';

const MAX_TAGS = 50;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

const badPattern = () => invalidInput('INVALID_PATTERN', 'You provided a value that does not match the required pattern.');

/** One tag key's checks (TagResource's keys and UntagResource's TagKeys alike). */
function checkTagKey(key: unknown): string {
  if (typeof key !== 'string') throw invalidInput('INPUT_REQUIRED', 'You must specify a tag key and a value for each tag.');
  if (key.length < 1) throw invalidInput('MIN_LENGTH_EXCEEDED', 'You provided a tag key that is shorter than allowed (1 character).');
  if (key.length > 128) throw invalidInput('MAX_LENGTH_EXCEEDED', 'You provided a tag key that is longer than allowed (128 characters).');
  if (!TAG_TEXT.test(key)) throw badPattern();
  if (key.toLowerCase().startsWith('aws:'))
    throw invalidInput('INVALID_SYSTEM_TAGS_PARAMETER', "You specified a tag key that is a system tag. You can't add, edit, or delete system tag keys because they're reserved for AWS use.");
  return key;
}

/** Checks a Tags input as AWS does: every tag valid and keys unique, or the whole request fails. */
export function checkOrgTags(tags: Tag[] | undefined): Tag[] {
  if (!tags) return [];
  const seen = new Set<string>();
  for (const t of tags) {
    checkTagKey(t?.Key);
    if (typeof t.Value !== 'string') throw invalidInput('INPUT_REQUIRED', 'You must specify a tag key and a value for each tag.');
    if (t.Value.length > 256) throw invalidInput('MAX_LENGTH_EXCEEDED', 'You provided a tag value that is longer than allowed (256 characters).');
    if (!TAG_TEXT.test(t.Value)) throw badPattern();
    if (seen.has(t.Key)) throw invalidInput('DUPLICATE_TAG_KEY', 'Tag keys must be unique among the tags attached to the same entity.');
    seen.add(t.Key);
  }
  return tags;
}

/** Adds or overwrites a resource's tags within AWS's 50. */
function putTags(store: Store, resourceId: string, tags: Tag[]): void {
  const existing = new Set(store.orgTags.list(resourceId).map((t) => t.Key));
  const added = new Set(tags.filter((t) => !existing.has(t.Key)).map((t) => t.Key)).size;
  if (existing.size + added > MAX_TAGS) throw constraintViolation('MAX_TAG_LIMIT_EXCEEDED', 'You have exceeded the number of tags allowed on this resource.');
  store.orgTags.put(resourceId, tags);
}

/**
 * Stores the Tags given to an operation that creates a resource. AWS: "If the request includes tags, then
 * the requester must have the organizations:TagResource permission" — on the new resource's ARN, with the
 * request's tags as aws:RequestTag/aws:TagKeys. Call checkOrgTags(input.Tags) before creating anything so
 * bad tags fail the request first; the handler's transaction undoes the creation if this throws.
 */
export function tagsAtCreation(ctx: RequestContext, resourceArn: string, resourceId: string, tags: Tag[] | undefined): void {
  if (!tags || tags.length === 0) return;
  checkOrgTags(tags);
  ctx.authorize('organizations:TagResource', resourceArn, { context: requestTagKeys(tags) });
  putTags(ctx.store, resourceId, tags);
}

/** A taggable resource by id: its ARN (also for one that doesn't exist, so the caller is authorized first) and whether it exists. */
function taggable(store: Store, org: OrganizationRow, id: string): { arn: string; exists: boolean } {
  if (id.startsWith('p-')) {
    // AWS-managed policies take no tags: AWS answers with INVALID_PATTERN (cloud-custodian/cloud-custodian#8194).
    if (isAwsManagedPolicyId(id)) throw badPattern();
    const policy = store.orgPolicies.get(id);
    const found = policy && policy.org_id === org.id ? policy : undefined;
    return { arn: policyArn(org, found?.type ?? 'SERVICE_CONTROL_POLICY', id), exists: !!found };
  }
  const exists = findNode(store, org, id) !== undefined;
  return { arn: nodeArn(org, id), exists }; // rp-/rt- ids (resource policies, transfers) are never found
}


/** What a tag operation is authorized against (the management-account rule first, as for every management operation). */
const taggableResource = (i: Input, ctx: RequestContext) => taggable(ctx.store, managedOrganization(ctx), i.ResourceId).arn;

/** The id of the existing resource a tag operation names. */
function existingTaggable(i: Input, ctx: RequestContext): string {
  if (!taggable(ctx.store, managedOrganization(ctx), i.ResourceId).exists) throw targetNotFound();
  return i.ResourceId;
}

// The request's aws:RequestTag / aws:TagKeys come from the authorize step's table of operation keys.
export const tagOperations: OperationTable = {
  TagResource: {
    action: 'organizations:TagResource', resource: taggableResource, forgetsReads: true,
    handle(i, ctx) {
      const tags = checkOrgTags(i.Tags);
      putTags(ctx.store, existingTaggable(i, ctx), tags);
    },
  },
  UntagResource: {
    action: 'organizations:UntagResource', resource: taggableResource, forgetsReads: true,
    handle(i, ctx) {
      const keys: string[] = (i.TagKeys ?? []).map(checkTagKey);
      ctx.store.orgTags.remove(existingTaggable(i, ctx), keys);
    },
  },
  ListTagsForResource: {
    action: 'organizations:ListTagsForResource', resource: taggableResource,
    handle(i, ctx) {
      const page = paginate(ctx.store.orgTags.list(existingTaggable(i, ctx)), i);
      return { Tags: page.items, NextToken: page.NextToken };
    },
  },
};
