/**
 * Crash rounds against the real server process. In each round `inFlight`
 * writers (1,000 by default) keep one write each on the wire: IAM users
 * created and deleted, policy versions created and deleted (each writer owns
 * one policy, so its version bookkeeping is exact), S3 puts of varied sizes
 * (some overwriting an earlier key) and multipart uploads created, uploaded
 * and completed. Once the load is up and answers are coming back, the
 * server's whole process group gets SIGKILL at a random moment (when at least
 * 95% of the writes are on the wire); SQLite's integrity check runs on the
 * crashed files, the server restarts on the same data dir, and the ledger
 * (crash-ledger.ts) is checked against it.
 *
 * The rounds run in a worker thread: node:test follows every async resource a
 * test creates (an async hook), which costs a thousand SDK writers a large
 * share of their CPU on a small machine.
 */
import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  IAMClient, CreateUserCommand, DeleteUserCommand, CreatePolicyCommand, CreatePolicyVersionCommand, DeletePolicyVersionCommand,
} from '@aws-sdk/client-iam';
import {
  S3Client, CreateBucketCommand, PutObjectCommand, CreateMultipartUploadCommand, UploadPartCommand, CompleteMultipartUploadCommand,
} from '@aws-sdk/client-s3';
import { spawnServer, type ChildServer } from './child-server.js';
import { CountingAgent } from './counting-agent.js';
import { CrashLedger, inPool, verifyLedger, type PolicyState } from './crash-ledger.js';
import type { Credentials } from './gatehouse.js';

export interface CrashOptions {
  dataDir: string;
  rounds: number;
  /** writes kept on the wire at once (each writer has one out at a time) */
  inFlight: number;
  /** the kill comes this many ms (uniformly at random) after the load is up */
  minMs: number;
  maxMs: number;
  /** concurrent reads of the check after each restart */
  readers?: number;
  onRound?: (round: number, s: CrashStats) => void;
}

export interface CrashStats {
  rounds: number;
  acknowledged: {
    /** every acknowledged write request, multipart creates and part uploads included */
    writes: number;
    usersCreated: number; usersDeleted: number; policyVersions: number; policyVersionsDeleted: number;
    objects: number; multipartCompletes: number;
  };
  /** per round: writes sent on an open connection and not answered when SIGKILL was sent */
  inFlightAtKill: number[];
  /** acknowledged writes missing after a restart, or things visible that were never written */
  lost: string[];
  /** objects visible with bytes that no write sent */
  halfWritten: string[];
  /** integrity_check answers other than ok */
  corrupt: string[];
  /** writes refused or failed before the kill (every write is valid: none expected) */
  failed: string[];
}

interface Writer {
  id: number;
  policyArn: string;
  policy: PolicyState;
  /** users this writer created (acknowledged) and has not asked to delete */
  users: string[];
  /** this round's last acknowledged put, for an overwrite */
  lastPut?: string;
  /** this writer's multipart upload, as far as acknowledged */
  upload?: { key: string; body: Buffer; uploadId: string; etag?: string };
}

interface Round {
  n: number;
  stop: boolean;
  started: number;
  acks: { iam: number; s3: number };
  iam: IAMClient;
  s3: S3Client;
}

const BUCKET = 'crash-bucket';
const USER_PATH = '/crash/';
const POOL = randomBytes(2 * 1024 * 1024);

function clients(url: string, creds: Credentials, agent: Agent) {
  // One agent for both: it bounds the sockets this side opens to the server.
  const cfg = { endpoint: url, region: 'us-east-1', credentials: creds, maxAttempts: 1, requestHandler: { httpAgent: agent } };
  // The check compares whole bodies by MD5 itself: the SDK's CRC of each response would only cost time.
  return { iam: new IAMClient(cfg), s3: new S3Client({ ...cfg, forcePathStyle: true, responseChecksumValidation: 'WHEN_REQUIRED' }) };
}

