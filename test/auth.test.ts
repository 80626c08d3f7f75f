/**
 * Signature checks through the wire, with requests signed the way the SDKs
 * sign them: presigned URLs, skew, UNSIGNED-PAYLOAD, virtual-host addressing,
 * inactive keys, and errors shaped as each service shapes them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Sha256 } from '@aws-crypto/sha256-js';
import { CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { CreateAccessKeyCommand, CreateUserCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { TestGatehouse, type Credentials } from './support/gatehouse.js';

interface Req { method: string; path: string; query?: Record<string, string>; headers?: Record<string, string>; body?: string; host?: string }

describe('SigV4 on the wire', () => {
  let gh: TestGatehouse;
  let root: Credentials;
  let base: URL;

  before(async () => {
    gh = await TestGatehouse.start();
    root = gh.root('prod');
    base = new URL(gh.server.url);
    await gh.s3(root).send(new CreateBucketCommand({ Bucket: 'wire-bucket' }));
  });
  after(() => gh.dispose());

  const signer = (creds: Credentials, service: string, opts: { unsigned?: boolean } = {}) =>
    new SignatureV4({ service, region: 'us-east-1', credentials: creds, sha256: Sha256, applyChecksum: false, uriEscapePath: service !== 's3', ...(opts.unsigned ? {} : {}) });

  /** Sends with node:http, which (unlike fetch) sends the Host header as signed. */
  function send(signed: { method: string; path: string; query?: Record<string, unknown>; headers: Record<string, string>; body?: unknown }) {
    const qs = new URLSearchParams(signed.query as Record<string, string>).toString().replace(/\+/g, '%20');
    return new Promise<{ status: number; text: string; headers: Map<string, string> }>((resolve, reject) => {
      const req = httpRequest({ host: base.hostname, port: base.port, method: signed.method, path: `${signed.path}${qs ? `?${qs}` : ''}`, headers: signed.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({
          status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8'),
          headers: new Map(Object.entries(res.headers).map(([k, v]) => [k, String(v)])),
        }));
      });
      req.on('error', reject);
      req.end(signed.body as string | undefined);
    });
  }

  const request = (r: Req) => ({
    method: r.method, protocol: 'http:', hostname: base.hostname, port: Number(base.port), path: r.path, query: r.query ?? {},
    headers: { host: r.host ?? base.host, ...r.headers }, body: r.body,
  });

  test('a presigned ListBuckets URL (the SDK\'s own presigner) works until it expires', async () => {
    const url = await getSignedUrl(gh.s3(root), new ListBucketsCommand({}), { expiresIn: 60 });
    const ok = await fetch(url);
    const text = await ok.text();
    assert.equal(ok.status, 200, text);
    assert.match(text, /<Name>wire-bucket<\/Name>/);
    const old = await getSignedUrl(gh.s3(root), new ListBucketsCommand({}), { expiresIn: 60, signingDate: new Date(Date.now() - 120_000) });
    const expired = await fetch(old);
    assert.equal(expired.status, 403);
    assert.match(await expired.text(), /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
  });

  test('a presigned URL valid for more than 7 days is refused', async () => {
    // The signer itself refuses to make one, so stretch a valid week-long URL by a second.
    const url = await signer(root, 's3').presign(request({ method: 'GET', path: '/', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }), { expiresIn: 604800 });
    (url.query as Record<string, string>)['X-Amz-Expires'] = '604801';
    const r = await send(url as never);
    assert.equal(r.status, 400);
    assert.match(r.text, /<Code>AuthorizationQueryParametersError<\/Code>/);
  });

  test('a signature 20 minutes old is refused as skewed, in each service\'s words', async () => {
    const then = new Date(Date.now() - 20 * 60_000);
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const sts = await send(await signer(root, 'sts').sign(request({ method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }), { signingDate: then }) as never);
    assert.equal(sts.status, 403);
    assert.match(sts.text, /<Code>SignatureDoesNotMatch<\/Code><Message>Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)<\/Message>/);
    const s3 = await send(await signer(root, 's3').sign(request({ method: 'GET', path: '/', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }), { signingDate: then }) as never);
    assert.equal(s3.status, 403);
    assert.match(s3.text, /<Code>RequestTimeTooSkewed<\/Code>/);
  });

  test('S3 UNSIGNED-PAYLOAD requests verify, and virtual-host addressing names the bucket', async () => {
    const headers = { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
    const vhost = `wire-bucket.localhost:${base.port}`;
    const head = await send(await signer(root, 's3').sign(request({ method: 'HEAD', path: '/', headers, host: vhost })) as never);
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('x-amz-bucket-region'), 'us-east-1');
    const missing = await send(await signer(root, 's3').sign(request({ method: 'GET', path: '/', query: { location: '' }, headers, host: `no-such-bucket-here.localhost:${base.port}` })) as never);
    assert.equal(missing.status, 404);
    assert.match(missing.text, /<Code>NoSuchBucket<\/Code>.*<BucketName>no-such-bucket-here<\/BucketName>/s);
  });

  test('a body changed after signing is refused', async () => {
    const signed = await signer(root, 'sts').sign(request({ method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' }));
    const r = await send({ ...signed, body: 'Action=GetCallerIdentity&Version=2011-06-16' } as never);
    assert.equal(r.status, 403);
    assert.match(r.text, /<Code>SignatureDoesNotMatch<\/Code>/);
  });

  test('an unsigned IAM/STS call is refused with MissingAuthenticationToken', async () => {
    const r = await fetch(`${base.origin}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    assert.equal(r.status, 403);
    assert.match(await r.text(), /<Code>MissingAuthenticationToken<\/Code>/);
  });

  test('an inactive access key is refused, and works again once active', async () => {
    const iam = gh.iam(root);
    await iam.send(new CreateUserCommand({ UserName: 'sleepy' }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'sleepy' }))).AccessKey!;
    const creds = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'sleepy', AccessKeyId: k.AccessKeyId, Status: 'Inactive' }));
    await assert.rejects(gh.sts(creds).send(new GetCallerIdentityCommand({})), { name: 'InvalidClientTokenId' });
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'sleepy', AccessKeyId: k.AccessKeyId, Status: 'Active' }));
    assert.equal((await gh.sts(creds).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${gh.account('prod').id}:user/sleepy`);
  });

  test('IAM errors come back in the Query XML shape with the request id', async () => {
    const signed = await signer(root, 'iam').sign(request({ method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetUser&Version=2010-05-08&UserName=nobody' }));
    const r = await send(signed as never);
    assert.equal(r.status, 404);
    const id = r.headers.get('x-amzn-requestid');
    assert.ok(id);
    assert.match(r.text, new RegExp(`<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The user with name nobody cannot be found.</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`));
  });
});

test('an Authorization header with another algorithm is refused with AWS\'s error, never served as anonymous', async () => {
  const gh = await TestGatehouse.start();
  try {
    const auth = 'AWS4-HMAC-SHA255 Credential=AKIAEXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00';
    const s3 = await fetch(`${gh.server.url}/`, { headers: { authorization: auth, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    assert.equal(s3.status, 400);
    assert.match(await s3.text(), /<Code>InvalidRequest<\/Code>/);
    const sts = await fetch(`${gh.server.url}/`, {
      method: 'POST', headers: { authorization: auth.replace('/s3/', '/sts/'), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    assert.equal(sts.status, 400);
    assert.match(await sts.text(), /<Code>IncompleteSignature<\/Code>/);
  } finally {
    await gh.stop();
  }
});
