/**
 * Mutations of recorded, validly signed requests: every part SigV4 signs is
 * changed in turn (method, path, each query parameter, each signed header,
 * the Authorization header's credential, scope, signed-header list and
 * signature, a body bit, the date, the session token, a dropped header), and
 * each mutant is judged by the server's own verification entry point
 * (authenticate, plus the chunk verifier for aws-chunked bodies) or over HTTP.
 *
 * Only changes that alter the signed meaning are generated. Forms SigV4 treats
 * as the same request (query parameters in another order, header names in
 * another case, an added unsigned header) are "equivalents", which must still
 * be accepted: they show the refusals come from the changes, not from replay.
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { connect } from 'node:net';
import { isAwsError } from '../../src/core/aws-error.js';
import { authenticate } from '../../src/server/steps/authenticate.js';
import { route } from '../../src/server/steps/route.js';
import { createChunkVerifier, type RawRequest } from '../../src/auth/sigv4/index.js';
import type { Runtime } from '../../src/server/runtime.js';
import type { Recorded } from './recording-proxy.js';

export type Family = 's3' | 'query';
export interface Mutant { kind: string; raw: RawRequest & { body: Buffer }; expect?: readonly string[] }

export const QUERY_REFUSALS = ['SignatureDoesNotMatch', 'IncompleteSignature', 'InvalidClientTokenId', 'MissingAuthenticationToken'] as const;
export const S3_REFUSALS = [
  'SignatureDoesNotMatch', 'AuthorizationHeaderMalformed', 'AuthorizationQueryParametersError', 'InvalidAccessKeyId', 'InvalidToken',
  'AccessDenied', 'RequestTimeTooSkewed', 'InvalidArgument', 'InvalidRequest', 'XAmzContentSHA256Mismatch', 'MalformedTrailerError', 'IncompleteBody',
] as const;
const BAD_KEY = ['InvalidClientTokenId', 'InvalidAccessKeyId', 'InvalidToken'];

export function familyOf(raw: RawRequest): Family {
  const headers: Record<string, string> = {};
  for (let i = 0; i < raw.rawHeaders.length; i += 2) headers[raw.rawHeaders[i].toLowerCase()] ??= raw.rawHeaders[i + 1];
  return route(raw.method, raw.url, headers).family === 'query' ? 'query' : 's3';
}

const headerIndex = (raw: string[], name: string) => {
  for (let i = 0; i < raw.length; i += 2) if (raw[i].toLowerCase() === name) return i;
  return -1;
};
export const headerValue = (raw: string[], name: string) => { const i = headerIndex(raw, name); return i < 0 ? undefined : raw[i + 1]; };

/** A different character in the same place: never whitespace, never one SigV4 would treat as the same. */
function others(c: string): string[] {
  const pool = ['A', 'b', '7', 'Z'];
  return pool.filter((x) => x !== c).slice(0, 3);
}

function signedHeaderNames(r: Recorded): string[] {
  const auth = headerValue(r.rawHeaders, 'authorization');
  if (auth) return /SignedHeaders=([^,\s]+)/.exec(auth)?.[1].split(';') ?? [];
  const m = /[?&]X-Amz-SignedHeaders=([^&]*)/.exec(r.url);
  return m ? decodeURIComponent(m[1]).split(';') : [];
}

function withHeader(r: Recorded, name: string, value: string | undefined, kind: string, expect?: readonly string[]): Mutant {
  const raw = [...r.rawHeaders];
  const i = headerIndex(raw, name);
  if (value === undefined) { if (i >= 0) raw.splice(i, 2); } else if (i >= 0) raw[i + 1] = value; else raw.push(name, value);
  return { kind, raw: { method: r.method, url: r.url, rawHeaders: raw, body: r.body }, expect };
}

const withUrl = (r: Recorded, url: string, kind: string, expect?: readonly string[]): Mutant =>
  ({ kind, raw: { method: r.method, url, rawHeaders: [...r.rawHeaders], body: r.body }, expect });

