import { parseArgs } from 'node:util';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { resolveTarget, unreachable } from '../target.js';
import { synopsis } from '../usage.js';

/** Calls a running server's clock endpoint, signed with an account root's key from the profiles (see target.ts). */
export async function clockCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      endpoint: { type: 'string' },
      profile: { type: 'string' },
    },
  });
  const [action = 'show', amount] = positionals;
  if (!(action === 'show' || action === 'reset' || (action === 'advance' && amount !== undefined && Number.isFinite(Number(amount))))) {
    process.stderr.write(synopsis('clock'));
    return 2;
  }
  const target = resolveTarget({ dataDir: values['data-dir'], endpoint: values.endpoint, profile: values.profile });
  const endpoint = new URL(target.endpoint);
  const body = action === 'advance' ? JSON.stringify({ advanceSeconds: Number(amount) }) : action === 'reset' ? JSON.stringify({ reset: true }) : '';
  const signer = new SignatureV4({ service: 'gatehouse', region: target.region, sha256: Sha256, credentials: target.credentials });
  const signed = await signer.sign({
    method: action === 'show' ? 'GET' : 'POST', protocol: endpoint.protocol, hostname: endpoint.hostname,
    port: endpoint.port ? Number(endpoint.port) : undefined, path: '/_gatehouse/clock', query: {},
    headers: { host: endpoint.host, 'content-type': 'application/json' }, body,
  });
  const res = await fetch(new URL('/_gatehouse/clock', endpoint), { method: signed.method, headers: signed.headers as Record<string, string>, body: body || undefined })
    .catch((e: unknown) => { throw unreachable(e, target.endpoint) ?? e; });
  const text = await res.text();
  if (!res.ok) throw new Error(`${target.endpoint} answered ${res.status} to profile '${target.profile}' of ${target.credentialsFile}: ${text.replace(/\s+/g, ' ').trim()}`);
  const { now, offsetSeconds } = JSON.parse(text) as { now: string; offsetSeconds: number };
  process.stdout.write(`server time ${now} (offset ${offsetSeconds} s)\n`);
  return 0;
}
