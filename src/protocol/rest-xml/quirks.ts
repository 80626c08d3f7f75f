/**
 * S3's per-operation quirks: the few places where the wire format can't be
 * derived from the schemas alone. Keep every exception here, with its reason.
 */

/**
 * When several operations match a request equally well, the first listed
 * wins. ListBuckets and ListDirectoryBuckets are both `GET /` on the service
 * and differ only by the SDK's ?x-id, which other clients (CLI, boto3) don't send;
 * directory buckets live on S3 Express hosts, so plain S3 means ListBuckets.
 */
export const ROUTE_TIE_PREFERENCE: readonly string[] = ['ListBuckets'];

/**
 * Outputs whose XML document is a single root element holding the value as
 * text, not a structure wrapping a member: S3 answers GetBucketLocation with
 * `<LocationConstraint xmlns="…">eu-west-1</LocationConstraint>`.
 * operation → output member whose value is the root's text.
 */
export const ROOT_TEXT_OUTPUT: Readonly<Record<string, string>> = { GetBucketLocation: 'LocationConstraint' };