/** Every single-part mutation of one recorded request. */
export function* mutationsOf(r: Recorded): Generator<Mutant> {
  const family = familyOf(r);
  const q = r.url.indexOf('?');
  const path = q < 0 ? r.url : r.url.slice(0, q);
  const parts = q < 0 ? [] : r.url.slice(q + 1).split('&');
  const rebuild = (p: string, ps: string[]) => (ps.length ? `${p}?${ps.join('&')}` : p);
  const presigned = parts.some((p) => p.startsWith('X-Amz-Signature='));
  const sigExpect = ['SignatureDoesNotMatch'];

  // The method.
  for (const m of ['GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'PATCH']) {
    if (m !== r.method) yield { kind: 'method', raw: { method: m, url: r.url, rawHeaders: [...r.rawHeaders], body: r.body }, expect: sigExpect };
  }

  // The path: every character changed, characters inserted, other paths altogether.
  for (let i = 1; i < path.length; i++) {
    if (path[i] === '/' || path[i] === '%' || path[i - 1] === '%' || (i > 1 && path[i - 2] === '%')) continue;
    for (const c of others(path[i])) yield withUrl(r, rebuild(path.slice(0, i) + c + path.slice(i + 1), parts), 'path', sigExpect);
    yield withUrl(r, rebuild(path.slice(0, i) + 'q' + path.slice(i), parts), 'path', sigExpect);
  }
  // The path's encoding: each escape made another byte, or encoded twice; '%20' as '+' (a plus in a path).
  for (const e of path.matchAll(/%[0-9A-Fa-f]{2}/g)) yield* escapeMutations(path, e.index!, (p) => withUrl(r, rebuild(p, parts), 'path-encoding', sigExpect), true);
  // (For IAM and STS, '//' is the same canonical path as '/': SigV4 drops empty segments of non-S3 paths.)
  for (const p of family === 's3' ? [path + 'x', path + '/', path + '%20'] : ['/x', '/%2F', '/%20', '/index', '/./x']) {
    yield withUrl(r, rebuild(p, parts), 'path', sigExpect);
  }

  // Each query parameter: dropped, repeated, its value changed at every character, renamed; values swapped; one added.
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    const expectFor = name === 'X-Amz-Signature' ? sigExpect : undefined;
    yield withUrl(r, rebuild(path, parts.filter((_, j) => j !== i)), `query-drop:${name}`);
    yield withUrl(r, rebuild(path, [...parts.slice(0, i + 1), `${name}=x`, ...parts.slice(i + 1)]), `query-repeat:${name}`);
    yield withUrl(r, rebuild(path, parts.map((p, j) => (j === i ? `${name}X=${value}` : p))), `query-rename:${name}`);
    for (let c = 0; c < value.length; c++) {
      if (value[c] === '%' || value[c - 1] === '%' || value[c - 2] === '%') continue;
      for (const o of others(value[c])) {
        yield withUrl(r, rebuild(path, parts.map((p, j) => (j === i ? `${name}=${value.slice(0, c)}${o}${value.slice(c + 1)}` : p))), `query-value:${name}`, expectFor);
      }
    }
    yield withUrl(r, rebuild(path, parts.map((p, j) => (j === i ? `${name}=${value}x` : p))), `query-value:${name}`, expectFor);
    for (const e of value.matchAll(/%[0-9A-Fa-f]{2}/g)) {
      yield* escapeMutations(value, e.index!, (v) => withUrl(r, rebuild(path, parts.map((p, j) => (j === i ? `${name}=${v}` : p))), `query-encoding:${name}`, expectFor));
    }
  }
  if (parts.length >= 2) {
    for (let i = 0; i + 1 < parts.length; i++) {
      const [a, b] = [parts[i].split('='), parts[i + 1].split('=')];
      if ((a[1] ?? '') === (b[1] ?? '') || a[0] === 'X-Amz-Signature' || b[0] === 'X-Amz-Signature') continue;
      const swapped = [...parts];
      swapped[i] = `${a[0]}=${b[1] ?? ''}`;
      swapped[i + 1] = `${b[0]}=${a[1] ?? ''}`;
      yield withUrl(r, rebuild(path, swapped), 'query-swap');
    }
  }
  yield withUrl(r, rebuild(path, [...parts, 'x-extra=1']), 'query-add');

  // Presigned URLs: the expiry past its limit, and the date moved out of the window.
  if (presigned) {
    const setParam = (n: string, v: string) => rebuild(path, parts.map((p) => (p.startsWith(`${n}=`) ? `${n}=${v}` : p)));
    if (family === 's3') {
      yield withUrl(r, setParam('X-Amz-Expires', '604801'), 'presign-expires-over-7-days', ['AuthorizationQueryParametersError']);
      yield withUrl(r, setParam('X-Amz-Expires', '-1'), 'presign-expires-negative', ['AuthorizationQueryParametersError']);
      yield withUrl(r, setParam('X-Amz-Expires', '0'), 'presign-expired', ['AccessDenied']);
    }
    const date = /X-Amz-Date=(\d{8}T\d{6}Z)/.exec(r.url)?.[1];
    if (date) {
      for (const shift of [-1, 1, -3600 * 24 * 8, 3600]) yield withUrl(r, setParam('X-Amz-Date', shiftDate(date, shift)), 'date');
    }
  }

  // Each signed header: every character changed, dropped, repeated; the Authorization header part by part.
  const signed = signedHeaderNames(r);
  for (const name of signed) {
    const value = headerValue(r.rawHeaders, name);
    if (value === undefined) continue;
    const expect = name === 'x-amz-security-token' ? [...sigExpect, ...BAD_KEY]
      : name === 'x-amz-date' ? undefined
      : name === 'x-amz-content-sha256' ? [...sigExpect, 'InvalidArgument', 'InvalidRequest', 'XAmzContentSHA256Mismatch', 'IncompleteBody']
      : sigExpect;
    for (let c = 0; c < value.length; c++) {
      if (value[c] === ' ') continue;
      for (const o of others(value[c])) yield withHeader(r, name, value.slice(0, c) + o + value.slice(c + 1), `header-value:${name}`, expect);
    }
    yield withHeader(r, name, `${value}x`, `header-value:${name}`, expect);
    yield withHeader(r, name, undefined, `header-drop:${name}`);
    const dup = withHeader(r, name, value, `header-repeat:${name}`);
    dup.raw.rawHeaders.push(name, 'x');
    yield dup;
  }
  const auth = headerValue(r.rawHeaders, 'authorization');
  if (auth) yield* authorizationMutations(r, auth);

  // Dates moved by a second, and out of the 15-minute window.
  const amzDate = headerValue(r.rawHeaders, 'x-amz-date');
  if (amzDate && !presigned) {
    for (const shift of [-1, 1, -16 * 60, 16 * 60, -3600 * 24]) yield withHeader(r, 'x-amz-date', shiftDate(amzDate, shift), 'date');
  }

  // A bit of the body, where the body is signed: IAM/STS always, S3 when x-amz-content-sha256 is its hash or chunks are signed.
  const payload = headerValue(r.rawHeaders, 'x-amz-content-sha256');
  const bodySigned = family === 'query' || (payload !== undefined && (/^[0-9a-f]{64}$/.test(payload) || payload.startsWith('STREAMING-AWS4-HMAC-SHA256-PAYLOAD')));
  if (bodySigned && r.body.length > 0) {
    const expect = family === 'query' ? sigExpect : payload!.startsWith('STREAMING') ? ['SignatureDoesNotMatch', 'IncompleteBody', 'MalformedTrailerError', 'InvalidArgument'] : ['XAmzContentSHA256Mismatch'];
    const streaming = payload?.startsWith('STREAMING') ?? false;
    // Every bit of a small body; of a larger one, its first and last 512 bytes and every 61st byte between.
    const positions = r.body.length <= 1024 ? [...r.body.keys()] : [...r.body.keys()].filter((b) => b < 512 || b >= r.body.length - 512 || b % 61 === 0);
    for (const b of positions) {
      for (let bit = 0; bit < 8; bit++) {
        // Chunk signatures are hex, compared case-insensitively: a letter's case bit is no change.
        if (streaming && bit === 5 && /[a-fA-F]/.test(String.fromCharCode(r.body[b]))) continue;
        const body = Buffer.from(r.body);
        body[b] ^= 1 << bit;
        yield { kind: 'body-bit', raw: { method: r.method, url: r.url, rawHeaders: [...r.rawHeaders], body }, expect };
      }
    }
  }
}

