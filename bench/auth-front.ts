/**
 * node --import tsx bench/auth-front.ts [--batches 200 --batch 200]
 * CPU cost of a request's front alone (isSigned → route → authenticate → noteKeyUse), in-process,
 * for the signed requests bench:handler replays; fastest batch, as there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../src/server/start.js';
import { isSigned, type RawRequest } from '../src/auth/sigv4/index.js';
import { route } from '../src/server/steps/route.js';
import { FAMILIES } from '../src/server/families/index.js';
import { authenticate } from '../src/server/steps/authenticate.js';
import { noteKeyUse } from '../src/server/steps/key-use.js';
import { setUpScenario } from './lib/scenario.js';
import { getCallerIdentity, listBuckets } from './lib/sign.js';

const { values: opt } = parseArgs({ options: { batches: { type: 'string', default: '200' }, batch: { type: 'string', default: '200' } } });
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-auth-bench-'));
const server = await startServer({ port: 0, dataDir: dir, accounts: ['utils', 'prod'] });
const roots = Object.fromEntries(server.accounts.map((a) => [a.name, { accessKeyId: a.rootAccessKeyId, secretAccessKey: a.rootSecretAccessKey }]));
const s = await setUpScenario(server.url, roots.utils, roots.prod);
const rt = server.runtime;

for (const [name, r] of [['sts:GetCallerIdentity', await getCallerIdentity(server.url, s.user)], ['s3:ListBuckets', await listBuckets(server.url, s.session)]] as const) {
  const rawHeaders = Object.entries(r.headers).flat();
  const headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const body = Buffer.from(r.body);
  const front = async () => {
    const raw: RawRequest = { method: r.method, url: r.path, rawHeaders, body };
    const signed = isSigned(raw);
    const target = route(r.method, r.path, headers);
    const { principal, verified } = await authenticate(raw, FAMILIES[target.family].signing, rt.store, rt.clock, rt.sealingKey, rt.credentials);
    if (signed) noteKeyUse(rt, principal.accessKeyId, verified.service, verified.region);
  };
  await front();
  const per: number[] = [];
  for (let b = 0; b < Number(opt.batches); b++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < Number(opt.batch); i++) await front();
    per.push(Number(process.hrtime.bigint() - t) / Number(opt.batch) / 1000);
  }
  per.sort((a, b) => a - b);
  console.log(`${name.padEnd(22)} front: fastest batch ${per[0].toFixed(2)} µs/request, median batch ${per[per.length >> 1].toFixed(2)} µs`);
}
await server.close();
rmSync(dir, { recursive: true, force: true });
