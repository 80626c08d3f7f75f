/**
 * A recording step in front of a server: forwards every request unchanged
 * (raw header names, repeats and Host as sent, body bytes) and keeps a copy,
 * so real clients' signed requests can be replayed and mutated later.
 */
import { createServer, request, type IncomingMessage } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { RawRequest } from '../../src/auth/sigv4/index.js';

export interface Recorded extends RawRequest { body: Buffer; client: string; status: number }

export interface RecordingProxy {
  url: string;
  recorded: Recorded[];
  /** label for requests recorded from now on (which client sent them) */
  label(client: string): void;
  close(): Promise<void>;
}

function headersOf(raw: string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const prev = out[raw[i]];
    out[raw[i]] = prev === undefined ? raw[i + 1] : Array.isArray(prev) ? [...prev, raw[i + 1]] : [prev, raw[i + 1]];
  }
  return out;
}

export async function recordingProxy(target: string): Promise<RecordingProxy> {
  const t = new URL(target);
  const recorded: Recorded[] = [];
  let client = 'unknown';
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const entry: Recorded = { method: req.method!, url: req.url!, rawHeaders: [...req.rawHeaders], body, client, status: 0 };
    const out = request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: headersOf(req.rawHeaders), agent: false }, (up) => {
      entry.status = up.statusCode!;
      recorded.push(entry);
      res.writeHead(up.statusCode!, up.headers);
      up.pipe(res);
    });
    out.on('error', () => { res.writeHead(502); res.end(); });
    out.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, recorded,
    label: (c) => { client = c; },
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}
