import { test } from 'node:test';
import assert from 'node:assert/strict';
import { originForm } from './route.js';

test('absolute-form request targets (a client talking to a proxy) are served as their path', () => {
  assert.equal(originForm('http://123456789012.127.0.0.1:4566/v20180820/configuration/publicAccessBlock'), '/v20180820/configuration/publicAccessBlock');
  assert.equal(originForm('http://127.0.0.1:4566?list-type=2'), '/?list-type=2');
  assert.equal(originForm('/b/http://x'), '/b/http://x');
});

test('credentialOf reads the Credential field exactly as /Credential=([^,\\s]+)/ does', async () => {
  const { credentialOf } = await import('./route.js');
  const fc = (await import('fast-check')).default;
  const reference = (h: string) => h.match(/Credential=([^,\s]+)/)?.[1];
  const piece = fc.constantFrom('Credential=', 'AKIA1/20261126/us-east-1/sts/aws4_request', ',', ' ', '\t', '\u00a0', '\u2028', '\ufeff', 'x', '=', 'Credential', 'SignedHeaders=host');
  fc.assert(fc.property(fc.array(piece, { maxLength: 8 }).map((a) => a.join('')), (h) => {
    assert.equal(credentialOf(h), reference(h), JSON.stringify(h));
  }), { numRuns: 20_000 });
  const real = 'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261126/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc';
  assert.equal(credentialOf(real), 'AKIAEXAMPLE/20261126/us-east-1/sts/aws4_request');
});

test('scopeService names the fourth field of the credential, as split("/")[3] does', async () => {
  const { scopeService } = await import('./route.js');
  const fc = (await import('fast-check')).default;
  const piece = fc.constantFrom('/', 'a', 'sts', 'AKIA1', '', '20261126');
  fc.assert(fc.property(fc.array(piece, { maxLength: 9 }).map((a) => a.join('')), (cred) => {
    const header = `AWS4-HMAC-SHA256 Credential=${cred}, SignedHeaders=host`;
    const expected = header.match(/Credential=([^,\s]+)/)?.[1]?.split('/')[3];
    assert.equal(scopeService('/', header), expected, cred);
  }), { numRuns: 5_000 });
  assert.equal(scopeService('/?X-Amz-Credential=AKIA1%2F20261126%2Fus-east-1%2Fs3%2Faws4_request', undefined), 's3');
});

test('route: each family recognises its own requests, signed by credential scope or unsigned by their marks', async () => {
  const { route } = await import('./route.js');
  const auth = (service: string) => ({ authorization: `AWS4-HMAC-SHA256 Credential=AKIA1/20261126/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=x` });
  const json = { 'content-type': 'application/x-amz-json-1.1' };
  const cases: Array<[string, string, Record<string, string>, string, string]> = [
    ['POST', '/', auth('iam'), 'query', 'iam'],
    ['POST', '/', auth('sts'), 'query', 'sts'],
    ['POST', '/', { ...auth('organizations'), ...json, 'x-amz-target': 'AWSOrganizationsV20161128.ListAccounts' }, 'json', 'organizations'],
    // Signed for Organizations without a target: the JSON family refuses it (UnknownOperationException), not S3.
    ['POST', '/', auth('organizations'), 'json', 'organizations'],
    ['GET', '/bucket', auth('s3'), 'rest-xml', 's3'],
    ['GET', '/?Action=GetCallerIdentity', {}, 'query', 'sts'],
    ['POST', '/', { 'content-type': 'application/x-www-form-urlencoded' }, 'query', 'sts'],
    ['POST', '/', { 'content-type': 'application/x-www-form-urlencoded', host: 'b.s3.example.com' }, 'rest-xml', 's3'],
    ['POST', '/', { ...json, 'x-amz-target': 'AWSOrganizationsV20161128.ListAccounts' }, 'json', 'organizations'],
    // A target of no JSON service Gatehouse has, or none: the anonymous S3 request it looks like.
    ['POST', '/', { ...json, 'x-amz-target': 'DynamoDB_20120810.ListTables' }, 'rest-xml', 's3'],
    ['POST', '/', json, 'rest-xml', 's3'],
    ['GET', '/_gatehouse/clock', auth('sts'), 'admin', 'gatehouse'],
  ];
  for (const [method, url, headers, family, service] of cases) {
    assert.deepEqual(route(method, url, headers), { family, service }, `${method} ${url} ${JSON.stringify(headers)}`);
  }
});