function* authorizationMutations(r: Recorded, auth: string): Generator<Mutant> {
  const m = /^(\S+) Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/.exec(auth);
  if (!m) throw new Error(`unexpected Authorization header: ${auth}`);
  const [, alg, akid, day, region, service, term, sh, sig] = m;
  const build = (o: Partial<Record<'alg' | 'akid' | 'day' | 'region' | 'service' | 'term' | 'sh' | 'sig', string>>) =>
    `${o.alg ?? alg} Credential=${o.akid ?? akid}/${o.day ?? day}/${o.region ?? region}/${o.service ?? service}/${o.term ?? term}, SignedHeaders=${o.sh ?? sh}, Signature=${o.sig ?? sig}`;
  const set = (v: string, kind: string, expect?: readonly string[]) => withHeader(r, 'authorization', v, kind, expect);
  const hex = '0123456789abcdef';
  for (let i = 0; i < sig.length; i++) {
    for (const h of hex) if (h !== sig[i]) yield set(build({ sig: sig.slice(0, i) + h + sig.slice(i + 1) }), 'signature', ['SignatureDoesNotMatch']);
  }
  yield set(build({ sig: sig.toUpperCase() }), 'signature', ['SignatureDoesNotMatch']);
  yield set(build({ sig: sig.slice(0, -1) }), 'signature', ['SignatureDoesNotMatch']);
  yield set(build({ sig: `${sig}0` }), 'signature', ['SignatureDoesNotMatch']);
  for (let i = 0; i < akid.length; i++) for (const o of others(akid[i])) yield set(build({ akid: akid.slice(0, i) + o + akid.slice(i + 1) }), 'access-key-id', BAD_KEY);
  for (let i = 0; i < day.length; i++) yield set(build({ day: day.slice(0, i) + ((+day[i] + 1) % 10) + day.slice(i + 1) }), 'scope-date');
  for (const reg of ['us-west-2', 'eu-west-1', region.toUpperCase(), `${region}x`, 'aws-global']) if (reg !== region) yield set(build({ region: reg }), 'region');
  for (const svc of ['iam', 'sts', 's3', 'ec2', 'gatehouse', `${service}x`]) if (svc !== service) yield set(build({ service: svc }), 'service');
  yield set(build({ term: 'aws4_requesx' }), 'scope-terminator');
  yield set(build({ term: 'aws4' }), 'scope-terminator');
  const names = sh.split(';');
  for (let i = 0; i < names.length; i++) yield set(build({ sh: names.filter((_, j) => j !== i).join(';') }), 'signed-headers-drop');
  yield set(build({ sh: [...names, 'x-unsent'].sort().join(';') }), 'signed-headers-add');
  for (const a of ['AWS4-HMAC-SHA512', 'AWS4-ECDSA-P256-SHA256', 'AWS3', 'aws4-hmac-sha256']) yield set(build({ alg: a }), 'algorithm');
}

