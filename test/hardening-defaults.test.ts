/**
 * Hardening, defaults and limits: where the server listens, who may call its
 * admin endpoints, file permissions, and what one client may cost it (body and
 * header sizes, connections, slow clients), each refusal AWS-shaped.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttachUserPolicyCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { startServer, type RunningServer } from '../src/server/start.js';
import { TestGatehouse, cleanup, type Credentials } from './support/gatehouse.js';
import { errorCode, openSocket, queryCall, readUntilClosed, send, signedHeaders } from './support/raw-http.js';

const mode = (p: string) => statSync(p).mode & 0o777;

async function admin(base: string, creds: Credentials, method: 'GET' | 'POST', body = '') {
  const headers = await signedHeaders(base, creds, 'gatehouse', method, '/_gatehouse/clock', { 'content-type': 'application/json' }, body);
  return send(base, method, '/_gatehouse/clock', headers, body || undefined);
}

describe('defaults', () => {
  let gh: TestGatehouse;
  before(async () => { gh = await TestGatehouse.start(); });
  after(() => gh.dispose());

  test('listens on loopback unless told', () => {
    assert.equal(gh.server.host, '127.0.0.1');
    assert.match(gh.server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('the data dir is 0700 and every file in it 0600, objects included', async () => {
    const s3 = gh.s3(gh.root('utils'));
    await s3.send(new CreateBucketCommand({ Bucket: 'perm-check' }));
    await s3.send(new PutObjectCommand({ Bucket: 'perm-check', Key: 'k', Body: 'hello' }));
    assert.equal(mode(gh.dataDir), 0o700);
    const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? [join(dir, e.name) + '/', ...walk(join(dir, e.name))] : [join(dir, e.name)]);
    const all = walk(gh.dataDir);
    assert.ok(all.some((p) => p.endsWith('gatehouse.db')) && all.some((p) => p.endsWith('gatehouse.db-wal')) && all.some((p) => p.includes('/objects/data/')));
    for (const p of all) assert.equal(mode(p), p.endsWith('/') ? 0o700 : 0o600, p);
  });

  test('the admin endpoints answer only the roots of this server\'s accounts', async () => {
    const base = gh.server.url;
    const root = gh.root('utils');
    const shown = await admin(base, root, 'GET');
    assert.equal(shown.status, 200, shown.body);

    // An administrator user of the same account is no root.
    const iam = gh.iam(root);
    const adminUser = await gh.userWithKey('utils', 'almighty');
    await iam.send(new AttachUserPolicyCommand({ UserName: 'almighty', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const byUser = await admin(base, adminUser, 'POST', '{"advanceSeconds":3600}');
    assert.equal(byUser.status, 403);
    assert.equal(JSON.parse(byUser.body).code, 'AccessDenied');

    // Nor is a role session, even one of an administrator role.
    const role = await iam.send(new CreateRoleCommand({
      RoleName: 'admin-role',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: `arn:aws:iam::${gh.account('utils').id}:user/almighty` } }] }),
    }));
    const session = (await gh.sts(adminUser).send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'ss' }))).Credentials!;
    const bySession = await admin(base, { accessKeyId: session.AccessKeyId!, secretAccessKey: session.SecretAccessKey!, sessionToken: session.SessionToken! }, 'GET');
    assert.equal(bySession.status, 403);

    // Unsigned, signed with a wrong secret, or by the root of another server's data dir.
    const unsigned = await send(base, 'GET', '/_gatehouse/clock', {});
    assert.equal(unsigned.status, 403);
    assert.equal(errorCode(unsigned.body) ?? JSON.parse(unsigned.body).code, 'MissingAuthenticationToken');
    const wrong = await admin(base, { ...root, secretAccessKey: root.secretAccessKey.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) }, 'POST', '{"advanceSeconds":3600}');
    assert.equal(wrong.status, 403);
    assert.equal(JSON.parse(wrong.body).code, 'SignatureDoesNotMatch');
    const other = await TestGatehouse.start();
    try {
      const foreign = await admin(base, other.root('utils'), 'POST', '{"advanceSeconds":3600}');
      assert.equal(foreign.status, 403);
      assert.equal(JSON.parse(foreign.body).code, 'InvalidClientTokenId');
    } finally { await other.dispose(); }
    assert.equal(JSON.parse((await admin(base, root, 'GET')).body).offsetSeconds, 0, 'no refused call moved the clock');
  });

  test('clock reset brings a moved clock back to real time, and survives a restart', async () => {
    const base = gh.server.url;
    const root = gh.root('prod');
    assert.equal(JSON.parse((await admin(base, root, 'POST', '{"advanceSeconds":7200}')).body).offsetSeconds, 7200);
    const reset = await admin(base, root, 'POST', '{"reset":true}');
    assert.equal(reset.status, 200);
    assert.equal(JSON.parse(reset.body).offsetSeconds, 0);
    assert.ok(Math.abs(Date.parse(JSON.parse(reset.body).now) - Date.now()) < 5000);
    const bad = await admin(base, root, 'POST', 'null');
    assert.equal(bad.status, 400);
    assert.equal(gh.server.runtime.store.meta.get('clock_offset_seconds'), '0');
  });
});

describe('limits', () => {
  let server: RunningServer;
  let dataDir: string;
  let root: Credentials;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-limits-'));
    server = await startServer({
      port: 0, dataDir, accounts: ['utils'],
      limits: { iamBodyBytes: 64 * 1024, s3BodyBytes: 32 * 1024, maxConnections: 24, headersTimeoutMs: 800, idleTimeoutMs: 1500, bodyTimeoutMs: 1200 },
    });
    const a = server.accounts.find((x) => x.name === 'utils')!;
    root = { accessKeyId: a.rootAccessKeyId, secretAccessKey: a.rootSecretAccessKey };
  });
  after(async () => { await server.close(); cleanup(dataDir); });

  const serving = async () => (await queryCall(server.url, root, 'sts', { Action: 'GetCallerIdentity' })).status === 200;

  test('an IAM body over its limit is refused in IAM\'s error format, declared or not', async () => {
    const big = await queryCall(server.url, root, 'iam', { Action: 'CreateUser', UserName: 'big', Path: '/' + 'a'.repeat(70 * 1024) + '/' });
    assert.equal(big.status, 413);
    assert.match(big.body, /<ErrorResponse[^>]*>\s*<Error>\s*<Type>Sender<\/Type>\s*<Code>RequestEntityTooLarge<\/Code>/);
    // Chunked, without a Content-Length: counted while it arrives.
    const s = await openSocket(server.url);
    s.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIAX/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00\r\nX-Amz-Date: 20260101T000000Z\r\nTransfer-Encoding: chunked\r\n\r\n');
    const chunk = 'b'.repeat(16 * 1024);
    for (let i = 0; i < 6; i++) s.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    const answer = await readUntilClosed(s, 3000);
    s.destroy();
    assert.match(answer.text, /^HTTP\/1\.1 413/);
    assert.equal(errorCode(answer.text), 'RequestEntityTooLarge');
    assert.ok(await serving());
  });

  test('an S3 configuration body over its limit is MaxMessageLengthExceeded; an object over 5 GiB is EntityTooLarge', async () => {
    const tagging = `<Tagging><TagSet>${'<Tag><Key>k</Key><Value>v</Value></Tag>'.repeat(1000)}</TagSet></Tagging>`;
    const headers = await signedHeaders(server.url, root, 's3', 'PUT', '/some-bucket', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, tagging, { tagging: '' });
    const r = await send(server.url, 'PUT', '/some-bucket?tagging', headers, tagging);
    assert.equal(r.status, 400);
    assert.equal(errorCode(r.body), 'MaxMessageLengthExceeded');
    assert.match(r.body, /<Message>Your request was too big.<\/Message>/);

    await send(server.url, 'PUT', '/limit-bucket', await signedHeaders(server.url, root, 's3', 'PUT', '/limit-bucket', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }));
    const huge = String(5 * 1024 ** 3 + 1);
    const put = await signedHeaders(server.url, root, 's3', 'PUT', '/limit-bucket/huge', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-length': huge });
    const s = await openSocket(server.url);
    s.write(`PUT /limit-bucket/huge HTTP/1.1\r\n${Object.entries(put).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
    s.write(Buffer.alloc(64 * 1024));
    const answer = await readUntilClosed(s, 3000);
    s.destroy();
    assert.match(answer.text, /^HTTP\/1\.1 400/);
    assert.equal(errorCode(answer.text), 'EntityTooLarge');
    assert.match(answer.text, /<MaxSizeAllowed>5368709120<\/MaxSizeAllowed>/);
    assert.equal(readdirSync(join(dataDir, 'objects', 'tmp')).length, 0, 'nothing staged');
  });

  test('headers over 16 KiB are RequestHeaderSectionTooLarge, and the server keeps serving', async () => {
    const r = await send(server.url, 'GET', '/', { 'x-amz-meta-big': 'x'.repeat(20 * 1024) }).catch((e) => e as Error);
    assert.ok(!(r instanceof Error), String(r));
    assert.equal(r.status, 400);
    assert.equal(errorCode(r.body), 'RequestHeaderSectionTooLarge');
    assert.ok(await serving());
  });

  test('a client trickling its headers (slowloris) is cut off with RequestTimeout', async () => {
    const s = await openSocket(server.url);
    s.write('POST / HTTP/1.1\r\nHost: x\r\n');
    const drip = setInterval(() => { if (!s.destroyed) s.write('X-Slow: 1\r\n'); }, 200);
    const answer = await readUntilClosed(s, 8000);
    clearInterval(drip);
    s.destroy();
    assert.ok(answer.closed, 'the server closed the connection');
    assert.ok(answer.afterMs < 6000, `closed after ${answer.afterMs} ms`);
    if (answer.text) assert.equal(errorCode(answer.text), 'RequestTimeout');
    assert.ok(await serving());
  });

  test('a body trickled a byte at a time is cut off with RequestTimeout, and changes nothing', async () => {
    const body = new URLSearchParams({ Action: 'CreateUser', Version: '2010-05-08', UserName: 'trickled' }).toString();
    const headers = await signedHeaders(server.url, root, 'iam', 'POST', '/', { 'content-type': 'application/x-www-form-urlencoded' }, body);
    const s = await openSocket(server.url);
    s.write(`POST / HTTP/1.1\r\n${Object.entries({ ...headers, 'content-length': String(body.length) }).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
    let i = 0;
    // Faster than the idle timeout, slower than the body deadline allows.
    const drip = setInterval(() => { if (!s.destroyed && i < body.length - 1) s.write(body[i++]); }, 300);
    const answer = await readUntilClosed(s, 8000);
    clearInterval(drip);
    s.destroy();
    assert.match(answer.text, /^HTTP\/1\.1 400/);
    assert.equal(errorCode(answer.text), 'RequestTimeout');
    assert.ok(answer.afterMs < 4000, `after ${answer.afterMs} ms`);
    assert.equal(server.runtime.store.users.get(server.accounts[0].id, 'trickled'), undefined);
    assert.ok(await serving());
  });

  test('an object upload that stalls is answered RequestTimeout after the idle timeout, and leaves no file', async () => {
    await send(server.url, 'PUT', '/stall-bucket', await signedHeaders(server.url, root, 's3', 'PUT', '/stall-bucket', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }));
    const put = await signedHeaders(server.url, root, 's3', 'PUT', '/stall-bucket/k', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-length': String(1024 * 1024) });
    const s = await openSocket(server.url);
    s.write(`PUT /stall-bucket/k HTTP/1.1\r\n${Object.entries(put).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
    s.write(Buffer.alloc(100 * 1024));
    const answer = await readUntilClosed(s, 8000);
    s.destroy();
    assert.ok(answer.closed);
    assert.equal(errorCode(answer.text), 'RequestTimeout');
    const staged = () => readdirSync(join(dataDir, 'objects', 'tmp')).length;
    for (let i = 0; i < 30 && staged() > 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(staged(), 0, 'the partial upload is gone');
    assert.equal(existsSync(join(dataDir, 'objects', 'data')) ? readdirSync(join(dataDir, 'objects', 'data')).length : 0, 0);
  });

  test('connections beyond the limit are refused, and idle hogs are reaped so the server comes back by itself', async () => {
    const hogs = await Promise.all(Array.from({ length: 24 }, () => openSocket(server.url)));
    await new Promise((r) => setTimeout(r, 100));
    const extra = await openSocket(server.url).then((s) => readUntilClosed(s, 2000)).catch(() => ({ closed: true, text: '' }));
    assert.ok(extra.closed, 'a connection over the limit is closed at once');
    // The hogs never send a request: the headers timeout closes them, without their help.
    const reaped = await Promise.all(hogs.map((h) => readUntilClosed(h, 8000)));
    assert.ok(reaped.every((r) => r.closed));
    assert.ok(await serving());
  });
});

describe('bind warning', () => {
  test('serve warns when it listens off loopback, and only then', async () => {
    const { bindWarning, isLoopback } = await import('../src/server/limits.js');
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) {
      assert.ok(isLoopback(h), h);
      assert.equal(bindWarning(h), undefined);
    }
    for (const h of ['0.0.0.0', '::', '192.168.1.5', '10.0.0.1', 'example.com', '127.example.com']) {
      assert.ok(!isLoopback(h), h);
      assert.match(bindWarning(h)!, /^warning: listening on .*, not loopback/);
    }
  });
});
