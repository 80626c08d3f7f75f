/** The three servers under load, each in its own process on 127.0.0.1. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'ini';
import { freePort, start, waitFor, type Proc } from './procs.js';
import type { Creds } from './sign.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
export const GATEHOUSE_BUNDLE = join(repo, 'bench/.build/gatehouse.cjs');

/**
 * The shipped bundle (scripts/bundle.mjs, command and schema modules), built into
 * bench/.build so a concurrent `npm run build` cannot swap dist/ under the benchmark.
 */
export async function buildGatehouse(outDir = join(repo, 'bench/.build')): Promise<string> {
  const { bundleGatehouse } = (await import(join(repo, 'scripts/bundle.mjs'))) as { bundleGatehouse(out: string): Promise<string> };
  return bundleGatehouse(outDir);
}

export interface Running { name: string; url: string; proc: Proc }

export function spawnGatehouse(port: number, dataDir: string, nodeArgs: string[] = [], entry = GATEHOUSE_BUNDLE, serveArgs: string[] = [], node = process.execPath): Proc {
  return start(node, [...nodeArgs, entry, 'serve', '--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir, '--accounts', 'utils,prod', ...serveArgs]);
}

/** Root keys from the credentials file the server writes once it listens. */
export function readRootKeys(dataDir: string): Record<string, Creds> | undefined {
  const file = join(dataDir, 'aws/credentials');
  if (!existsSync(file)) return undefined;
  const ini = parse(readFileSync(file, 'utf8'));
  const out: Record<string, Creds> = {};
  for (const [name, p] of Object.entries(ini)) {
    const { aws_access_key_id: a, aws_secret_access_key: s } = p as Record<string, string>;
    if (!a || !s) return undefined; // half-written
    out[name] = { accessKeyId: a, secretAccessKey: s };
  }
  return out.utils && out.prod ? out : undefined;
}

export async function startGatehouse(dataDir: string, nodeArgs: string[] = [], serveArgs: string[] = []): Promise<Running & { roots: Record<string, Creds> }> {
  const port = await freePort();
  const proc = spawnGatehouse(port, dataDir, nodeArgs, GATEHOUSE_BUNDLE, serveArgs);
  const roots = await waitFor(proc, 'gatehouse', async () => (proc.output().includes('AWS_SHARED_CREDENTIALS_FILE') ? readRootKeys(dataDir) : undefined), 20_000, 20);
  return { name: 'gatehouse', url: `http://127.0.0.1:${port}`, proc, roots };
}

export function spawnMoto(port: number): Proc {
  return start('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { env: { PYTHONUNBUFFERED: '1' } });
}

export async function startMoto(): Promise<Running> {
  const port = await freePort();
  const proc = spawnMoto(port);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(proc, 'moto', async () => ((await fetch(`${url}/moto-api/`)).ok ? true : undefined), 30_000, 50);
  return { name: 'moto', url, proc };
}

export async function startBare(): Promise<Running> {
  const port = await freePort();
  const proc = start(process.execPath, [join(repo, 'bench/lib/bare-server.mjs'), String(port)]);
  await waitFor(proc, 'bare', async () => (proc.output().includes('bare listening') ? true : undefined), 10_000, 10);
  return { name: 'bare node:http', url: `http://127.0.0.1:${port}`, proc };
}
