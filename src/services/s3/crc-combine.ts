/**
 * The CRC of two concatenated byte strings from the CRCs of each and the
 * second's length, without the bytes (zlib's crc32_combine, for any
 * reflected CRC with all-ones init and xorout). A multipart upload's
 * FULL_OBJECT checksum is its parts' CRCs combined in order ("Checking
 * object integrity in Amazon S3": full object checksums for multipart uploads).
 */
export type CrcAlgorithm = 'crc32' | 'crc32c' | 'crc64nvme';

/** Reflected polynomials and widths. */
const CRC: Record<CrcAlgorithm, { poly: bigint; width: number }> = {
  crc32: { poly: 0xedb88320n, width: 32 },
  crc32c: { poly: 0x82f63b78n, width: 32 },
  crc64nvme: { poly: 0x9a6c9329ac4bc9b5n, width: 64 },
};

/** a(x)·b(x) mod p(x), in the reflected representation (the top bit is x^0). */
function multModP(a: bigint, b: bigint, poly: bigint, width: number): bigint {
  let m = 1n << BigInt(width - 1);
  let p = 0n;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1n)) === 0n) break;
    }
    m >>= 1n;
    b = b & 1n ? (b >> 1n) ^ poly : b >> 1n;
  }
  return p;
}

const powers = new Map<CrcAlgorithm, bigint[]>();
/** x^(2^k) mod p for k < 64. */
function powerTable(alg: CrcAlgorithm): bigint[] {
  let t = powers.get(alg);
  if (t) return t;
  const { poly, width } = CRC[alg];
  t = [1n << BigInt(width - 2)]; // x^1
  for (let k = 1; k < 64; k++) t.push(multModP(t[k - 1]!, t[k - 1]!, poly, width));
  powers.set(alg, t);
  return t;
}

/** x^(8·bytes) mod p: multiplying by it shifts a CRC over that many zero bytes. */
function shiftFor(alg: CrcAlgorithm, bytes: number): bigint {
  const { poly, width } = CRC[alg];
  const table = powerTable(alg);
  let p = 1n << BigInt(width - 1); // x^0
  let n = BigInt(bytes);
  for (let k = 3; n > 0n; k++, n >>= 1n) if (n & 1n) p = multModP(table[k]!, p, poly, width);
  return p;
}

/** CRC(A‖B) from CRC(A), CRC(B) and |B|. */
export function crcCombine(alg: CrcAlgorithm, crcA: bigint, crcB: bigint, lengthB: number): bigint {
  if (lengthB === 0) return crcA;
  const { poly, width } = CRC[alg];
  return multModP(shiftFor(alg, lengthB), crcA, poly, width) ^ crcB;
}

const bytesOf = (alg: CrcAlgorithm) => CRC[alg].width / 8;

/** The whole object's CRC (base64, big-endian as S3 sends it) from its parts' base64 CRCs and sizes. */
export function combinePartCrcs(alg: CrcAlgorithm, parts: Array<{ value: string; size: number }>): string {
  const n = bytesOf(alg);
  let crc: bigint | undefined;
  for (const part of parts) {
    const v = BigInt(`0x${Buffer.from(part.value, 'base64').toString('hex') || '0'}`);
    crc = crc === undefined ? v : crcCombine(alg, crc, v, part.size);
  }
  const hex = (crc ?? 0n).toString(16).padStart(n * 2, '0');
  return Buffer.from(hex, 'hex').toString('base64');
}

// Byte-at-a-time CRC-32C and CRC-64/NVME, synchronous, continuing from a previous value like zlib's crc32(data, value).
let table32c: Uint32Array | undefined;
let table64hi: Uint32Array | undefined, table64lo: Uint32Array | undefined;

export function crc32c(data: Uint8Array, previous = 0): number {
  if (!table32c) {
    table32c = new Uint32Array(256);
    for (let i = 0; i < 256; i++) { let c = i; for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1; table32c[i] = c >>> 0; }
  }
  let c = ~previous >>> 0;
  for (let i = 0; i < data.length; i++) c = (c >>> 8) ^ table32c[(c ^ data[i]!) & 0xff]!;
  return ~c >>> 0;
}

export function crc64nvme(data: Uint8Array, previous = 0n): bigint {
  if (!table64hi || !table64lo) {
    table64hi = new Uint32Array(256); table64lo = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = BigInt(i);
      for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ CRC.crc64nvme.poly : c >> 1n;
      table64hi[i] = Number(c >> 32n); table64lo[i] = Number(c & 0xffffffffn);
    }
  }
  const start = ~previous & 0xffffffffffffffffn;
  let hi = Number(start >> 32n), lo = Number(start & 0xffffffffn);
  for (let i = 0; i < data.length; i++) {
    const idx = (lo ^ data[i]!) & 0xff;
    lo = (((lo >>> 8) | ((hi & 0xff) << 24)) ^ table64lo[idx]!) >>> 0;
    hi = ((hi >>> 8) ^ table64hi[idx]!) >>> 0;
  }
  return ~((BigInt(hi) << 32n) | BigInt(lo)) & 0xffffffffffffffffn;
}
