/**
 * Test support: the real v3 clients as oracles, with no network. A custom
 * requestHandler captures the request the SDK serialized and answers with
 * whatever our encoder produced, so one round trip checks both directions.
 */
import { Readable } from 'node:stream';
import { HttpResponse } from '@smithy/core/transport';

export interface CapturedRequest {
  method: string;
  hostname: string;
  port?: number;
  /** Raw path as it would go on the wire (still percent-encoded). */
  path: string;
  query: Map<string, string | string[]>;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

export interface OracleResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

interface SdkRequest {
  method: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

async function bodyBytes(body: unknown): Promise<Buffer | undefined> {
  if (body == null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  // A plain view first: the JSON protocols' bodies are Uint8Arrays that also act as strings, and warn when used as one.
  if (body instanceof Uint8Array) return Buffer.from(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
  if (typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const c of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(c));
    return Buffer.concat(chunks);
  }
  throw new Error(`unsupported request body type ${typeof body}`);
}

/** A requestHandler that records each request and replies via `respond`. */
export function oracleHandler(respond: (req: CapturedRequest) => OracleResponse | Promise<OracleResponse>) {
  const seen: CapturedRequest[] = [];
  return {
    seen,
    async handle(request: SdkRequest) {
      const query = new Map<string, string | string[]>();
      for (const [k, v] of Object.entries(request.query ?? {})) query.set(k, v ?? '');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = v;
      const captured: CapturedRequest = {
        method: request.method,
        hostname: request.hostname,
        port: request.port,
        path: request.path,
        query,
        headers,
        body: await bodyBytes(request.body),
      };
      seen.push(captured);
      const out = await respond(captured);
      return {
        response: new HttpResponse({
          statusCode: out.status,
          headers: out.headers ?? {},
          // A stream, as node's http handler gives: streaming outputs (GetObject) insist on one.
          body: Readable.from(out.body === undefined ? [] : [Buffer.from(out.body)]),
        }),
      };
    },
  };
}

export const TEST_CLIENT_CONFIG = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' },
  endpoint: 'http://127.0.0.1:1',
  maxAttempts: 1,
};
