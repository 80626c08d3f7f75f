/**
 * The installed AWS CLI v1 (botocore) as an oracle: it is pointed at a local
 * recorder with fake credentials and every request it sends must verify.
 * Skipped when `aws` is not on PATH.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createChunkVerifier, isSigned, verifySigV4 } from './index.js';
import { AKID, SECRET, failure, header, lookup, recorder, type Recorder } from './test-support.js';
import type { RawRequest, ServiceFamily } from './types.js';

const run = promisify(execFile);
const hasCli = await run('aws', ['--version']).then(
  () => true,
  () => false,
);
const dir = mkdtempSync(join(tmpdir(), 'sigv4-cli-'));

let rec: Recorder;
async function cli(...args: string[]): Promise<RawRequest> {
  const before = rec.requests.length;
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    AWS_ACCESS_KEY_ID: AKID,
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(dir, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
  };
  await run('aws', [...args, '--endpoint-url', rec.endpoint], { env }).catch(() => undefined); // replies are empty; only the request matters
  assert.ok(rec.requests.length > before, `aws ${args.join(' ')} sent nothing`);
  return rec.requests[before];
}

async function verifyWithBody(req: RawRequest, family: ServiceFamily) {
  const v = await verifySigV4(family === 's3' ? { ...req, body: undefined } : req, lookup, family, new Date());
  const out: Buffer[] = [];
  if (family === 's3') {
    await pipeline(Readable.from([req.body!]), createChunkVerifier(v), new Writable({ write: (c, _e, cb) => (out.push(c), cb()) }));
  }
  return { v, payload: Buffer.concat(out) };
}

describe('AWS CLI v1 requests verify', { skip: !hasCli && 'aws CLI not installed' }, () => {
  before(async () => {
    rec = await recorder();
  });
  after(() => rec?.close());

  it('aws iam get-user (form POST with charset=utf-8)', async () => {
    const req = await cli('iam', 'get-user', '--user-name', 'bob+alice');
    assert.match(header(req, 'content-type')!, /charset=utf-8/);
    const { v } = await verifyWithBody(req, 'query');
    assert.equal(v.service, 'iam');
  });

  it('aws sts get-caller-identity in eu-west-3', async () => {
    const req = await cli('sts', 'get-caller-identity', '--region', 'eu-west-3');
    const { v } = await verifyWithBody(req, 'query');
    assert.deepEqual([v.service, v.region], ['sts', 'eu-west-3']);
  });

  it('aws s3api get-object with an awkward key', async () => {
    const req = await cli('s3api', 'get-object', '--bucket', 'b', '--key', 'dir/a b+c%2F/ü/../x', join(dir, 'out'));
    const { v } = await verifyWithBody(req, 's3');
    assert.equal(v.service, 's3');
  });

  it('aws s3api put-object uploads a body that verifies and decodes', async () => {
    const file = join(dir, 'body.txt');
    writeFileSync(file, 'body from the cli\n'.repeat(100));
    const req = await cli('s3api', 'put-object', '--bucket', 'b', '--key', 'k', '--body', file);
    const { v, payload } = await verifyWithBody(req, 's3');
    assert.equal(v.payload, 'signed'); // botocore signs the body's hash over plain http
    assert.equal(payload.toString(), 'body from the cli\n'.repeat(100));
  });

  it('aws s3 cp (signs Content-Type too)', async () => {
    const file = join(dir, 'cp.txt');
    writeFileSync(file, 'copied\n');
    const req = await cli('s3', 'cp', file, 's3://b/some dir/cp.txt');
    const { v, payload } = await verifyWithBody(req, 's3');
    assert.ok(v.signedHeaders.includes('content-type'));
    assert.equal(payload.toString(), 'copied\n');
  });

  it('aws s3 presign makes a SigV2 URL, which is refused clearly (not treated as anonymous)', async () => {
    const { stdout } = await run('aws', ['s3', 'presign', 's3://b/k', '--endpoint-url', 'http://127.0.0.1:1'], {
      env: { PATH: process.env.PATH, HOME: dir, AWS_ACCESS_KEY_ID: AKID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: join(dir, 'none') },
    });
    const url = new URL(stdout.trim());
    const req = { method: 'GET', url: url.pathname + url.search, rawHeaders: ['Host', url.host] };
    assert.equal(isSigned(req), true);
    const e = await failure(verifySigV4(req, lookup, 's3', new Date()));
    assert.equal(e.code, url.searchParams.has('X-Amz-Algorithm') ? 'unexpected' : 'InvalidRequest');
  });
});
