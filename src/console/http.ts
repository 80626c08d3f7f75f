/** Small HTTP helpers of the console's server side: JSON answers, bounded bodies, AWS-shaped errors. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What every console answer carries: no caching of identities, no sniffing, no framing. */
export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** An error the console API shows as it is: AWS's code and message (or the console's own, for sign-in). */
export class ConsoleError extends Error {
  constructor(readonly code: string, message: string, readonly status: number, readonly extra: Record<string, unknown> = {}) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string | string[]> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(body)), ...headers,
  });
  res.end(body);
}

export function sendError(res: ServerResponse, e: ConsoleError, headers: Record<string, string | string[]> = {}): void {
  sendJson(res, e.status, { code: e.code, message: e.message, ...e.extra }, headers);
}

/** Reads a body up to limit bytes; more is refused rather than buffered. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const tooLarge = (limit: number) => new ConsoleError('EntityTooLarge', `The request body is larger than ${limit} bytes.`, 413);

/** A JSON object body; anything else is a 400. */
export async function readJson(req: IncomingMessage, limit = 64 * 1024): Promise<Record<string, unknown>> {
  const text = (await readBody(req, limit)).toString('utf8');
  try {
    const v = JSON.parse(text || '{}');
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch { /* answered below */ }
  throw new ConsoleError('ValidationError', 'The request body must be a JSON object.', 400);
}

export function stringField(body: Record<string, unknown>, name: string, required = true): string | undefined {
  const v = body[name];
  if (v === undefined || v === null || v === '') {
    if (required) throw new ConsoleError('ValidationError', `${name} is required.`, 400);
    return undefined;
  }
  if (typeof v !== 'string' || v.length > 4096) throw new ConsoleError('ValidationError', `${name} must be a string.`, 400);
  return v;
}
