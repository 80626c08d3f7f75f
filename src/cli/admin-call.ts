/** A call to one of a running server's own endpoints (/_gatehouse/…), SigV4-signed with a profile's key. */
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { unreachable, type Target } from './target.js';

export interface AdminAnswer { status: number; text: string }

export async function callAdmin(target: Target, method: 'GET' | 'POST', path: string, body = ''): Promise<AdminAnswer> {
  const endpoint = new URL(target.endpoint);
  const signer = new SignatureV4({ service: 'gatehouse', region: target.region, sha256: Sha256, credentials: target.credentials });
  const signed = await signer.sign({
    method, protocol: endpoint.protocol, hostname: endpoint.hostname,
    port: endpoint.port ? Number(endpoint.port) : undefined, path, query: {},
    headers: { host: endpoint.host, 'content-type': 'application/json' }, body,
  });
  const res = await fetch(new URL(path, endpoint), { method, headers: signed.headers as Record<string, string>, body: body || undefined })
    .catch((e: unknown) => { throw unreachable(e, target.endpoint) ?? e; });
  return { status: res.status, text: await res.text() };
}

/** The one line to show for an answer that is not 2xx. */
export const refusal = (target: Target, a: AdminAnswer) =>
  `${target.endpoint} answered ${a.status} to profile '${target.profile}' of ${target.credentialsFile}: ${a.text.replace(/\s+/g, ' ').trim()}`;
