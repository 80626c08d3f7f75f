/**
 * Hardening: the server's memory stays bounded while 16 clients each upload
 * a 64 MiB object at once (1 GiB in flight). Measured as the peak resident
 * memory (VmHWM) of the real server in its own process.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, type Credentials } from './support/gatehouse.js';
import { memoryOf, spawnServer, type ChildServer } from './support/child-server.js';
import { send, signedHeaders } from './support/raw-http.js';

const CLIENTS = 16;
const SIZE = 64 * 1024 * 1024;
const MiB = 1024 * 1024;

/** Streams SIZE bytes of a pattern without holding them, as a client reading a file would. */
function upload(base: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method: 'PUT', path, headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    const block = Buffer.alloc(MiB, path.length % 251);
    let sent = 0;
    const pump = () => {
      while (sent < SIZE) {
        sent += block.length;
        if (!req.write(block)) { req.once('drain', pump); return; }
      }
      req.end();
    };
    pump();
  });
}

describe('memory under concurrent large uploads', () => {
  let dataDir: string;
  let server: ChildServer;
  let root: Credentials;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-memory-'));
    server = await spawnServer(dataDir, ['--accounts', 'utils']);
    root = server.root('utils');
  });
  after(async () => {
    await server.crash();
    cleanup(dataDir);
  });

  test(`${CLIENTS} concurrent ${SIZE / MiB} MiB uploads keep the server's peak RSS far below what is in flight`, { timeout: 240_000 }, async () => {
    const base = server.url;
    const made = await send(base, 'PUT', '/big-uploads', await signedHeaders(base, root, 's3', 'PUT', '/big-uploads', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }));
    assert.equal(made.status, 200, made.body);
    const before = memoryOf(server.pid);
    const uploads = await Promise.all(Array.from({ length: CLIENTS }, async (_, i) => {
      const path = `/big-uploads/object-${i}`;
      const headers = await signedHeaders(base, root, 's3', 'PUT', path, { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-length': String(SIZE) });
      return upload(base, path, headers);
    }));
    for (const u of uploads) assert.equal(u.status, 200, u.body);
    const peak = memoryOf(server.pid).peak;
    const growth = peak - before.now;
    console.log(`# server RSS before ${(before.now / MiB).toFixed(0)} MiB, peak ${(peak / MiB).toFixed(0)} MiB during ${CLIENTS} × ${SIZE / MiB} MiB uploads`);
    // 1 GiB in flight; the server holds a few MiB of buffers per upload at most.
    assert.ok(growth < 256 * MiB, `peak RSS grew by ${(growth / MiB).toFixed(0)} MiB`);
    // And every object arrived whole: its ETag is the MD5 of what was sent.
    const head = await send(base, 'HEAD', '/big-uploads/object-3', await signedHeaders(base, root, 's3', 'HEAD', '/big-uploads/object-3', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }));
    const md5 = createHash('md5');
    const block = Buffer.alloc(MiB, '/big-uploads/object-3'.length % 251);
    for (let s = 0; s < SIZE; s += MiB) md5.update(block);
    assert.equal(head.headers.etag, `"${md5.digest('hex')}"`);
    assert.equal(head.headers['content-length'], String(SIZE));
  });
});
