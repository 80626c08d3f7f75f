/**
 * What a crash test may expect after a restart: the ledger of writes sent and
 * acknowledged, and its check against the restarted server.
 *
 * The rules: an acknowledged write is owed; a write sent but not acknowledged
 * may or may not have committed (a deletion too); whatever is visible must be
 * something that was sent: an object byte-identical to one of the bodies sent
 * for its key, a policy version with a document sent for its policy, a user
 * that was asked for.
 */
import { createHash } from 'node:crypto';
import { IAMClient, ListUsersCommand, GetAccountAuthorizationDetailsCommand } from '@aws-sdk/client-iam';
import { S3Client, ListObjectsV2Command, GetObjectCommand } from '@aws-sdk/client-s3';

/** present or absent once acknowledged; either while a create or delete is unacknowledged */
export type Presence = 'present' | 'absent' | 'either';

export const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

interface ObjectEntry {
  /** an acknowledged put or complete: the object must be there */
  owed: boolean;
  /** md5 → size of the bodies it may hold: the acknowledged one and any sent since */
  bodies: Map<string, number>;
}

export interface PolicyState {
  /** version ids, oldest first */
  versions: string[];
  defaultVersion: string;
}

export class CrashLedger {
  readonly users = new Map<string, Presence>();
  /** `${policyArn} ${versionId}` → presence */
  readonly versions = new Map<string, Presence>();
  /** `${policyArn} ${versionId}` → the Sid its acknowledged document carries */
  readonly versionMarks = new Map<string, string>();
  /** policy ARN → Sids of every document sent for it ('' for the policy's first document) */
  readonly markersSent = new Map<string, Set<string>>();
  readonly objects = new Map<string, ObjectEntry>();
  /** keys written since the last check: their bytes are read back */
  readonly recent = new Set<string>();

  objectSent(key: string, body: Buffer): void {
    this.recent.add(key);
    const e = this.objects.get(key) ?? { owed: false, bodies: new Map() };
    e.bodies.set(md5(body), body.length);
    this.objects.set(key, e);
  }

  objectAcknowledged(key: string, body: Buffer): void {
    this.objects.set(key, { owed: true, bodies: new Map([[md5(body), body.length]]) });
  }

  markerSent(policyArn: string, marker: string): void {
    const s = this.markersSent.get(policyArn) ?? new Set(['']);
    s.add(marker);
    this.markersSent.set(policyArn, s);
  }
}

export interface Findings {
  /** acknowledged writes missing, and things visible that were never asked for */
  lost: string[];
  /** objects visible with bytes no write sent for their key */
  halfWritten: string[];
}

/** Runs `fn` over `items`, at most `width` at a time. */
export async function inPool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

async function listUsers(iam: IAMClient, pathPrefix: string): Promise<Set<string>> {
  const names = new Set<string>();
  let marker: string | undefined;
  do {
    const page = await iam.send(new ListUsersCommand({ PathPrefix: pathPrefix, Marker: marker, MaxItems: 1000 }));
    for (const u of page.Users ?? []) names.add(u.UserName!);
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return names;
}

async function listObjects(s3: S3Client, bucket: string, prefix: string): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const c of page.Contents ?? []) sizes.set(c.Key!, c.Size!);
    token = page.NextContinuationToken;
  } while (token);
  return sizes;
}

/** Every local managed policy with its versions (ids and Sids), in one paginated call. */
async function listPolicies(iam: IAMClient): Promise<Map<string, { defaultVersion: string; versions: Map<string, { isDefault: boolean; sid: string }> }>> {
  const out = new Map<string, { defaultVersion: string; versions: Map<string, { isDefault: boolean; sid: string }> }>();
  let marker: string | undefined;
  do {
    const page = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['LocalManagedPolicy'], Marker: marker, MaxItems: 1000 }));
    for (const p of page.Policies ?? []) {
      const versions = new Map<string, { isDefault: boolean; sid: string }>();
      for (const v of p.PolicyVersionList ?? []) {
        const doc = JSON.parse(decodeURIComponent(v.Document!)) as { Statement: Array<{ Sid?: string }> };
        versions.set(v.VersionId!, { isDefault: v.IsDefaultVersion === true, sid: doc.Statement[0]?.Sid ?? '' });
      }
      out.set(p.Arn!, { defaultVersion: p.DefaultVersionId!, versions });
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return out;
}

const versionNumber = (id: string) => Number(id.replace(/^v/, ''));

