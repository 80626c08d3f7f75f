/**
 * The TOTP side of virtual MFA devices (RFC 6238 through `otpauth`: SHA-1,
 * six digits, 30-second steps, as AWS's virtual devices use), and the QR code
 * an authenticator app scans, drawn as a PNG without leaving the request's
 * synchronous transaction.
 */
import { deflateSync, crc32 } from 'node:zlib';
import { HOTP, Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

const PERIOD = 30;

export const newSeed = () => new Secret({ size: 20 }).base32;

export const stepAt = (ms: number) => Math.floor(ms / 1000 / PERIOD);

export const codeAt = (seed: string, step: number) =>
  HOTP.generate({ secret: Secret.fromBase32(seed), counter: step, digits: 6, algorithm: 'SHA1' });

/** The first offset d in [-window, window] (nearest first) where code1 is the code of step now+d and code2 of the next. */
export function findConsecutive(seed: string, nowStep: number, code1: string, code2: string, window: number): number | undefined {
  for (let k = 0; k <= window; k++) {
    for (const d of k === 0 ? [0] : [-k, k]) {
      if (codeAt(seed, nowStep + d) === code1 && codeAt(seed, nowStep + d + 1) === code2) return d;
    }
  }
  return undefined;
}

/** The otpauth:// URI authenticator apps read, labelled as AWS labels its devices. */
export function otpauthUri(seed: string, label: string): string {
  return new TOTP({ issuer: 'Amazon Web Services', label, secret: Secret.fromBase32(seed), algorithm: 'SHA1', digits: 6, period: PERIOD }).toString();
}

/** A black-on-white PNG of the QR code of text, 4 pixels a module with a 4-module quiet zone. */
export function qrCodePng(text: string): Buffer {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const modules = qr.modules.size;
  const scale = 4, margin = 4;
  const size = (modules + 2 * margin) * scale;
  const raw = Buffer.alloc(size * (size + 1), 255);
  for (let y = 0; y < size; y++) {
    raw[y * (size + 1)] = 0; // filter: none
    const my = Math.floor(y / scale) - margin;
    for (let x = 0; x < size; x++) {
      const mx = Math.floor(x / scale) - margin;
      const dark = mx >= 0 && my >= 0 && mx < modules && my < modules && qr.modules.get(my, mx);
      if (dark) raw[y * (size + 1) + 1 + x] = 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
