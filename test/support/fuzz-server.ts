/**
 * The fuzzing loop of hardening-fuzz.test.ts, shared with the soak: hostile
 * Query forms, policy documents and S3 XML bodies, validly signed, each
 * answer checked (below 500, AWS-shaped) and, when refused, every table of
 * the store compared before and after.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { CreateBucketCommand, CreateMultipartUploadCommand, DeleteBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateUserCommand } from '@aws-sdk/client-iam';
import type { TestGatehouse } from './gatehouse.js';
import { queryInput, policyText, xmlCase, type XmlCase } from './hostile.js';
import { queryCall, send, signedHeaders } from './raw-http.js';
import { snapshot } from './store-snapshot.js';

export interface FuzzStats { inputs: number; refused: number; accepted: number }

/** The checks every answer must pass; returns whether the request was refused. */
function checkAnswer(family: 'query' | 's3', status: number, body: string, what: string): boolean {
  assert.ok(status > 0 && status < 500, `${what}: HTTP ${status} ${body.slice(0, 400)}`);
  if (status < 400) return false;
  if (family === 'query') {
    assert.match(body, /^<ErrorResponse xmlns="https:\/\/(iam|sts)\.amazonaws\.com\/doc\/[\d-]+\/">\s*<Error>\s*<Type>Sender<\/Type>\s*<Code>[A-Za-z0-9.]+<\/Code>\s*<Message>[^<]*<\/Message>[\s\S]*<RequestId>[^<]+<\/RequestId>\s*<\/ErrorResponse>\s*$/, what);
  } else {
    assert.match(body, /^(<\?xml version="1.0" encoding="UTF-8"\?>\s*)?<Error>\s*<Code>[A-Za-z0-9.]+<\/Code>\s*<Message>[^<]*<\/Message>[\s\S]*<\/Error>\s*$/, what);
  }
  assert.doesNotMatch(body, /at \S+ \(|node:internal|TypeError|RangeError|SyntaxError/, `${what}: a stack trace or internal error leaked`);
  return true;
}

export async function fuzzServer(gh: TestGatehouse, runs: number, seed?: number): Promise<FuzzStats> {
  const root = gh.root('utils');
  const base = gh.server.url;
  const db = gh.server.runtime.store.db;
  const stats: FuzzStats = { inputs: 0, refused: 0, accepted: 0 };
  const s3 = gh.s3(root);
  const bucket = `fuzz-${Date.now().toString(36)}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'obj', Body: 'x' }));
  await gh.iam(root).send(new CreateUserCommand({ UserName: 'fuzz-target' })).catch(() => undefined);
  const serving = async () => assert.equal((await queryCall(base, root, 'sts', { Action: 'GetCallerIdentity' })).status, 200, 'the server still serves');

  const judged = async (family: 'query' | 's3', what: string, call: () => Promise<{ status: number; body: string }>) => {
    const before = snapshot(db);
    const { status, body } = await call();
    stats.inputs++;
    if (checkAnswer(family, status, body, what)) {
      stats.refused++;
      assert.deepEqual(snapshot(db), before, `${what}: a refused request changed the store`);
    } else stats.accepted++;
  };
  const params = { numRuns: runs, seed, endOnFailure: true } as const;

  // Query (IAM/STS): hostile forms, validly signed.
  await fc.assert(fc.asyncProperty(queryInput, async ({ service, body }) => {
    await judged('query', `${service} ${body.slice(0, 200)}`, async () => {
      const headers = await signedHeaders(base, root, service, 'POST', '/', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body);
      const r = await send(base, 'POST', '/', headers, body);
      return { status: r.status, body: r.body };
    });
  }), params);
  await serving();

  // Policy documents where IAM takes them: identity, managed, trust policies.
  await fc.assert(fc.asyncProperty(policyText, fc.constantFrom('PutUserPolicy', 'CreatePolicy', 'CreateRole', 'SimulateCustomPolicy'), async (doc, action) => {
    const p: Record<string, string> = { Action: action };
    if (action === 'PutUserPolicy') Object.assign(p, { UserName: 'fuzz-target', PolicyName: 'fuzzed', PolicyDocument: doc });
    if (action === 'CreatePolicy') Object.assign(p, { PolicyName: `fuzzed-${stats.inputs}`, PolicyDocument: doc });
    if (action === 'CreateRole') Object.assign(p, { RoleName: `fuzzed-${stats.inputs}`, AssumeRolePolicyDocument: doc });
    if (action === 'SimulateCustomPolicy') Object.assign(p, { 'PolicyInputList.member.1': doc, 'ActionNames.member.1': 's3:GetObject' });
    await judged('query', `${action} ${doc.slice(0, 200)}`, async () => {
      const r = await queryCall(base, root, 'iam', p);
      return { status: r.status, body: r.body };
    });
  }), params);
  await serving();

  // S3 XML (and bucket policy JSON) bodies.
  const upload = async () => (await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'mp' }))).UploadId!;
  let uploadId = await upload();
  await fc.assert(fc.asyncProperty(xmlCase, async (c: XmlCase) => {
    const target: Record<XmlCase['op'], { method: string; path: string; query: Record<string, string>; wire: string }> = {
      DeleteObjects: { method: 'POST', path: `/${bucket}`, query: { delete: '' }, wire: `/${bucket}?delete` },
      CompleteMultipartUpload: { method: 'POST', path: `/${bucket}/mp`, query: { uploadId }, wire: `/${bucket}/mp?uploadId=${uploadId}` },
      PutBucketTagging: { method: 'PUT', path: `/${bucket}`, query: { tagging: '' }, wire: `/${bucket}?tagging` },
      PutObjectTagging: { method: 'PUT', path: `/${bucket}/obj`, query: { tagging: '' }, wire: `/${bucket}/obj?tagging` },
      PutBucketVersioning: { method: 'PUT', path: `/${bucket}`, query: { versioning: '' }, wire: `/${bucket}?versioning` },
      PutBucketPolicy: { method: 'PUT', path: `/${bucket}`, query: { policy: '' }, wire: `/${bucket}?policy` },
    };
    const t = target[c.op];
    await judged('s3', `${c.op} ${c.body.subarray(0, 200).toString('latin1')}`, async () => {
      const headers = await signedHeaders(base, root, 's3', t.method, t.path, {
        'x-amz-content-sha256': createHash('sha256').update(c.body).digest('hex'), 'content-md5': createHash('md5').update(c.body).digest('base64'),
      }, c.body, t.query);
      const r = await send(base, t.method, t.wire, headers, c.body);
      return { status: r.status, body: r.body };
    });
    // A fuzzed bucket policy that was accepted may deny the root the harness acts as; a root may always delete
    // its bucket's policy (S3 User Guide, "Bucket policies"), so the next case starts from none.
    if (c.op === 'PutBucketPolicy') await s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    if (c.op === 'CompleteMultipartUpload') uploadId = await upload();
  }), params);
  await serving();
  return stats;
}