/** A body marked with its key and attempt (unless a few bytes long), of a size between 0 and 128 KiB (log-uniform), now and then up to 1 MiB. */
function bodyFor(key: string, attempt: number): Buffer {
  const size = Math.random() < 0.03 ? 512 * 1024 + Math.floor(Math.random() * 512 * 1024) : Math.floor(2 ** (Math.random() * 17)) - 1;
  const head = Buffer.from(`${key} ${attempt}\n`);
  if (size <= head.length) return head.subarray(0, size);
  const from = Math.floor(Math.random() * (POOL.length - size));
  return Buffer.concat([head, POOL.subarray(from, from + size - head.length)]);
}

type Op = (w: Writer, r: Round, ledger: CrashLedger, stats: CrashStats, i: number) => Promise<void>;

const createUser: Op = async (w, r, ledger, stats, i) => {
  const name = `crash-r${r.n}-w${w.id}-${i}`;
  ledger.users.set(name, 'either');
  await r.iam.send(new CreateUserCommand({ UserName: name, Path: USER_PATH }));
  r.acks.iam++; stats.acknowledged.writes++; stats.acknowledged.usersCreated++;
  ledger.users.set(name, 'present');
  w.users.push(name);
};

const deleteUser: Op = async (w, r, ledger, stats, i) => {
  const name = w.users.shift();
  if (!name) return createUser(w, r, ledger, stats, i);
  ledger.users.set(name, 'either');
  await r.iam.send(new DeleteUserCommand({ UserName: name }));
  r.acks.iam++; stats.acknowledged.writes++; stats.acknowledged.usersDeleted++;
  ledger.users.set(name, 'absent');
};

/**
 * AWS keeps at most five versions of a policy: at five the oldest non-default one goes first; from three
 * on, half the time, so deletions are as frequent as creations.
 */
