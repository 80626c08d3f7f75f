/**
 * The long version of the hardening tests (npm run bench:soak): signature
 * mutations of several recordings of the real clients, fuzzed requests,
 * kill -9 rounds and concurrent operations on shared names, with the same
 * checks as the tests. Prints the figures and writes bench/soak/results.md.
 *
 * Parts (environment): SOAK_PARTS, a comma-separated subset of mutations,fuzz,crashes,concurrency.
 * Sizes (environment): SOAK_RECORDINGS (3), SOAK_FUZZ_RUNS (1000 per kind),
 * SOAK_CRASH_ROUNDS (100), SOAK_CRASH_IN_FLIGHT (1000 writes in flight at each kill),
 * SOAK_CLIENTS (16), SOAK_OPERATIONS (10000).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestGatehouse } from '../../test/support/gatehouse.js';
import { recordClients } from '../../test/support/record-clients.js';
import { QUERY_REFUSALS, S3_REFUSALS, mutationsOf, verifyInProcess } from '../../test/support/signature-mutations.js';
import { fuzzServer } from '../../test/support/fuzz-server.js';
import { runCrashRounds } from '../../test/support/crash-workload.js';
import { runConcurrency } from '../../test/support/concurrency-workload.js';

const num = (name: string, d: number) => Number(process.env[name] ?? d);
const RECORDINGS = num('SOAK_RECORDINGS', 3);
const FUZZ_RUNS = num('SOAK_FUZZ_RUNS', 1000);
const CRASH_ROUNDS = num('SOAK_CRASH_ROUNDS', 100);
const CRASH_IN_FLIGHT = num('SOAK_CRASH_IN_FLIGHT', 1000);
const CLIENTS = num('SOAK_CLIENTS', 16);
const OPERATIONS = num('SOAK_OPERATIONS', 10_000);

const lines: string[] = [];
const say = (s: string) => { console.log(s); lines.push(s); };
const secs = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
let failed = false;

async function mutations() {
  const t = Date.now();
  let tried = 0, accepted = 0, wrongCode = 0, requests = 0;
  const clients = new Set<string>();
  for (let r = 0; r < RECORDINGS; r++) {
    const gh = await TestGatehouse.start();
    try {
      const rec = await recordClients(gh);
      requests += rec.requests.length;
      for (const c of rec.clients) clients.add(c);
      for (const req of rec.requests) {
        const allowed: readonly string[] = [...QUERY_REFUSALS, ...S3_REFUSALS, 'Anonymous'];
        for (const m of mutationsOf(req)) {
          tried++;
          const v = await verifyInProcess(gh.server.runtime, m.raw);
          if (v.accepted) { accepted++; console.error(`ACCEPTED ${m.kind} ${req.method} ${req.url}`); continue; }
          if (!(m.expect ?? allowed).includes(v.code!)) { wrongCode++; console.error(`${m.kind}: ${v.code}`); }
        }
      }
    } finally { await gh.dispose(); }
  }
  failed ||= accepted > 0 || wrongCode > 0;
  say(`- Signature mutations: ${tried.toLocaleString('en')} of ${requests} recorded requests (${RECORDINGS} recordings of ${[...clients].join(', ')}: header-signed and presigned requests, signed aws-chunked uploads, role sessions), verified in process: ${accepted} accepted, ${wrongCode} refused with a code other than AWS's (${secs(Date.now() - t)}).`);
}

async function fuzz() {
  const t = Date.now();
  const gh = await TestGatehouse.start();
  try {
    const s = await fuzzServer(gh, FUZZ_RUNS);
    say(`- Fuzzed requests: ${s.inputs.toLocaleString('en')} (Query forms, policy documents, S3 XML), ${s.refused.toLocaleString('en')} refused with AWS-shaped errors, ${s.accepted} accepted, no 5xx, no refusal changed the store (${secs(Date.now() - t)}).`);
  } catch (e) {
    failed = true;
    say(`- Fuzzing FAILED: ${(e as Error).message.slice(0, 2000)}`);
  } finally { await gh.dispose(); }
}

async function crashes() {
  const t = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-soak-crash-'));
  try {
    const s = await runCrashRounds({ dataDir, rounds: CRASH_ROUNDS, inFlight: CRASH_IN_FLIGHT, minMs: 200, maxMs: 1500 });
    const a = s.acknowledged;
    const kills = [...s.inFlightAtKill].sort((x, y) => x - y);
    failed ||= s.lost.length + s.halfWritten.length + s.corrupt.length + s.failed.length > 0 || kills[0] < CRASH_IN_FLIGHT * 0.9;
    say(`- Crashes: ${s.rounds} kill -9 rounds survived, each with ${CRASH_IN_FLIGHT.toLocaleString('en')} writers; writes in flight at the kills (sent, not answered): min ${kills[0]}, median ${kills[kills.length >> 1]}; ${a.writes.toLocaleString('en')} writes acknowledged before the kills (${a.usersCreated} user creations, ${a.usersDeleted} deletions, ${a.policyVersions} policy versions created and ${a.policyVersionsDeleted} deleted, ${a.objects} object puts, ${a.multipartCompletes} multipart completes): ${s.lost.length} lost, ${s.halfWritten.length} half-written objects visible, ${s.corrupt.length} failed integrity checks, ${s.failed.length} writes refused before a kill (${secs(Date.now() - t)}).`);
    for (const x of [...s.lost, ...s.halfWritten, ...s.corrupt, ...s.failed].slice(0, 20)) say(`  - ${x}`);
  } finally { rmSync(dataDir, { recursive: true, force: true }); }
}

async function concurrency() {
  const t = Date.now();
  const gh = await TestGatehouse.start();
  try {
    const s = await runConcurrency({ url: gh.server.url, root: gh.root('utils'), otherRoot: gh.root('prod'), db: gh.server.runtime.store.db, accountId: gh.account('utils').id, clients: CLIENTS, operations: OPERATIONS });
    failed ||= s.violations.length > 0;
    const refused = Object.values(s.refusals).reduce((a, b) => a + b, 0);
    say(`- Concurrency: ${s.operations.toLocaleString('en')} operations by ${CLIENTS} clients on shared names (${OPERATIONS.toLocaleString('en')} each), ${refused.toLocaleString('en')} refused as AWS refuses conflicts (${Object.entries(s.refusals).map(([k, v]) => `${k} ${v}`).join(', ')}): ${s.violations.length} lost updates or broken invariants (${secs(Date.now() - t)}).`);
    for (const x of s.violations.slice(0, 20)) say(`  - ${x}`);
  } finally { await gh.dispose(); }
}

const started = Date.now();
say(`Soak of ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores (load average ${loadavg()[0].toFixed(1)} at the start):`);
say('');
// SOAK_PARTS (e.g. "crashes,concurrency") runs some parts only; all four by default.
const parts = new Set((process.env.SOAK_PARTS ?? 'mutations,fuzz,crashes,concurrency').split(',').map((x) => x.trim()));
if (parts.has('mutations')) await mutations();
if (parts.has('fuzz')) await fuzz();
if (parts.has('crashes')) await crashes();
if (parts.has('concurrency')) await concurrency();
say('');
say(`Total ${secs(Date.now() - started)}; load average ${loadavg()[0].toFixed(1)} at the end. ${failed ? 'FAILED' : 'Nothing lost, nothing accepted that should not be.'}`);
writeFileSync(fileURLToPath(new URL('./results.md', import.meta.url)), `# Soak results\n\n\`${process.env.SOAK_PARTS ? `SOAK_PARTS=${process.env.SOAK_PARTS} ` : ''}npm run bench:soak\`\n\n${lines.join('\n')}\n`);
process.exit(failed ? 1 : 0);
