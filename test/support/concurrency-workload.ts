/**
 * N clients × M mixed operations on shared names: users created and deleted
 * (names differing only in case too), a managed policy attached and detached,
 * policy versions added and removed, access keys created, deactivated and
 * deleted, objects put and deleted under the same keys, one bucket name
 * claimed from two accounts. Every call's interval and answer is recorded;
 * afterwards AWS's invariants must hold and no acknowledged update may be
 * lost: each final state is one that some acknowledged operation left and
 * that no later acknowledged operation (started after it ended) replaced.
 */
import { randomBytes } from 'node:crypto';
import {
  IAMClient, CreateUserCommand, DeleteUserCommand, AttachUserPolicyCommand, DetachUserPolicyCommand, ListAttachedUserPoliciesCommand,
  CreateAccessKeyCommand, DeleteAccessKeyCommand, UpdateAccessKeyCommand, ListAccessKeysCommand, CreatePolicyCommand, CreatePolicyVersionCommand,
  DeletePolicyVersionCommand, ListPolicyVersionsCommand, ListUsersCommand,
} from '@aws-sdk/client-iam';
import { S3Client, CreateBucketCommand, PutObjectCommand, DeleteObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import type { Credentials } from './gatehouse.js';
import type { Db } from '../../src/store/db.js';

export interface ConcurrencyStats { clients: number; operations: number; refusals: Record<string, number>; violations: string[] }

interface Event { start: number; end: number; ok: boolean; value: string }

const USERS = ['shared-a', 'Shared-A', 'shared-b', 'shared-c'];
const KEYS = ['k0', 'k1', 'k2'];

export async function runConcurrency(opts: { url: string; root: Credentials; otherRoot: Credentials; db: Db; accountId: string; clients: number; operations: number }): Promise<ConcurrencyStats> {
  const cfg = (c: Credentials) => ({ endpoint: opts.url, region: 'us-east-1', credentials: c, maxAttempts: 1 });
  const admin = new IAMClient(cfg(opts.root));
  const bucket = `conc-${Date.now().toString(36)}`;
  await new S3Client({ ...cfg(opts.root), forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: bucket }));
  await admin.send(new CreateUserCommand({ UserName: 'keyed' }));
  const policy = (await admin.send(new CreatePolicyCommand({ PolicyName: 'conc-policy', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }) }))).Policy!.Arn!;

  const stats: ConcurrencyStats = { clients: opts.clients, operations: 0, refusals: {}, violations: [] };
  const history = new Map<string, Event[]>(); // subject → events that set its state
  const note = (subject: string, e: Event) => { let l = history.get(subject); if (!l) history.set(subject, (l = [])); l.push(e); };
  const keysCreated = new Set<string>();
  const keysDeleted = new Set<string>();
  const versionsCreated = new Set<string>(['v1']);
  const versionsDeleted = new Set<string>();
  const bucketWinners: string[] = [];
  let maxKeysSeen = 0;
  let maxVersionsSeen = 0;

  const timed = async (subject: string | undefined, value: string, f: () => Promise<unknown>): Promise<unknown> => {
    const start = performance.now();
    try {
      const r = await f();
      if (subject) note(subject, { start, end: performance.now(), ok: true, value });
      return r;
    } catch (e) {
      const name = (e as Error).name;
      stats.refusals[name] = (stats.refusals[name] ?? 0) + 1;
      if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === undefined || ((e as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode >= 500)) {
        stats.violations.push(`${subject ?? value}: ${name} ${(e as Error).message}`);
      }
      return undefined;
    } finally { stats.operations++; }
  };

  const client = async (c: number) => {
    const iam = new IAMClient(cfg(opts.root));
    const s3 = new S3Client({ ...cfg(opts.root), forcePathStyle: true });
    const other = new S3Client({ ...cfg(opts.otherRoot), forcePathStyle: true });
    for (let i = 0; i < opts.operations; i++) {
      const r = Math.random();
      if (r < 0.2) {
        const name = USERS[Math.floor(Math.random() * USERS.length)];
        // IAM names are unique without regard to case: shared-a and Shared-A are one subject.
        const subject = `user:${name.toLowerCase()}`;
        if (Math.random() < 0.5) await timed(subject, 'present', () => iam.send(new CreateUserCommand({ UserName: name })));
        else await timed(subject, 'absent', () => iam.send(new DeleteUserCommand({ UserName: name })));
      } else if (r < 0.35) {
        if (Math.random() < 0.5) await timed('attached', 'yes', () => iam.send(new AttachUserPolicyCommand({ UserName: 'keyed', PolicyArn: policy })));
        else await timed('attached', 'no', () => iam.send(new DetachUserPolicyCommand({ UserName: 'keyed', PolicyArn: policy })));
      } else if (r < 0.55) {
        const x = Math.random();
        if (x < 0.4) {
          const k = await timed(undefined, 'create-key', () => iam.send(new CreateAccessKeyCommand({ UserName: 'keyed' }))) as { AccessKey?: { AccessKeyId?: string } } | undefined;
          if (k?.AccessKey?.AccessKeyId) keysCreated.add(k.AccessKey.AccessKeyId);
        } else {
          const list = await timed(undefined, 'list-keys', () => iam.send(new ListAccessKeysCommand({ UserName: 'keyed' }))) as { AccessKeyMetadata?: Array<{ AccessKeyId?: string }> } | undefined;
          const keys = list?.AccessKeyMetadata ?? [];
          maxKeysSeen = Math.max(maxKeysSeen, keys.length);
          const victim = keys[Math.floor(Math.random() * keys.length)]?.AccessKeyId;
          if (victim && x < 0.8) {
            const done = await timed(undefined, 'delete-key', () => iam.send(new DeleteAccessKeyCommand({ UserName: 'keyed', AccessKeyId: victim })));
            if (done) keysDeleted.add(victim);
          } else if (victim) await timed(undefined, 'update-key', () => iam.send(new UpdateAccessKeyCommand({ UserName: 'keyed', AccessKeyId: victim, Status: Math.random() < 0.5 ? 'Inactive' : 'Active' })));
        }
      } else if (r < 0.7) {
        if (Math.random() < 0.5) {
          const v = await timed(undefined, 'create-version', () => iam.send(new CreatePolicyVersionCommand({ PolicyArn: policy, SetAsDefault: Math.random() < 0.5, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: `c${c}i${i}`, Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }) }))) as { PolicyVersion?: { VersionId?: string } } | undefined;
          if (v?.PolicyVersion?.VersionId) versionsCreated.add(v.PolicyVersion.VersionId);
        } else {
          const list = await timed(undefined, 'list-versions', () => iam.send(new ListPolicyVersionsCommand({ PolicyArn: policy }))) as { Versions?: Array<{ VersionId?: string; IsDefaultVersion?: boolean }> } | undefined;
          const versions = list?.Versions ?? [];
          maxVersionsSeen = Math.max(maxVersionsSeen, versions.length);
          const victim = versions.filter((v) => !v.IsDefaultVersion)[0]?.VersionId;
          if (victim) {
            const done = await timed(undefined, 'delete-version', () => iam.send(new DeletePolicyVersionCommand({ PolicyArn: policy, VersionId: victim })));
            if (done) versionsDeleted.add(victim);
          }
        }
      } else if (r < 0.97) {
        const key = KEYS[Math.floor(Math.random() * KEYS.length)];
        if (Math.random() < 0.6) {
          const token = `c${c}-i${i}-${randomBytes(4).toString('hex')}`;
          await timed(`object:${key}`, token, () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: token })));
        } else await timed(`object:${key}`, 'absent', () => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })));
      } else {
        // One bucket name, claimed from two accounts at once: exactly one owner.
        const name = `${bucket}-claimed`;
        const fromOther = Math.random() < 0.5;
        const done = await timed(undefined, 'claim-bucket', () => (fromOther ? other : s3).send(new CreateBucketCommand({ Bucket: name })));
        if (done) bucketWinners.push(fromOther ? 'other' : 'self');
      }
    }
  };
  await Promise.all(Array.from({ length: opts.clients }, (_, c) => client(c)));

  // Final states.
  const v = stats.violations;
  const s3 = new S3Client({ ...cfg(opts.root), forcePathStyle: true });
  const finals = new Map<string, string>();
  const users = (await admin.send(new ListUsersCommand({}))).Users ?? [];
  for (const name of new Set(USERS.map((u) => u.toLowerCase()))) finals.set(`user:${name}`, users.some((u) => u.UserName!.toLowerCase() === name) ? 'present' : 'absent');
  const attached = (await admin.send(new ListAttachedUserPoliciesCommand({ UserName: 'keyed' }))).AttachedPolicies ?? [];
  finals.set('attached', attached.some((p) => p.PolicyArn === policy) ? 'yes' : 'no');
  for (const key of KEYS) {
    const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })).then((r) => r.Body!.transformToString(), () => 'absent');
    finals.set(`object:${key}`, body);
  }
  // No lost update: the final state of each subject comes from an acknowledged operation that no acknowledged
  // operation starting after it ended replaced (with a different result).
  for (const [subject, final] of finals) {
    const events = (history.get(subject) ?? []).filter((e) => e.ok);
    if (events.length === 0) continue;
    const candidates = events.filter((e) => e.value === final && !events.some((later) => later.start > e.end && later.value !== final));
    if (candidates.length === 0) v.push(`${subject}: final state ${final} is no acknowledged operation's result, or a later acknowledged one was lost`);
  }
  // No duplicate entity: one row per name without regard to case, per account.
  const dupUsers = opts.db.prepare('SELECT lower(name) AS n, count(*) AS c FROM users GROUP BY account_id, lower(name) HAVING c > 1').all();
  if (dupUsers.length) v.push(`duplicate users: ${JSON.stringify(dupUsers)}`);
  // At most two access keys, ever seen and now; the keys left are exactly those created and not deleted.
  const keysNow = (await admin.send(new ListAccessKeysCommand({ UserName: 'keyed' }))).AccessKeyMetadata ?? [];
  if (maxKeysSeen > 2 || keysNow.length > 2) v.push(`more than two access keys: seen ${maxKeysSeen}, now ${keysNow.length}`);
  const expectedKeys = [...keysCreated].filter((k) => !keysDeleted.has(k)).sort();
  if (JSON.stringify(keysNow.map((k) => k.AccessKeyId).sort()) !== JSON.stringify(expectedKeys)) v.push(`access keys ${JSON.stringify(keysNow.map((k) => k.AccessKeyId))} ≠ created − deleted ${JSON.stringify(expectedKeys)}`);
  // At most five policy versions, exactly one default; the versions left are those created and not deleted.
  const versionsNow = (await admin.send(new ListPolicyVersionsCommand({ PolicyArn: policy }))).Versions ?? [];
  if (maxVersionsSeen > 5 || versionsNow.length > 5) v.push(`more than five policy versions: seen ${maxVersionsSeen}, now ${versionsNow.length}`);
  if (versionsNow.filter((x) => x.IsDefaultVersion).length !== 1) v.push(`default versions: ${versionsNow.filter((x) => x.IsDefaultVersion).length}`);
  const expectedVersions = [...versionsCreated].filter((x) => !versionsDeleted.has(x)).sort();
  if (JSON.stringify(versionsNow.map((x) => x.VersionId).sort()) !== JSON.stringify(expectedVersions)) v.push(`policy versions ${JSON.stringify(versionsNow.map((x) => x.VersionId))} ≠ created − deleted ${JSON.stringify(expectedVersions)}`);
  // A bucket name has one owner: of all claims, one account won (its repeats answer BucketAlreadyOwnedByYou).
  if (new Set(bucketWinners).size > 1) v.push(`bucket claimed by both accounts: ${bucketWinners.join(',')}`);
  const owners = opts.db.prepare('SELECT count(*) AS c FROM buckets WHERE name = ?').get(`${bucket}-claimed`) as { c: number };
  if (bucketWinners.length > 0 && owners.c !== 1) v.push(`bucket rows for the claimed name: ${owners.c}`);
  return stats;
}
