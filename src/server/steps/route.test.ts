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
