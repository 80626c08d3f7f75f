/**
 * Random bytes drawn from a pooled buffer: one getrandom call per 4 KiB
 * instead of one per id, key and IV. Each byte is handed out once.
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let next = POOL_BYTES;

export function pooledRandomBytes(n: number): Buffer {
  if (n > POOL_BYTES) return randomFillSync(Buffer.alloc(n));
  if (next + n > POOL_BYTES) {
    randomFillSync(pool);
    next = 0;
  }
  const out = Buffer.from(pool.subarray(next, next + n)); // a copy: the pool is refilled later
  pool.fill(0, next, next + n);
  next += n;
  return out;
}
