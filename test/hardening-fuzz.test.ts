/**
 * Hardening, hostile input: property-based fuzzing (fast-check) of Query
 * parameters (IAM, STS), JSON policy documents (identity, trust and bucket
 * policies) and S3 XML bodies (DeleteObjects, CompleteMultipartUpload,
 * tagging, versioning), validly signed so they reach the parsers. Every answer
 * is below 500 and AWS-shaped, the server keeps serving, and a refused request
 * leaves every table of the store as it was. Oversized bodies and headers and
 * slow clients are in hardening-defaults.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { TestGatehouse, type Credentials } from './support/gatehouse.js';
import { fuzzServer } from './support/fuzz-server.js';
import { errorCode, send, signedHeaders } from './support/raw-http.js';

const RUNS = Number(process.env.GATEHOUSE_FUZZ_RUNS ?? 100);

describe('hostile input', () => {
  let gh: TestGatehouse;
  before(async () => { gh = await TestGatehouse.start(); });
  after(() => gh.dispose());

  test(`${RUNS} × 3 fuzzed requests (Query forms, policy documents, S3 XML): no 5xx, every answer AWS-shaped, refusals change nothing`, { timeout: 600_000 }, async () => {
    const stats = await fuzzServer(gh, RUNS);
    console.log(`# fuzzed ${stats.inputs} requests: ${stats.refused} refused, ${stats.accepted} accepted`);
    assert.equal(stats.inputs, RUNS * 3);
    assert.ok(stats.refused > stats.inputs / 2, 'most hostile inputs are refused');
  });

  test('entity expansion and external entities are refused as MalformedXML without being expanded', async () => {
    const root: Credentials = gh.root('utils');
    const base = gh.server.url;
    await send(base, 'PUT', '/entity-bucket', await signedHeaders(base, root, 's3', 'PUT', '/entity-bucket', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }));
    for (const xml of [
      '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><Tagging><TagSet><Tag><Key>k</Key><Value>&c;</Value></Tag></TagSet></Tagging>',
      '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY e SYSTEM "file:///etc/hostname">]><Tagging><TagSet><Tag><Key>k</Key><Value>&e;</Value></Tag></TagSet></Tagging>',
    ]) {
      const headers = await signedHeaders(base, root, 's3', 'PUT', '/entity-bucket', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-md5': createHash('md5').update(xml).digest('base64') }, xml, { tagging: '' });
      const r = await send(base, 'PUT', '/entity-bucket?tagging', headers, xml);
      assert.equal(r.status, 400);
      assert.equal(errorCode(r.body), 'MalformedXML');
    }
    const tags = await send(base, 'GET', '/entity-bucket?tagging', await signedHeaders(base, root, 's3', 'GET', '/entity-bucket', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, '', { tagging: '' }));
    assert.equal(errorCode(tags.body), 'NoSuchTagSet');
  });

  test('DeleteObjects with an Object that has no Key is MalformedXML, and deletes nothing', async () => {
    const root: Credentials = gh.root('utils');
    const base = gh.server.url;
    await send(base, 'PUT', '/keyless-bucket', await signedHeaders(base, root, 's3', 'PUT', '/keyless-bucket', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }));
    await send(base, 'PUT', '/keyless-bucket/kept', await signedHeaders(base, root, 's3', 'PUT', '/keyless-bucket/kept', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, 'x'), 'x');
    for (const xml of ['<Delete><Object></Object></Delete>', '<Delete><Object><Key>kept</Key></Object><Object><VersionId>v</VersionId></Object></Delete>', `<Delete>${'<Object>'.repeat(50)}${'</Object>'.repeat(50)}</Delete>`]) {
      const headers = await signedHeaders(base, root, 's3', 'POST', '/keyless-bucket', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-md5': createHash('md5').update(xml).digest('base64') }, xml, { delete: '' });
      const r = await send(base, 'POST', '/keyless-bucket?delete', headers, xml);
      assert.equal(r.status, 400, r.body);
      assert.equal(errorCode(r.body), 'MalformedXML');
    }
    const kept = await send(base, 'HEAD', '/keyless-bucket/kept', await signedHeaders(base, root, 's3', 'HEAD', '/keyless-bucket/kept', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }));
    assert.equal(kept.status, 200);
  });
});
