/**
 * A call to one of a server's own endpoints (/_gatehouse/clock, /reset, /explain), SigV4-signed
 * with an account root's key as they require. Shared by the CLI and gatehouse/testing, so it
 * imports only what the package ships beside dist/testing (dist/core) and its dependencies.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../core/sha256.js';

export interface AdminAnswer { status: number; text: string }

export interface AdminCaller {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export async function adminFetch(caller: AdminCaller, method: 'GET' | 'POST', path: string, body = ''): Promise<AdminAnswer> {
  const endpoint = new URL(caller.endpoint);
  const signer = new SignatureV4({ service: 'gatehouse', region: caller.region, sha256: NodeSha256, credentials: caller.credentials });
  const signed = await signer.sign({
    method, protocol: endpoint.protocol, hostname: endpoint.hostname,
    port: endpoint.port ? Number(endpoint.port) : undefined, path, query: {},
    headers: { host: endpoint.host, 'content-type': 'application/json' }, body,
  });
  const res = await fetch(new URL(path, endpoint), { method, headers: signed.headers as Record<string, string>, body: body || undefined });
  return { status: res.status, text: await res.text() };
}