const policyVersion: Op = async (w, r, ledger, stats, i) => {
  const p = w.policy;
  if (p.versions.length >= 5 || (p.versions.length >= 3 && Math.random() < 0.5)) {
    const old = p.versions.find((v) => v !== p.defaultVersion)!;
    const key = `${w.policyArn} ${old}`;
    ledger.versions.set(key, 'either');
    await r.iam.send(new DeletePolicyVersionCommand({ PolicyArn: w.policyArn, VersionId: old }));
    r.acks.iam++; stats.acknowledged.writes++; stats.acknowledged.policyVersionsDeleted++;
    ledger.versions.set(key, 'absent');
    p.versions = p.versions.filter((v) => v !== old);
    return;
  }
  const marker = `r${r.n}w${w.id}i${i}`;
  ledger.markerSent(w.policyArn, marker);
  const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: marker, Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` }] });
  const made = await r.iam.send(new CreatePolicyVersionCommand({ PolicyArn: w.policyArn, PolicyDocument: doc, SetAsDefault: true }));
  r.acks.iam++; stats.acknowledged.writes++; stats.acknowledged.policyVersions++;
  const id = made.PolicyVersion!.VersionId!;
  ledger.versions.set(`${w.policyArn} ${id}`, 'present');
  ledger.versionMarks.set(`${w.policyArn} ${id}`, marker);
  p.versions.push(id);
  p.defaultVersion = id;
};

/** A new key, or now and then an overwrite of this writer's last one. */
const put: Op = async (w, r, ledger, stats, i) => {
  const key = w.lastPut && i % 3 === 0 ? w.lastPut : `put/${r.n}/${w.id}/${i}`;
  const body = bodyFor(key, i);
  ledger.objectSent(key, body);
  await r.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  r.acks.s3++; stats.acknowledged.writes++; stats.acknowledged.objects++;
  ledger.objectAcknowledged(key, body);
  w.lastPut = key;
};

/**
 * One step of this writer's multipart upload per call: create, upload its part, complete. An upload whose
 * last step was acknowledged carries on after a restart (the server owes it), so completes happen although
 * a writer gets only a few writes done between two kills; one cut off by a kill is left behind.
 */
const multipart: Op = async (w, r, ledger, stats, i) => {
  const u = w.upload;
  w.upload = undefined;
  if (!u) {
    const key = `mpu/${r.n}/${w.id}/${i}`;
    const body = bodyFor(key, i);
    const made = await r.s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }));
    r.acks.s3++; stats.acknowledged.writes++;
    w.upload = { key, body, uploadId: made.UploadId! };
  } else if (!u.etag) {
    const part = await r.s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: u.key, UploadId: u.uploadId, PartNumber: 1, Body: u.body }));
    r.acks.s3++; stats.acknowledged.writes++;
    w.upload = { ...u, etag: part.ETag! };
  } else {
    ledger.objectSent(u.key, u.body);
    await r.s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: u.key, UploadId: u.uploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: u.etag }] } }));
    r.acks.s3++; stats.acknowledged.writes++; stats.acknowledged.multipartCompletes++;
    ledger.objectAcknowledged(u.key, u.body);
  }
};

const MIX: Op[] = [createUser, put, policyVersion, deleteUser, put, multipart];

/** One writer: one write on the wire at a time until the round stops; only acknowledged writes enter the ledger as owed. */
async function write(w: Writer, r: Round, ledger: CrashLedger, stats: CrashStats): Promise<void> {
  r.started++;
  for (let i = 1; !r.stop; i++) {
    try {
      // A multipart upload's steps come one after the other.
      await (w.upload ? multipart : MIX[(i + w.id) % MIX.length])(w, r, ledger, stats, i);
    } catch (e) {
      if (r.stop) return; // cut off by the kill: not acknowledged, nothing owed
      const err = e as Error & { $metadata?: { httpStatusCode?: number } };
      stats.failed.push(`round ${r.n} writer ${w.id}: ${err.name} ${err.$metadata?.httpStatusCode ?? ''} ${err.message}`);
      return; // its bookkeeping may be off now; the test fails on any failure anyway
    }
  }
}

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function runRounds(opts: CrashOptions): Promise<CrashStats> {
  const stats: CrashStats = {
    rounds: 0,
    acknowledged: { writes: 0, usersCreated: 0, usersDeleted: 0, policyVersions: 0, policyVersionsDeleted: 0, objects: 0, multipartCompletes: 0 },
    inFlightAtKill: [], lost: [], halfWritten: [], corrupt: [], failed: [],
  };
  const ledger = new CrashLedger();
  const readers = opts.readers ?? 64;
  let server: ChildServer = await spawnServer(opts.dataDir, ['--accounts', 'utils']);
  try {
    const creds = server.root('utils');
    const setupAgent = new CountingAgent(64);
    const setup = clients(server.url, creds, setupAgent);
    await setup.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const writers: Writer[] = Array.from({ length: opts.inFlight }, (_, id) => ({ id, policyArn: '', policy: { versions: ['v1'], defaultVersion: 'v1' }, users: [] }));
    await inPool(writers, 64, async (w) => {
      const first = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` }] });
      const p = await setup.iam.send(new CreatePolicyCommand({ PolicyName: `crash-policy-${w.id}`, PolicyDocument: first }));
      w.policyArn = p.Policy!.Arn!;
      ledger.markerSent(w.policyArn, '');
    });
    setupAgent.destroy();

    const debug = (n: number, what: string, t: number) => process.env.GATEHOUSE_CRASH_DEBUG ? console.error(`round ${n}: ${what} ${Date.now() - t} ms`) : undefined;
    for (let n = 1; n <= opts.rounds; n++) {
      let t = Date.now();
      // Sockets for every writer at once (the SDK's default agent would queue all but 50); the server takes 1,024.
      const agent = new CountingAgent(opts.inFlight);
      const r: Round = { n, stop: false, started: 0, acks: { iam: 0, s3: 0 }, ...clients(server.url, creds, agent) };
      for (const w of writers) w.lastPut = undefined;
      const running = writers.map((w) => write(w, r, ledger, stats));
      // The load is up once every writer has a write on the wire and the first IAM and S3 answers have come.
      await until(() => (r.started === writers.length && agent.inFlight() >= opts.inFlight * 0.9 && r.acks.iam > 0 && r.acks.s3 > 0) || stats.failed.length > 0, 300_000, 'the load to come up');
      debug(n, `load up (${JSON.stringify(r.acks)} acknowledged)`, t); t = Date.now();
      const delay = opts.minMs + Math.random() * (opts.maxMs - opts.minMs);
      await new Promise((ok) => setTimeout(ok, delay));
      // A burst of answers can leave writers between two writes for a moment: the kill waits until the load is whole again.
      await until(() => agent.inFlight() >= opts.inFlight * 0.95 || stats.failed.length > 0, 60_000, 'the writes in flight to come back');
      r.stop = true;
      stats.inFlightAtKill.push(agent.inFlight());
      await server.crash();
      await Promise.all(running);
      agent.destroy();
      debug(n, `killed with ${stats.inFlightAtKill.at(-1)} in flight, ${JSON.stringify(r.acks)} acknowledged`, t); t = Date.now();
      stats.rounds++;

      // The files as the crash left them: SQLite recovers the WAL and must find nothing broken.
      const db = new Database(join(opts.dataDir, 'gatehouse.db'));
      const check = db.pragma('integrity_check', { simple: true }) as string;
      db.close();
      if (check !== 'ok') stats.corrupt.push(`round ${n}: ${check}`);

      server = await spawnServer(opts.dataDir, ['--accounts', 'utils']);
      debug(n, 'integrity check and restart', t); t = Date.now();
      const checkAgent = new CountingAgent(readers);
      const found = await verifyLedger({
        ...clients(server.url, creds, checkAgent), ledger, bucket: BUCKET, userPath: USER_PATH,
        policies: writers.map((w) => w.policyArn), readers,
        // Puts of this round (overwrites stay within a round) and every multipart upload; every object at the end.
        prefixes: n === opts.rounds ? ['put/', 'mpu/'] : [`put/${n}/`, 'mpu/'],
      });
      checkAgent.destroy();
      debug(n, `checked (${ledger.objects.size} objects, ${ledger.users.size} users in the ledger)`, t);
      stats.lost.push(...found.lost.map((x) => `round ${n}: ${x}`));
      stats.halfWritten.push(...found.halfWritten.map((x) => `round ${n}: ${x}`));
      // Unacknowledged version writes may have committed: the next round starts from what the server holds.
      for (const w of writers) w.policy = found.policies.get(w.policyArn) ?? w.policy;
      opts.onRound?.(n, stats);
    }
  } finally {
    await server.crash();
  }
  return stats;
}

/** The rounds, run in a worker thread; `onRound` is called in the caller's thread. */
export function runCrashRounds(opts: CrashOptions): Promise<CrashStats> {
  const { onRound, ...data } = opts;
  return new Promise((resolve, reject) => {
    // A worker does not inherit tsx's loader: it registers it, then loads this module.
    const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: { crashRounds: data } });
    worker.on('message', (m: { round?: number; stats: CrashStats; done?: boolean }) => {
      if (m.done) { resolve(m.stats); void worker.terminate(); } else onRound?.(m.round!, m.stats);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the crash worker exited with ${code} before it was done`)));
  });
}

if (!isMainThread && (workerData as { crashRounds?: CrashOptions } | null)?.crashRounds) {
  const opts = (workerData as { crashRounds: CrashOptions }).crashRounds;
  const stats = await runRounds({ ...opts, onRound: (round, s) => parentPort!.postMessage({ round, stats: s }) });
  parentPort!.postMessage({ done: true, stats });
}
