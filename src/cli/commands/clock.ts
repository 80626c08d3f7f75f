import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { parse as parseIni } from 'ini';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { DEFAULT_DATA_DIR } from '../../server/start.js';

/** Calls a running server's clock endpoint, signed with an account root's key from the data dir's profiles. */
export async function clockCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: {
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
      endpoint: { type: 'string' },
      profile: { type: 'string' },
    },
  });
  const [action = 'show', amount] = positionals;
  if (!(action === 'show' || action === 'reset' || (action === 'advance' && amount !== undefined && Number.isFinite(Number(amount))))) {
    process.stderr.write('usage: gatehouse clock show | advance SECONDS | reset [--data-dir D] [--endpoint URL] [--profile NAME]\n');
    return 2;
  }
  const dir = resolve(values['data-dir']!);
  const credentials = parseIni(readFileSync(join(dir, 'aws', 'credentials'), 'utf8')) as Record<string, Record<string, string>>;
  const config = parseIni(readFileSync(join(dir, 'aws', 'config'), 'utf8')) as Record<string, Record<string, string>>;
  const profile = values.profile ?? Object.keys(credentials)[0];
  const creds = credentials[profile];
  if (!creds?.aws_access_key_id) throw new Error(`no credentials for profile '${profile}' in ${dir}/aws/credentials`);
  const endpoint = new URL(values.endpoint ?? config[`profile ${profile}`]?.endpoint_url ?? 'http://127.0.0.1:4566');
  const body = action === 'advance' ? JSON.stringify({ advanceSeconds: Number(amount) }) : action === 'reset' ? JSON.stringify({ reset: true }) : '';
  const signer = new SignatureV4({
    service: 'gatehouse', region: 'us-east-1', sha256: Sha256,
    credentials: { accessKeyId: creds.aws_access_key_id, secretAccessKey: creds.aws_secret_access_key! },
  });
  const signed = await signer.sign({
    method: action === 'show' ? 'GET' : 'POST', protocol: endpoint.protocol, hostname: endpoint.hostname,
    port: endpoint.port ? Number(endpoint.port) : undefined, path: '/_gatehouse/clock', query: {},
    headers: { host: endpoint.host, 'content-type': 'application/json' }, body,
  });
  const res = await fetch(new URL('/_gatehouse/clock', endpoint), { method: signed.method, headers: signed.headers as Record<string, string>, body: body || undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`server answered ${res.status}: ${text}`);
  const { now, offsetSeconds } = JSON.parse(text) as { now: string; offsetSeconds: number };
  process.stdout.write(`server time ${now} (offset ${offsetSeconds} s)\n`);
  return 0;
}
