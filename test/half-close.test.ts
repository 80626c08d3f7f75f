/**
 * A client that half-closes its connection once its request is sent (a FIN right after the body, as a raw
 * socket's end(request) does) still reads the answer, with one process or several (`serve --processes`,
 * where the connection is handed to a helper). Node's default on that FIN aborts the request and ends the
 * socket, so an answer written later (an S3 PUT, answered after its body is stored) was lost: no bytes at all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { cleanEnv, cleanup } from './support/gatehouse.js';
import { spawnServer } from './support/child-server.js';

/** Sends a signed S3 request and half-closes at once; resolves with every byte the server wrote before closing. */
async function sendAndHalfClose(url: string, credentials: { accessKeyId: string; secretAccessKey: string }, method: string, path: string, body: Buffer): Promise<string> {
  const u = new URL(url);
  const signer = new SignatureV4({ service: 's3', region: 'us-east-1', sha256: Sha256, credentials, uriEscapePath: false });
  const signed = await signer.sign({ method, protocol: 'http:', hostname: u.hostname, port: Number(u.port), path, headers: { host: u.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body });
  return new Promise((resolve, reject) => {
    const s = connect(Number(u.port), u.hostname);
    const head = [`${method} ${path} HTTP/1.1`, ...Object.entries(signed.headers).map(([k, v]) => `${k}: ${v}`), `Content-Length: ${body.length}`, 'Connection: close'];
    const chunks: Buffer[] = [];
    s.on('data', (d: Buffer) => chunks.push(d));
    s.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    s.on('error', reject);
    s.write(`${head.join('\r\n')}\r\n\r\n`);
    s.end(body);
  });
}

for (const processes of ['1', '2']) {
  test(`serve --processes ${processes}: a client that half-closes after its request reads the answer`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-half-close-'));
    const server = await spawnServer(dataDir, ['--processes', processes, '--accounts', 'utils'], cleanEnv());
    try {
      const root = server.root('utils');
      const bucket = `half-close-${processes}-${Date.now()}`;
      assert.match(await sendAndHalfClose(server.url, root, 'PUT', `/${bucket}`, Buffer.alloc(0)), /^HTTP\/1\.1 200 /);
      // Several, so some reach a helper: the main process hands connections out in turn once helpers run.
      for (let i = 0; i < 6; i++) {
        const put = await sendAndHalfClose(server.url, root, 'PUT', `/${bucket}/k${i}`, Buffer.from(`body ${i}`));
        assert.match(put, /^HTTP\/1\.1 200 /, `PUT k${i}: ${JSON.stringify(put.slice(0, 200))}`);
      }
      const refused = await sendAndHalfClose(server.url, root, 'PUT', `/no-such-bucket-${Date.now()}/k`, Buffer.from('x'));
      assert.match(refused, /^HTTP\/1\.1 404 [\s\S]*<Code>NoSuchBucket<\/Code>/);
    } finally {
      await server.crash();
      cleanup(dataDir);
    }
  });
}
