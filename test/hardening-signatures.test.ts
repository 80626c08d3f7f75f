/**
 * Hardening, signatures: valid requests recorded from the real clients (JS SDK
 * v3, AWS CLI v1 and v2, presigned URLs, aws-chunked with chunk signatures,
 * role sessions) are mutated in every signed part, over 100,000 times. Most are
 * judged in process by the server's verification entry point (authenticate,
 * and the chunk verifier for aws-chunked bodies), a sample of 2,000 over HTTP
 * against the running server. None may be accepted; each is refused with
 * AWS's code. Then presigned expiry, session tokens, and secrets in logs.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/core/protocols';
import { Sha256 } from '@aws-crypto/sha256-js';
import { GetCallerIdentityCommand, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { TestGatehouse, cleanup, type Credentials } from './support/gatehouse.js';
import { recordClients, type RecordedSet } from './support/record-clients.js';
import { QUERY_REFUSALS, S3_REFUSALS, equivalentsOf, familyOf, mutationsOf, sendRaw, verifyInProcess, type Mutant } from './support/signature-mutations.js';
import { snapshot } from './support/store-snapshot.js';
import { awsClis } from './support/aws-clis.js';
import { spawnServer } from './support/child-server.js';
import { errorCode, send } from './support/raw-http.js';

const TARGET = Number(process.env.GATEHOUSE_MUTATIONS ?? 100_000);
const OVER_HTTP = Number(process.env.GATEHOUSE_MUTATIONS_HTTP ?? 2_000);
const clis = await awsClis();

describe('signature mutations', () => {
  let gh: TestGatehouse;
  let rec: RecordedSet;
  before(async () => {
    gh = await TestGatehouse.start();
    const started = Date.now();
    rec = await recordClients(gh);
    console.log(`# recorded ${rec.requests.length} requests of ${rec.clients.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
  after(() => gh.dispose());

  test('the recorded requests come from every client and kind of signing', () => {
    const clients = new Set(rec.requests.map((r) => r.client));
    for (const c of ['js-sdk-v3', 'js-sdk-v3 (session)', 'js-sdk-v3 (presigned)', 'aws-chunked (signed chunks)']) assert.ok(clients.has(c), c);
    assert.ok(rec.requests.some((r) => familyOf(r) === 'query') && rec.requests.some((r) => familyOf(r) === 's3'));
    assert.ok(rec.requests.some((r) => /X-Amz-Security-Token/i.test(r.url) || r.rawHeaders.some((h) => h.toLowerCase() === 'x-amz-security-token')));
  });

  test('the AWS CLI v1\'s requests are recorded, header-signed and from a role session', { skip: !clis.v1 && 'no AWS CLI v1 (aws-cli/1.…) on PATH' }, () => {
    const clients = new Set(rec.requests.map((r) => r.client));
    for (const c of ['aws-cli-v1', 'aws-cli-v1 (session)']) assert.ok(clients.has(c), c);
  });

  test('the AWS CLI v2\'s requests are recorded: IAM and STS, S3 with signed bodies and multipart parts, a presigned URL, a role session', { skip: !clis.v2 && 'no AWS CLI v2 (aws-cli/2.…) on PATH' }, () => {
    const v2 = rec.requests.filter((r) => r.client.startsWith('aws-cli-v2'));
    const clients = new Set(v2.map((r) => r.client));
    for (const c of ['aws-cli-v2', 'aws-cli-v2 (user)', 'aws-cli-v2 (session)', 'aws-cli-v2 (presigned)']) assert.ok(clients.has(c), c);
    const header = (r: RecordedSet['requests'][number], n: string) => { const i = r.rawHeaders.findIndex((h, j) => j % 2 === 0 && h.toLowerCase() === n); return i < 0 ? undefined : r.rawHeaders[i + 1]; };
    assert.ok(v2.some((r) => familyOf(r) === 'query' && /Action=AssumeRole&/.test(r.body.toString())), 'assume-role');
    assert.ok(v2.some((r) => familyOf(r) === 'query' && header(r, 'x-amz-security-token')), 'a session\'s IAM/STS call');
    // Over http the CLI v2 signs S3 bodies with their sha256: a put and a multipart part, body and all.
    assert.ok(v2.some((r) => r.method === 'PUT' && /[?&]partNumber=/.test(r.url) && /^[0-9a-f]{64}$/.test(header(r, 'x-amz-content-sha256') ?? '') && r.body.length > 0), 'an UploadPart');
    assert.ok(v2.some((r) => r.method === 'PUT' && !r.url.includes('?') && r.body.length > 0 && header(r, 'x-amz-security-token')), 'a session\'s PutObject');
    assert.ok(v2.some((r) => /[?&]X-Amz-Signature=/.test(r.url) && !/[?&]X-Amz-Security-Token=/.test(r.url)), 'a presigned URL');
    assert.ok(v2.some((r) => /[?&]X-Amz-Signature=/.test(r.url) && /[?&]X-Amz-Security-Token=/.test(r.url)), 'a session\'s presigned URL');
    assert.ok(v2.some((r) => header(r, 'range')), 'a ranged GetObject');
  });

  test('each recorded request verifies as recorded, and in the forms SigV4 treats as the same', async () => {
    for (const r of rec.requests) {
      for (const e of equivalentsOf(r)) {
        const v = await verifyInProcess(gh.server.runtime, e.raw);
        assert.ok(v.accepted, `${e.kind} of ${r.client} ${r.method} ${r.url}: ${v.code} ${v.message}`);
      }
    }
  });

  test(`at least ${TARGET.toLocaleString('en')} mutations of signed parts, verified in process: none accepted, each refused with AWS's code`, { timeout: 600_000 }, async () => {
    const byKind = new Map<string, number>();
    const byClient = new Map<string, { recordings: number; mutations: number }>();
    const codes = new Map<string, number>();
    let tried = 0;
    const failures: string[] = [];
    for (const r of rec.requests) {
      const client = byClient.get(r.client.replace(/ \(.*\)$/, '')) ?? { recordings: 0, mutations: 0 };
      byClient.set(r.client.replace(/ \(.*\)$/, ''), client);
      client.recordings++;
      const allowed: readonly string[] = familyOf(r) === 'query' ? [...QUERY_REFUSALS, ...S3_REFUSALS] : [...S3_REFUSALS, ...QUERY_REFUSALS, 'Anonymous'];
      for (const m of mutationsOf(r)) {
        tried++;
        client.mutations++;
        const kind = m.kind.split(':')[0];
        byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
        const v = await verifyInProcess(gh.server.runtime, m.raw);
        if (v.accepted) { failures.push(`ACCEPTED ${m.kind} of ${r.client} ${r.method} ${r.url}`); continue; }
        codes.set(v.code!, (codes.get(v.code!) ?? 0) + 1);
        if (!(m.expect ?? allowed).includes(v.code!)) failures.push(`${m.kind} of ${r.client} ${r.method} ${r.url}: ${v.code} (${v.message}), expected ${m.expect ?? allowed}`);
        if (v.status !== undefined) assert.ok(v.status === 400 || v.status === 403, `${m.kind}: status ${v.status}`);
      }
    }
    console.log(`# ${tried} mutations of ${rec.requests.length} recorded requests; by client: ${[...byClient].map(([c, n]) => `${c} ${n.recordings} requests, ${n.mutations} mutations`).join('; ')}; by part: ${JSON.stringify(Object.fromEntries(byKind))}; answers: ${JSON.stringify(Object.fromEntries(codes))}`);
    assert.deepEqual(failures.slice(0, 20), []);
    assert.ok(tried >= TARGET, `only ${tried} mutations`);
  });

  test(`${OVER_HTTP.toLocaleString('en')} mutations over HTTP: none accepted, every answer an AWS error of the request's service, the store unchanged`, { timeout: 300_000 }, async () => {
    const all: Array<{ m: Mutant; family: string }> = [];
    for (const r of rec.requests) for (const m of mutationsOf(r)) all.push({ m, family: familyOf(r) });
    // A fixed-seed sample, so a failure reproduces.
    let seed = 42;
    const next = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed; };
    const sample = Array.from({ length: Math.min(OVER_HTTP, all.length) }, () => all[next() % all.length])
      .filter(({ m }) => !/content-length|transfer-encoding/i.test(m.kind));
    const before = snapshot(gh.server.runtime.store.db);
    const statuses = new Map<number, number>();
    for (let i = 0; i < sample.length; i += 8) {
      await Promise.all(sample.slice(i, i + 8).map(async ({ m, family }) => {
        const res = await sendRaw(gh.server.url, m.raw);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        assert.ok(res.status >= 400 && res.status < 500, `${m.kind} ${m.raw.method} ${m.raw.url}: HTTP ${res.status} ${res.text.slice(0, 600).replace(/\s+/g, ' ')}`);
        if (m.raw.method === 'HEAD') return;
        const body = res.text.slice(res.text.indexOf('\r\n\r\n') + 4);
        const code = errorCode(body);
        assert.ok(code, `${m.kind}: no AWS error code in ${body.slice(0, 300)}`);
        // A body altered under intact headers can meet a refusal that needs no body first (the upload it names is complete).
        if (res.status === 404) assert.ok(m.kind === 'body-bit' && code === 'NoSuchUpload', `${m.kind}: ${code}`);
        // IAM/STS answer in the Query error format; S3 in its own.
        if (/<ErrorResponse/.test(body)) assert.match(body, /<ErrorResponse xmlns="https:\/\/(iam|sts)\.amazonaws\.com\/doc\/[\d-]+\/">\s*<Error>\s*<Type>Sender<\/Type>\s*<Code>[A-Za-z0-9.]+<\/Code>\s*<Message>[^<]*<\/Message>/);
        else assert.match(body, /^(<\?xml version="1.0" encoding="UTF-8"\?>\s*)?<Error>\s*<Code>[A-Za-z0-9.]+<\/Code>\s*<Message>[^<]*<\/Message>/);
        if (family === 'query' && /<ErrorResponse/.test(body)) assert.ok([...QUERY_REFUSALS, 'AccessDenied', 'MissingAction', 'InvalidAction'].includes(code!), `${m.kind}: ${code}`);
      }));
    }
    console.log(`# ${sample.length} mutations over HTTP, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    assert.deepEqual(snapshot(gh.server.runtime.store.db), before);
  });

  test('presigned URLs past their expiry, or with X-Amz-Expires over 7 days, or repeating a signature, are refused with AWS\'s messages', async () => {
    const root = gh.root('utils');
    const u = new URL(gh.server.url);
    const presign = async (expiresIn: number, signingDate = new Date()) => {
      const signer = new SignatureV4({ service: 's3', region: 'us-east-1', sha256: Sha256, credentials: root, uriEscapePath: false });
      const req = await signer.presign(new HttpRequest({ method: 'GET', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/', headers: { host: u.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }), { expiresIn, signingDate });
      return `/?${Object.entries(req.query!).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&')}`;
    };
    const ok = await send(gh.server.url, 'GET', await presign(60), {});
    assert.equal(ok.status, 200, ok.body);
    const expired = await send(gh.server.url, 'GET', await presign(60, new Date(Date.now() - 120_000)), {});
    assert.equal(expired.status, 403);
    assert.equal(errorCode(expired.body), 'AccessDenied');
    assert.match(expired.body, /<Message>Request has expired<\/Message>/);
    assert.match(expired.body, /<X-Amz-Expires>60<\/X-Amz-Expires>/);
    // The SDK's presigner itself refuses more than a week, so the URL is made for a week and stretched by one second.
    const week = (await presign(604800)).replace('X-Amz-Expires=604800', 'X-Amz-Expires=604801');
    const tooLong = await send(gh.server.url, 'GET', week, {});
    assert.equal(tooLong.status, 400);
    assert.equal(errorCode(tooLong.body), 'AuthorizationQueryParametersError');
    assert.match(tooLong.body, /<Message>X-Amz-Expires must be less than a week \(in seconds\) that is; 604800<\/Message>/);
    const repeated = await send(gh.server.url, 'GET', `${await presign(60)}&X-Amz-Signature=0000`, {});
    assert.equal(repeated.status, 400);
    assert.equal(errorCode(repeated.body), 'AuthorizationQueryParametersError');
  });

  test('session tokens with any bit flipped, re-signed with the session\'s own secret, or from another data dir, are refused', { timeout: 300_000 }, async () => {
    const session = rec.session;
    const u = new URL(gh.server.url);
    const token = session.sessionToken!;
    const prefix = 'IQoGatehouse';
    const raw = Buffer.from(token.slice(prefix.length), 'base64');
    const variants: Array<{ token: string; kind: string }> = [];
    for (let i = 0; i < raw.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const b = Buffer.from(raw);
        b[i] ^= 1 << bit;
        variants.push({ token: prefix + b.toString('base64'), kind: `byte ${i} bit ${bit}` });
      }
    }
    for (let i = 0; i < token.length; i++) {
      const c = token[i] === 'A' ? 'B' : 'A';
      variants.push({ token: token.slice(0, i) + c + token.slice(i + 1), kind: `character ${i}` });
    }
    variants.push({ token: `${token}=`, kind: 'padding' }, { token: token.slice(0, -1), kind: 'truncated' }, { token: `${token} `, kind: 'trailing space' });
    // A genuine token of the same shape from another data dir, with that data dir's own session secret.
    const other = await TestGatehouse.start();
    let foreign: Credentials;
    try {
      const iam = other.iam(other.root('prod'));
      const role = await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: `arn:aws:iam::${other.account('utils').id}:root` } }] }) }));
      await iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }));
      const user = await other.userWithKey('utils', 'u');
      await other.iam(other.root('utils')).send(new (await import('@aws-sdk/client-iam')).PutUserPolicyCommand({ UserName: 'u', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }) }));
      const c = (await other.sts(user).send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'xx' }))).Credentials!;
      foreign = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
      assert.ok((await other.sts(foreign).send(new GetCallerIdentityCommand({}))).Arn);
    } finally { await other.dispose(); }

    const call = async (creds: Credentials, service: 'sts' | 's3') => {
      const signer = new SignatureV4({ service, region: 'us-east-1', sha256: Sha256, credentials: creds, uriEscapePath: service !== 's3' });
      const body = service === 'sts' ? 'Action=GetCallerIdentity&Version=2011-06-15' : '';
      const headers: Record<string, string> = { host: u.host, ...(service === 'sts' ? { 'content-type': 'application/x-www-form-urlencoded' } : { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }) };
      const signed = await signer.sign(new HttpRequest({ method: service === 'sts' ? 'POST' : 'GET', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/', headers, body }));
      const rawReq = { method: signed.method, url: '/', rawHeaders: Object.entries(signed.headers).flat(), body: Buffer.from(body) };
      return verifyInProcess(gh.server.runtime, rawReq);
    };
    assert.ok((await call(session, 'sts')).accepted, 'the genuine token works');
    assert.ok((await call(session, 's3')).accepted);
    let refused = 0;
    for (const v of variants) {
      for (const service of ['sts', 's3'] as const) {
        const verdict = await call({ ...session, sessionToken: v.token }, service);
        assert.ok(!verdict.accepted, `${v.kind} accepted (${service})`);
        assert.equal(verdict.code, service === 'sts' ? 'InvalidClientTokenId' : 'InvalidToken', `${v.kind} (${service}): ${verdict.code}`);
        refused++;
      }
    }
    // The foreign session: its key id is unknown here, and its token does not open under this data dir's key.
    for (const service of ['sts', 's3'] as const) {
      const verdict = await call(foreign!, service);
      assert.ok(!verdict.accepted);
      assert.equal(verdict.code, service === 'sts' ? 'InvalidClientTokenId' : 'InvalidToken');
      // And this server's session key id with the foreign token.
      const mixed = await call({ ...session, sessionToken: foreign!.sessionToken }, service);
      assert.equal(mixed.code, service === 'sts' ? 'InvalidClientTokenId' : 'InvalidToken');
    }
    console.log(`# ${refused} altered session tokens refused`);
  });
});

describe('secrets', () => {
  const SRC = fileURLToPath(new URL('../src/', import.meta.url));
  const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });

  test('signatures, chunk signatures and passwords are compared in constant time (crypto.timingSafeEqual)', () => {
    const signer = readFileSync(join(SRC, 'auth/sigv4/signer.ts'), 'utf8');
    assert.match(signer, /export function sameSignature[\s\S]*?timingSafeEqual\(a, b\)/);
    for (const f of files(join(SRC, 'auth/sigv4'))) {
      const text = readFileSync(f, 'utf8');
      // No signature is compared with === or !== anywhere in verification.
      const compared = text.split('\n').filter((l) => /(signature|Signature)\s*[!=]==(?!\s*undefined)|[!=]==\s*[\w.]*(signature|Signature)\b/.test(l));
      assert.deepEqual(compared, [], f);
    }
    const all = files(SRC).map((f) => [f, readFileSync(f, 'utf8')] as const);
    const passwords = all.filter(([, t]) => /scrypt(Sync)?\(/.test(t));
    assert.ok(passwords.length > 0);
    for (const [f, t] of passwords) assert.match(t, /timingSafeEqual/, `${f} hashes passwords: it must compare in constant time`);
  });

  test('no secret reaches the server\'s log, even with --log and GATEHOUSE_DEBUG', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-secrets-'));
    const child = await spawnServer(dataDir, ['--log', '--accounts', 'utils'], { ...process.env, GATEHOUSE_DEBUG: '1' });
    let out = '';
    child.child.stdout!.on('data', (d: Buffer) => { out += d; });
    try {
      const root = child.root('utils');
      const { IAMClient, CreateUserCommand, CreateAccessKeyCommand, CreateLoginProfileCommand } = await import('@aws-sdk/client-iam');
      const { STSClient, GetSessionTokenCommand } = await import('@aws-sdk/client-sts');
      const cfg = (c: Credentials) => ({ endpoint: child.url, region: 'us-east-1', credentials: c, maxAttempts: 1 });
      const iam = new IAMClient(cfg(root));
      await iam.send(new CreateUserCommand({ UserName: 'logged' }));
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'logged' }))).AccessKey!;
      await iam.send(new CreateLoginProfileCommand({ UserName: 'logged', Password: 'Sup3r-Secret-Passw0rd!' }));
      const s = (await new STSClient(cfg({ accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! })).send(new GetSessionTokenCommand({}))).Credentials!;
      const session = { accessKeyId: s.AccessKeyId!, secretAccessKey: s.SecretAccessKey!, sessionToken: s.SessionToken! };
      await new STSClient(cfg(session)).send(new GetCallerIdentityCommand({}));
      // Failures too: a wrong secret, a broken token, a bad input.
      await new STSClient(cfg({ ...session, secretAccessKey: 'x' + session.secretAccessKey.slice(1) })).send(new GetCallerIdentityCommand({})).catch(() => undefined);
      await new STSClient(cfg({ ...session, sessionToken: session.sessionToken.slice(0, -2) })).send(new GetCallerIdentityCommand({})).catch(() => undefined);
      await iam.send(new CreateLoginProfileCommand({ UserName: 'logged', Password: 'Another-Secret-9!' })).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 300));
      const log = out + child.stderr();
      assert.match(log, /200 sts:GetCallerIdentity/, 'the log was written');
      for (const secret of [root.secretAccessKey, k.SecretAccessKey!, session.secretAccessKey, session.sessionToken, 'Sup3r-Secret-Passw0rd!', 'Another-Secret-9!']) {
        assert.ok(!log.includes(secret), `a secret is in the log: ${secret.slice(0, 6)}…`);
      }
    } finally {
      await child.crash();
      cleanup(dataDir);
    }
  });
});
