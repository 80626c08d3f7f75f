/**
 * Crash rounds against the real server process: concurrent writers (IAM
 * users created and deleted, policy versions, S3 puts and multipart
 * completes), `kill -9` at a random moment, SQLite's integrity check on the
 * crashed files, a restart on the same data dir, then every acknowledged
 * write must be there and no object may be half-written.
 */
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  IAMClient, CreateUserCommand, DeleteUserCommand, GetUserCommand, CreatePolicyCommand, CreatePolicyVersionCommand,
  DeletePolicyVersionCommand, GetPolicyVersionCommand, ListPolicyVersionsCommand, GetPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, ListObjectsV2Command,
  CreateMultipartUploadCommand, UploadPartCommand, CompleteMultipartUploadCommand,
} from '@aws-sdk/client-s3';
import { spawnServer, type ChildServer } from './child-server.js';
import type { Credentials } from './gatehouse.js';

export interface CrashStats {
  rounds: number;
  acknowledged: { usersCreated: number; usersDeleted: number; policyVersions: number; objects: number; multipartCompletes: number };
  /** acknowledged writes missing after a restart */
  lost: string[];
  /** objects visible with bytes that no complete write sent */
  halfWritten: string[];
  /** integrity_check answers other than ok */
  corrupt: string[];
}

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

interface Ledger {
  users: Map<string, boolean | 'either'>; // name → exists (acknowledged); 'either' while a deletion is unacknowledged
  versions: Array<{ policyArn: string; versionId: string; marker: string }>;
  deletedVersions: Set<string>;
  objects: Map<string, string>; // key → md5 of the acknowledged body
  attempted: Map<string, Set<string>>; // key → md5s of every body sent
}

function clients(url: string, creds: Credentials) {
  const cfg = { endpoint: url, region: 'us-east-1', credentials: creds, maxAttempts: 1 };
  return { iam: new IAMClient(cfg), s3: new S3Client({ ...cfg, forcePathStyle: true }) };
}

/** One writer: a stream of writes until stopped; records only what the server acknowledged. */
async function writer(url: string, creds: Credentials, w: number, round: number, ledger: Ledger, bucket: string, policyArn: string, stop: { now: boolean }): Promise<void> {
  const { iam, s3 } = clients(url, creds);
  let i = 0;
  const mine: string[] = [];
  while (!stop.now) {
    i++;
    const pick = (i + w) % 5;
    try {
      if (pick === 0) {
        const name = `crash-${round}-${w}-${i}`;
        await iam.send(new CreateUserCommand({ UserName: name }));
        ledger.users.set(name, true);
        mine.push(name);
      } else if (pick === 1 && mine.length > 0) {
        const name = mine.shift()!;
        ledger.users.set(name, 'either');
        await iam.send(new DeleteUserCommand({ UserName: name }));
        ledger.users.set(name, false);
      } else if (pick === 2 && w % 2 === 0) {
        // Each even writer owns one policy: at five versions it deletes the oldest non-default first.
        const versions = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn }))).Versions ?? [];
        if (versions.length >= 5) {
          const old = versions.filter((v) => !v.IsDefaultVersion).sort((a, b) => a.CreateDate!.getTime() - b.CreateDate!.getTime())[0];
          // Counted as deleted once asked: an unacknowledged deletion may have committed.
          ledger.deletedVersions.add(`${policyArn} ${old.VersionId}`);
          await iam.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: old.VersionId! }));
        } else {
          const marker = `m-${round}-${w}-${i}`;
          const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: marker.replace(/-/g, ''), Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
          const v = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: doc, SetAsDefault: true }));
          ledger.versions.push({ policyArn, versionId: v.PolicyVersion!.VersionId!, marker });
        }
      } else if (pick === 3) {
        const key = `put/${round}/${w}/${i}`;
        const body = randomBytes(1024 + ((i * 7919) % (256 * 1024)));
        const sum = md5(body);
        ledger.attempted.set(key, new Set([sum]));
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
        ledger.objects.set(key, sum);
      } else {
        const key = `mpu/${round}/${w}/${i}`;
        const body = randomBytes(64 * 1024);
        ledger.attempted.set(key, new Set([md5(body)]));
        const up = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
        const part = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: up.UploadId!, PartNumber: 1, Body: body }));
        await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: up.UploadId!, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag! }] } }));
        ledger.objects.set(key, md5(body));
      }
    } catch (e) {
      // The kill cut it off (or a refusal): not acknowledged, so nothing is owed.
      if (stop.now) return;
      if (process.env.GATEHOUSE_CRASH_DEBUG) console.error(`writer ${w}:`, (e as Error).name, (e as Error).message);
    }
  }
}

async function readAll(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await r.Body!.transformToByteArray());
}