interface CheckOptions {
  iam: IAMClient; s3: S3Client; ledger: CrashLedger; bucket: string; userPath: string;
  policies: string[]; prefixes: string[]; readers: number;
}

async function checkUsers(o: CheckOptions, f: Findings): Promise<void> {
  const users = await listUsers(o.iam, o.userPath);
  for (const [name, presence] of o.ledger.users) {
    if (presence === 'present' && !users.has(name)) f.lost.push(`user ${name}: creation acknowledged, absent`);
    if (presence === 'absent' && users.has(name)) f.lost.push(`user ${name}: deletion acknowledged, present`);
  }
  for (const name of users) if (!o.ledger.users.has(name)) f.lost.push(`user ${name}: present, never created`);
}

async function checkPolicies(o: CheckOptions, f: Findings): Promise<Map<string, PolicyState>> {
  const found = await listPolicies(o.iam);
  const states = new Map<string, PolicyState>();
  for (const arn of o.policies) {
    const p = found.get(arn);
    if (!p) { f.lost.push(`policy ${arn}: absent`); continue; }
    const defaults = [...p.versions].filter(([, v]) => v.isDefault).map(([id]) => id);
    if (p.versions.size > 5) f.lost.push(`policy ${arn}: ${p.versions.size} versions`);
    if (defaults.length !== 1 || defaults[0] !== p.defaultVersion) f.lost.push(`policy ${arn}: default ${p.defaultVersion}, versions marked default ${defaults.join(',')}`);
    const sent = o.ledger.markersSent.get(arn) ?? new Set(['']);
    for (const [id, v] of p.versions) if (!sent.has(v.sid)) f.lost.push(`policy version ${arn} ${id}: document never sent (Sid ${v.sid})`);
    states.set(arn, { versions: [...p.versions.keys()].sort((a, b) => versionNumber(a) - versionNumber(b)), defaultVersion: p.defaultVersion });
  }
  for (const [key, presence] of o.ledger.versions) {
    const [arn, id] = key.split(' ');
    const v = found.get(arn)?.versions.get(id);
    if (presence === 'present' && !v) f.lost.push(`policy version ${key}: creation acknowledged, absent`);
    if (presence === 'present' && v && v.sid !== o.ledger.versionMarks.get(key)) f.lost.push(`policy version ${key}: another document (Sid ${v.sid})`);
    if (presence === 'absent' && v) f.lost.push(`policy version ${key}: deletion acknowledged, present`);
  }
  return states;
}

async function checkObjects(o: CheckOptions, f: Findings): Promise<void> {
  const { s3, ledger, bucket } = o;
  const listed = new Map<string, number>();
  for (const prefix of o.prefixes) for (const [k, size] of await listObjects(s3, bucket, prefix)) listed.set(k, size);
  for (const [key, e] of ledger.objects) {
    if (!o.prefixes.some((p) => key.startsWith(p))) continue;
    const size = listed.get(key);
    if (size === undefined) { if (e.owed) f.lost.push(`object ${key}: acknowledged, not listed`); continue; }
    if (![...e.bodies.values()].includes(size)) f.halfWritten.push(`object ${key}: listed with ${size} bytes, no body of that size sent`);
  }
  for (const key of listed.keys()) if (!ledger.objects.has(key)) f.lost.push(`object ${key}: listed, never written`);
  // Byte for byte: every visible object written since the last check is one of the bodies sent for it.
  const toRead = [...ledger.recent].filter((k) => listed.has(k));
  ledger.recent.clear();
  await inPool(toRead, o.readers, async (key) => {
    const e = ledger.objects.get(key)!;
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
      .then(async (r) => Buffer.from(await r.Body!.transformToByteArray()), (err: Error) => err);
    if (got instanceof Error) f.lost.push(`object ${key}: listed, unreadable (${got.name})`);
    else if (!e.bodies.has(md5(got))) f.halfWritten.push(`object ${key}: ${got.length} bytes that no write sent`);
  });
}

/**
 * Checks the restarted server against the ledger: all users under `userPath`,
 * every version of `policies`, the listing of every object under `prefixes`,
 * and the bytes of every visible object written since the last check. Returns
 * what was found plus each policy's versions, for the writers of the next round.
 */
export async function verifyLedger(o: CheckOptions): Promise<Findings & { policies: Map<string, PolicyState> }> {
  const f: Findings = { lost: [], halfWritten: [] };
  const [, policies] = await Promise.all([checkUsers(o, f), checkPolicies(o, f), checkObjects(o, f)]);
  return { ...f, policies };
}
