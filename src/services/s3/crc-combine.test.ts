import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { Crc32c, Crc64Nvme } from '@aws-sdk/checksums/crc';
import { combinePartCrcs, type CrcAlgorithm } from './crc-combine.js';

async function crcOf(alg: CrcAlgorithm, data: Buffer): Promise<string> {
  if (alg === 'crc32') { const o = Buffer.alloc(4); o.writeUInt32BE(crc32(data) >>> 0); return o.toString('base64'); }
  const c = alg === 'crc32c' ? new Crc32c() : new Crc64Nvme();
  c.update(data);
  return Buffer.from(await c.digest()).toString('base64');
}

for (const alg of ['crc32', 'crc32c', 'crc64nvme'] as const) {
  test(`${alg}: the parts' CRCs combined equal the CRC of the whole`, async () => {
    for (const sizes of [[1], [5, 7], [1024, 1, 0, 333], [70000, 12345, 1]]) {
      const parts = sizes.map((n) => randomBytes(n));
      const combined = combinePartCrcs(alg, await Promise.all(parts.map(async (p) => ({ value: await crcOf(alg, p), size: p.length }))));
      assert.equal(combined, await crcOf(alg, Buffer.concat(parts)), `${alg} ${sizes}`);
    }
  });
}

test('the synchronous CRC-32C and CRC-64/NVME agree with the SDK, also when continued', async () => {
  const { crc32c, crc64nvme } = await import('./crc-combine.js');
  const data = randomBytes(10_000);
  const c32 = Buffer.alloc(4); c32.writeUInt32BE(crc32c(data.subarray(5000), crc32c(data.subarray(0, 5000))));
  assert.equal(c32.toString('base64'), await crcOf('crc32c', data));
  const c64 = Buffer.alloc(8); c64.writeBigUInt64BE(crc64nvme(data.subarray(3), crc64nvme(data.subarray(0, 3))));
  assert.equal(c64.toString('base64'), await crcOf('crc64nvme', data));
});