export async function runCrashRounds(opts: { dataDir: string; rounds: number; writers: number; minMs: number; maxMs: number; onRound?: (round: number, s: CrashStats) => void }): Promise<CrashStats> {
  const stats: CrashStats = { rounds: 0, acknowledged: { usersCreated: 0, usersDeleted: 0, policyVersions: 0, objects: 0, multipartCompletes: 0 }, lost: [], halfWritten: [], corrupt: [] };
  const ledger: Ledger = { users: new Map(), versions: [], deletedVersions: new Set(), objects: new Map(), attempted: new Map() };
  let server: ChildServer = await spawnServer(opts.dataDir, ['--accounts', 'utils']);
  const creds = server.root('utils');
  const bucket = 'crash-bucket';
  const setup = clients(server.url, creds);
  await setup.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const policies: string[] = [];
  for (let w = 0; w < opts.writers; w += 2) {
    const p = await setup.iam.send(new CreatePolicyCommand({ PolicyName: `crash-policy-${w}`, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }) }));
    policies[w] = p.Policy!.Arn!;
  }
  try {
    for (let round = 1; round <= opts.rounds; round++) {
      const stop = { now: false };
      const writers = Array.from({ length: opts.writers }, (_, w) => writer(server.url, creds, w, round, ledger, bucket, policies[w - (w % 2)], stop));
      await new Promise((r) => setTimeout(r, opts.minMs + Math.random() * (opts.maxMs - opts.minMs)));
      server.child.kill('SIGKILL');
      stop.now = true;
      await server.exited;
      await Promise.all(writers);
      stats.rounds++;

      // The files as the crash left them: SQLite recovers the WAL and must find nothing broken.
      const db = new Database(join(opts.dataDir, 'gatehouse.db'));
      const check = db.pragma('integrity_check', { simple: true }) as string;
      db.close();
      if (check !== 'ok') stats.corrupt.push(`round ${round}: ${check}`);

      server = await spawnServer(opts.dataDir, ['--accounts', 'utils']);
      const { iam, s3 } = clients(server.url, creds);
      // Every acknowledged user is there (or gone, if its deletion was acknowledged).
      for (const [name, exists] of ledger.users) {
        if (!name.startsWith(`crash-${round}-`) || exists === 'either') continue;
        const found = await iam.send(new GetUserCommand({ UserName: name })).then(() => true, (e: { name?: string }) => (e.name?.startsWith('NoSuchEntity') ? false : Promise.reject(e)));
        if (found !== exists) stats.lost.push(`user ${name}: acknowledged ${exists ? 'created' : 'deleted'}, found ${found ? 'present' : 'absent'}`);
      }
      // Every acknowledged policy version not deleted since, with its document; the policy's default is one of them.
      for (const v of ledger.versions.filter((x) => x.marker.startsWith(`m-${round}-`))) {
        if (ledger.deletedVersions.has(`${v.policyArn} ${v.versionId}`)) continue;
        const got = await iam.send(new GetPolicyVersionCommand({ PolicyArn: v.policyArn, VersionId: v.versionId })).catch(() => undefined);
        if (!got || !decodeURIComponent(got.PolicyVersion!.Document!).includes(v.marker.replace(/-/g, ''))) stats.lost.push(`policy version ${v.policyArn} ${v.versionId}`);
      }
      for (const arn of policies.filter(Boolean)) {
        const p = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
        await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: p.Policy!.DefaultVersionId! })).catch(() => stats.lost.push(`default version of ${arn}`));
      }
      // Every acknowledged object, byte for byte; every visible object whole.
      const listed: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `put/${round}/`, ContinuationToken: token }));
        listed.push(...(page.Contents ?? []).map((c) => c.Key!));
        token = page.NextContinuationToken;
      } while (token);
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `mpu/${round}/`, ContinuationToken: token }));
        listed.push(...(page.Contents ?? []).map((c) => c.Key!));
        token = page.NextContinuationToken;
      } while (token);
      for (const [key, sum] of ledger.objects) {
        if (!key.startsWith(`put/${round}/`) && !key.startsWith(`mpu/${round}/`)) continue;
        if (!listed.includes(key)) { stats.lost.push(`object ${key} not listed`); continue; }
        const got = await readAll(s3, bucket, key).catch(() => undefined);
        if (!got || md5(got) !== sum) stats.lost.push(`object ${key}: ${got ? 'other bytes' : 'unreadable'}`);
      }
      for (const key of listed) {
        if (ledger.objects.has(key)) continue;
        // Written but not acknowledged before the kill: allowed to exist, only whole.
        const got = await readAll(s3, bucket, key).catch(() => undefined);
        if (!got || !ledger.attempted.get(key)?.has(md5(got))) stats.halfWritten.push(key);
      }
      stats.acknowledged.usersCreated = [...ledger.users.keys()].length;
      stats.acknowledged.usersDeleted = [...ledger.users.values()].filter((v) => !v).length;
      stats.acknowledged.policyVersions = ledger.versions.length;
      stats.acknowledged.objects = [...ledger.objects.keys()].filter((k) => k.startsWith('put/')).length;
      stats.acknowledged.multipartCompletes = [...ledger.objects.keys()].filter((k) => k.startsWith('mpu/')).length;
      opts.onRound?.(round, stats);
    }
  } finally {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  return stats;
}