/**
 * The escape at index i of text made another byte (its low digit moved), encoded twice, and in a path '%20'
 * written as '+' (a plus in a path; in a query '+' may be read as a space, so it is left out there).
 */
function* escapeMutations(text: string, i: number, mutant: (changed: string) => Mutant, inPath = false): Generator<Mutant> {
  const other = ((parseInt(text[i + 2], 16) + 1) % 16).toString(16).toUpperCase();
  yield mutant(text.slice(0, i + 2) + other + text.slice(i + 3));
  yield mutant(`${text.slice(0, i)}%25${text.slice(i + 1)}`);
  if (inPath && text.slice(i, i + 3) === '%20') yield mutant(`${text.slice(0, i)}+${text.slice(i + 3)}`);
}

function shiftDate(longDate: string, seconds: number): string {
  const d = new Date(Date.UTC(+longDate.slice(0, 4), +longDate.slice(4, 6) - 1, +longDate.slice(6, 8), +longDate.slice(9, 11), +longDate.slice(11, 13), +longDate.slice(13, 15)) + seconds * 1000);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** Forms SigV4 treats as the same request: they must still be accepted. */
export function* equivalentsOf(r: Recorded): Generator<Mutant> {
  yield { kind: 'replay', raw: { method: r.method, url: r.url, rawHeaders: [...r.rawHeaders], body: r.body } };
  const q = r.url.indexOf('?');
  if (q >= 0) {
    const parts = r.url.slice(q + 1).split('&');
    if (parts.length > 1) yield withUrl(r, `${r.url.slice(0, q)}?${[...parts].reverse().join('&')}`, 'query-reordered');
  }
  if (familyOf(r) === 'query' && r.url.startsWith('/')) yield withUrl(r, `/${r.url}`, 'empty-path-segment');
  const upper = [...r.rawHeaders];
  for (let i = 0; i < upper.length; i += 2) upper[i] = upper[i].toUpperCase();
  yield { kind: 'header-names-upper-case', raw: { method: r.method, url: r.url, rawHeaders: upper, body: r.body } };
  yield { kind: 'unsigned-header-added', raw: { method: r.method, url: r.url, rawHeaders: [...r.rawHeaders, 'User-Agent-Extra', 'x'], body: r.body } };
}

export interface Verdict { accepted: boolean; code?: string; status?: number; message?: string }

/**
 * The server's verification of a request, in process: what app.ts does before
 * any operation runs (authenticate), and for aws-chunked bodies the chunk
 * verifier over the whole body.
 */
export async function verifyInProcess(rt: Runtime, raw: RawRequest & { body: Buffer }): Promise<Verdict> {
  const family = familyOf(raw);
  const signed = /^AWS4-HMAC-SHA256/.test(headerValue(raw.rawHeaders, 'authorization') ?? '') || /[?&]X-Amz-Algorithm=/.test(raw.url);
  // Unsigned: IAM/STS refuse it; S3 treats it as the anonymous principal, never the signer.
  if (!signed) return family === 'query' ? { accepted: false, code: 'MissingAuthenticationToken', status: 403 } : { accepted: false, code: 'Anonymous' };
  const payload = headerValue(raw.rawHeaders, 'x-amz-content-sha256') ?? '';
  const streaming = family === 's3' && payload.startsWith('STREAMING-');
  try {
    const { verified } = await authenticate({ ...raw, body: streaming ? undefined : raw.body }, family, rt.store, rt.clock, rt.sealingKey, rt.credentials);
    if (streaming) {
      await pipeline(Readable.from([raw.body]), createChunkVerifier(verified), new Writable({ write: (_c, _e, done) => done() }));
    }
    return { accepted: true };
  } catch (e) {
    if (!isAwsError(e)) throw e;
    return { accepted: false, code: e.code, status: e.status, message: e.message };
  }
}

/** Sends exactly these bytes (request line, raw headers, body) and reads the answer. */
export function sendRaw(base: string, raw: RawRequest & { body: Buffer }): Promise<{ status: number; text: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const s = connect(Number(u.port), u.hostname);
    const lines = [`${raw.method} ${raw.url} HTTP/1.1`];
    for (let i = 0; i < raw.rawHeaders.length; i += 2) {
      const n = raw.rawHeaders[i].toLowerCase();
      if (n === 'content-length' || n === 'transfer-encoding' || n === 'connection') continue;
      lines.push(`${raw.rawHeaders[i]}: ${raw.rawHeaders[i + 1]}`);
    }
    lines.push(`Content-Length: ${raw.body.length}`, 'Connection: close');
    const chunks: Buffer[] = [];
    s.on('data', (d: Buffer) => chunks.push(d));
    s.on('close', () => {
      // Interim 1xx answers (100 Continue) come before the real one.
      const text = Buffer.concat(chunks).toString('utf8').replace(/^(HTTP\/1\.1 1\d\d [^\r]*\r\n(?:[^\r]+\r\n)*\r\n)+/, '');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
    s.on('error', reject);
    s.write(`${lines.join('\r\n')}\r\n\r\n`);
    s.end(raw.body);
  });
}

