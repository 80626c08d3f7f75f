/** A large object streams through with bounded memory, both ways (the issue asks for 5 GiB; 320 MiB here keeps the suite quick). */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { TestGatehouse } from './support/gatehouse.js';

const SIZE = 320 * 1024 * 1024;
const CHUNK = 1024 * 1024;

/** SIZE bytes of a repeatable pattern, generated as they are read. */
function generated(md5: ReturnType<typeof createHash>): Readable {
  let sent = 0;
  const block = Buffer.alloc(CHUNK);
  for (let i = 0; i < CHUNK; i += 4) block.writeUInt32BE(i * 2654435761 >>> 0, i);
  return new Readable({
    read() {
      if (sent >= SIZE) return this.push(null);
      const n = Math.min(CHUNK, SIZE - sent);
      const out = Buffer.from(block.subarray(0, n));
      out.writeUInt32BE(sent / CHUNK, 0);
      sent += n;
      md5.update(out);
      this.push(out);
    },
  });
}

let gh: TestGatehouse;
before(async () => { gh = await TestGatehouse.start(); });
after(() => gh.dispose());

test('a 320 MiB object is put and got back with the process RSS growing by far less than its size', { timeout: 300_000 }, async (t) => {
  const s3 = gh.s3(gh.root('prod'));
  await s3.send(new CreateBucketCommand({ Bucket: 'large' }));
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  try {
    const expected = createHash('md5');
    const body = generated(expected);
    const put = await s3.send(new PutObjectCommand({ Bucket: 'large', Key: 'big.bin', Body: body, ContentLength: SIZE }));
    const md5 = expected.digest('hex');
    assert.equal(put.ETag, `"${md5}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'large', Key: 'big.bin' }));
    assert.equal(got.ContentLength, SIZE);
    const h = createHash('md5');
    let n = 0;
    for await (const c of got.Body as Readable) { h.update(c); n += c.length; }
    assert.equal(n, SIZE);
    assert.equal(h.digest('hex'), md5);
  } finally {
    clearInterval(sampler);
  }
  const grewMiB = (peak - base) / 1024 / 1024;
  t.diagnostic(`RSS grew by ${grewMiB.toFixed(0)} MiB`);
  assert.ok(grewMiB < 160, `RSS grew by ${grewMiB.toFixed(0)} MiB for a ${SIZE / 1024 / 1024} MiB object`);
});
