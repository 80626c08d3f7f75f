/**
 * npm run bench:s3 [-- --small 400 --large 3 --concurrency 8 --no-write]
 * PutObject / GetObject throughput of Gatehouse and moto's server, in the
 * same run, each in its own process on 127.0.0.1, driven by the same
 * @aws-sdk/client-s3 calls: 4 KiB objects (requests/s) and 64 MiB objects
 * (MiB/s). Also the peak RSS of each server process. Prints a markdown table
 * and writes it to bench/s3/results.md.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { cleanUp, stop, tempDir } from '../lib/procs.js';
import { buildGatehouse, startGatehouse, startMoto, type Running } from '../lib/servers.js';

const { values: opt } = parseArgs({ options: {
  small: { type: 'string', default: '400' }, large: { type: 'string', default: '3' },
  concurrency: { type: 'string', default: '8' }, 'no-write': { type: 'boolean', default: false },
} });
const SMALL = Number(opt.small), LARGE = Number(opt.large), CONC = Number(opt.concurrency);
const deadline = setTimeout(() => { process.stderr.write('bench:s3: over 15 minutes, giving up\n'); cleanUp(); process.exit(2); }, 15 * 60_000);
deadline.unref();
process.on('exit', cleanUp);
const log = (s: string) => process.stderr.write(`bench:s3: ${s}\n`);

interface Row { server: string; put4k: number; get4k: number; put64m: number; get64m: number; rssMiB: number }

function peakRssMiB(pid: number | undefined): number {
  try { return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024; } catch { return NaN; }
}

async function pool(n: number, conc: number, fn: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: conc }, async () => { while (next < n) await fn(next++); }));
  return (performance.now() - t0) / 1000;
}

async function measure(server: Running, credentials: { accessKeyId: string; secretAccessKey: string }): Promise<Row> {
  const s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1 });
  const bucket = 'bench-s3';
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const small = Buffer.alloc(4096, 7);
  const large = Buffer.alloc(64 * 1024 * 1024);
  for (let i = 0; i < large.length; i += 4) large.writeUInt32BE(i, i);
  const largeMd5 = createHash('md5').update(large).digest('hex');
  // Warm up both paths.
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'warm', Body: small }));
  await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'warm' }))).Body!.transformToByteArray();

  log(`${server.name}: 4 KiB puts`);
  const putSmall = await pool(SMALL, CONC, async (i) => { await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `small/${i}`, Body: small })); });
  log(`${server.name}: 4 KiB gets`);
  const getSmall = await pool(SMALL, CONC, async (i) => {
    const b = await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `small/${i}` }))).Body!.transformToByteArray();
    if (b.length !== small.length) throw new Error(`${server.name}: short 4 KiB read`);
  });
  log(`${server.name}: 64 MiB puts`);
  const putLarge = await pool(LARGE, 1, async (i) => {
    const r = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `large/${i}`, Body: large }));
    if (r.ETag !== `"${largeMd5}"`) throw new Error(`${server.name}: wrong ETag ${r.ETag}`);
  });
  log(`${server.name}: 64 MiB gets`);
  const getLarge = await pool(LARGE, 1, async (i) => {
    const b = await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `large/${i}` }))).Body!.transformToByteArray();
    if (b.length !== large.length) throw new Error(`${server.name}: short 64 MiB read`);
  });
  s3.destroy();
  return {
    server: server.name, put4k: SMALL / putSmall, get4k: SMALL / getSmall,
    put64m: (LARGE * 64) / putLarge, get64m: (LARGE * 64) / getLarge, rssMiB: peakRssMiB(server.proc.child.pid),
  };
}

const rows: Row[] = [];
const loadAtStart = loadavg()[0];
log('bundling gatehouse');
await buildGatehouse();
{
  const dir = tempDir('s3-gatehouse');
  const gh = await startGatehouse(dir);
  log(`gatehouse on ${gh.url}`);
  try { rows.push(await measure(gh, gh.roots.prod)); } finally { await stop(gh.proc); }
}
try {
  const moto = await startMoto();
  log(`moto on ${moto.url}`);
  try { rows.push(await measure(moto, { accessKeyId: 'testing', secretAccessKey: 'testing' })); } finally { await stop(moto.proc); }
} catch (e) {
  log(`moto: ${(e as Error).message.split('\n')[0]}`);
}

const f = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '—');
const lines = [
  `# S3 throughput: Gatehouse and moto`,
  ``,
  `${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}; @aws-sdk/client-s3 with its default request checksums (CRC32, aws-chunked), path-style, 127.0.0.1; 1-minute load average ${loadAtStart.toFixed(2)} at start (the figures move a lot with other load on this small machine).`,
  `4 KiB: ${SMALL} PutObject then ${SMALL} GetObject, ${CONC} in flight. 64 MiB: ${LARGE} of each, one at a time. Peak RSS is the server process's high-water mark over the whole run.`,
  ``,
  `| server | PUT 4 KiB (req/s) | GET 4 KiB (req/s) | PUT 64 MiB (MiB/s) | GET 64 MiB (MiB/s) | peak RSS (MiB) |`,
  `|---|---:|---:|---:|---:|---:|`,
  ...rows.map((r) => `| ${r.server} | ${f(r.put4k)} | ${f(r.get4k)} | ${f(r.put64m)} | ${f(r.get64m)} | ${f(r.rssMiB)} |`),
  ``,
  `Gatehouse streams each object body to a file under the data dir (verifying its checksum and signatures on the way), fsyncs it and commits its row in SQLite; moto keeps objects in memory.`,
  ``,
];
process.stdout.write(lines.join('\n'));
if (!opt['no-write']) writeFileSync(new URL('./results.md', import.meta.url), lines.join('\n'));
