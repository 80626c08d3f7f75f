/**
 * Test helpers (imported only by *.test.ts): a node:http server that records
 * requests exactly as node receives them, so real SDK clients and the real
 * CLI are the oracles, plus SignatureV4 signing the way the SDK does it.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import type { RawRequest } from './types.js';

export const AKID = 'AKIAIOSFODNN7EXAMPLE';
export const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
export const lookup = (id: string) => (id === AKID ? { secretAccessKey: SECRET } : undefined);

export interface Recorder {
  endpoint: string;
  requests: RawRequest[];
  close(): Promise<void>;
}

/** Records every request; answers with `reply` (status 200, given body) so clients finish. */
export async function recorder(reply: (req: IncomingMessage, res: ServerResponse) => void = (_q, s) => s.end()): Promise<Recorder> {
  const requests: RawRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    requests.push({ method: req.method!, url: req.url!, rawHeaders: [...req.rawHeaders], body: Buffer.concat(chunks) });
    reply(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Sign with @smithy/signature-v4 exactly as the SDK's clients configure it. */
export function sdkSigner(service: string, region = 'us-east-1', options: { applyChecksum?: boolean } = {}) {
  const credentials = { accessKeyId: AKID, secretAccessKey: SECRET };
  return new SignatureV4({ service, region, credentials, sha256: Sha256, uriEscapePath: service !== 's3', ...options });
}

/** What node would receive for an HttpRequest sent by the SDK (its query encoding). */
export function toRaw(
  req: { method: string; path: string; query?: Record<string, string | string[] | null>; headers: Record<string, string> },
  body?: Buffer,
): RawRequest {
  const query = Object.entries(req.query ?? {})
    .flatMap(([k, v]): [string, string | null][] => (Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v]]))
    .map(([k, v]) => (v === null ? enc(k) : `${enc(k)}=${enc(v)}`))
    .join('&');
  const rawHeaders = Object.entries(req.headers).flatMap(([k, v]) => [k, v]);
  return { method: req.method, url: req.path + (query ? `?${query}` : ''), rawHeaders, body };
}
const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export const httpRequest = (init: ConstructorParameters<typeof HttpRequest>[0]) => new HttpRequest(init);

/** Replace (or drop, with undefined) every occurrence of a header, keeping order. */
export function withHeader(req: RawRequest, name: string, value: string | undefined): RawRequest {
  const rawHeaders: string[] = [];
  let replaced = false;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i].toLowerCase() !== name.toLowerCase()) rawHeaders.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
    else if (value !== undefined && !replaced) {
      rawHeaders.push(req.rawHeaders[i], value);
      replaced = true;
    }
  }
  if (value !== undefined && !replaced) rawHeaders.push(name, value);
  return { ...req, rawHeaders };
}

export const header = (req: RawRequest, name: string): string | undefined => {
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i].toLowerCase() === name) return req.rawHeaders[i + 1];
  return undefined;
};

/** Rewrite part of the Authorization header (region, service, signature…). */
export const editAuth = (req: RawRequest, from: string | RegExp, to: string): RawRequest =>
  withHeader(req, 'authorization', header(req, 'authorization')!.replace(from, to));

/** Run an AwsError-throwing promise and return the error's code/status/message. */
export async function failure(p: Promise<unknown>): Promise<{ code: string; status: number; message: string; extra: Record<string, string> }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code: string; status: number; message: string; extra: Record<string, string> };
    return { code: err.code, status: err.status, message: err.message, extra: err.extra };
  }
  throw new Error('expected the request to be refused');
}
