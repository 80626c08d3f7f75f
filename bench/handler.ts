/**
 * npm run bench:handler [-- --call sts:AssumeRole --batches 40 --batch 200 --organization]
 * CPU cost of Gatehouse's request handler alone, in this process: each signed request is fed to
 * the handler as an in-memory request (no socket), sequentially. The figure is the fastest batch's
 * mean, which a busy machine moves little, and the median batch's CPU time per request — use them to compare
 * changes; bench/run.ts gives the figures. The decision log's writes (batched off the request path) are
 * reported beside them, per decision. --organization makes utils and prod members of an organization
 * (bench/lib/organization.ts) first, for what SCPs and RCPs cost.
 */
import { Readable } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startServer } from '../src/server/start.js';
import { createHandler } from '../src/server/app.js';
import { setUpScenario } from './lib/scenario.js';
import { ORGANIZATION_ACCOUNTS, seedOrganization } from './lib/organization.js';
import { forgetReads } from '../src/server/runtime.js';
import { assumeRole, getCallerIdentity, listBuckets, type SignedRequest } from './lib/sign.js';

const { values: opt } = parseArgs({ options: {
  call: { type: 'string', multiple: true }, batches: { type: 'string', default: '40' }, batch: { type: 'string', default: '200' },
  organization: { type: 'boolean', default: false },
} });
const calls = opt.call ?? ['sts:GetCallerIdentity', 'sts:AssumeRole', 's3:ListBuckets'];

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-handler-bench-'));
const server = await startServer({ port: 0, dataDir: dir, accounts: opt.organization ? ORGANIZATION_ACCOUNTS : ['utils', 'prod'] });
if (opt.organization) await seedOrganization(server.runtime.store, () => forgetReads(server.runtime));
const roots = Object.fromEntries(server.accounts.map((a) => [a.name, { accessKeyId: a.rootAccessKeyId, secretAccessKey: a.rootSecretAccessKey }]));
const s = await setUpScenario(server.url, roots.utils, roots.prod);
const handler = createHandler(server.runtime);

/** One request through the handler; resolves with the status once the response ends. */
function feed(r: SignedRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = Readable.from(r.body ? [Buffer.from(r.body)] : []) as unknown as IncomingMessage;
    const rawHeaders = Object.entries(r.headers).flat();
    Object.assign(req, {
      method: r.method, url: r.path, rawHeaders,
      headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v])),
      socket: { remoteAddress: '127.0.0.1' },
    });
    let status = 0;
    const res = {
      headersSent: false,
      writeHead(code: number) { status = code; res.headersSent = true; return res; },
      end(body?: string | Buffer) { resolve({ status, body: body ? String(body) : '' }); },
    };
    handler(req, res as unknown as ServerResponse);
  });
}

for (const call of calls) {
  const req = call === 'sts:GetCallerIdentity' ? await getCallerIdentity(server.url, s.user)
    : call === 'sts:AssumeRole' ? await assumeRole(server.url, s.user, s.roleArn) : await listBuckets(server.url, s.session);
  const probe = await feed(req);
  if (probe.status !== 200) throw new Error(`${call}: ${probe.status} ${probe.body.slice(0, 300)}`);
  server.runtime.decisions.flush(); // the set-up's and the probe's: only the batches' decisions are measured below
  const per: number[] = [];
  const cpu: number[] = [];
  for (let b = 0; b < Number(opt.batches); b++) {
    const t = process.hrtime.bigint();
    const c = process.cpuUsage();
    for (let i = 0; i < Number(opt.batch); i++) await feed(req);
    const used = process.cpuUsage(c);
    per.push(Number(process.hrtime.bigint() - t) / Number(opt.batch) / 1000);
    cpu.push((used.user + used.system) / Number(opt.batch));
  }
  // The batches never yield to the timer that writes the decision log: its writes, made off the request path, are measured here.
  const before = process.cpuUsage();
  const logged = server.runtime.decisions.flush();
  const writes = process.cpuUsage(before);
  const logCost = logged ? `, decision log writes ${((writes.user + writes.system) / logged).toFixed(1)} µs CPU a decision` : '';
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  // CPU time moves less than wall time when other work shares the machine.
  console.log(`${call.padEnd(22)} fastest batch ${Math.min(...per).toFixed(1)} µs/request, median batch ${median(per).toFixed(1)} µs, median CPU ${median(cpu).toFixed(1)} µs${logCost}`);
}
await server.close();
rmSync(dir, { recursive: true, force: true });
