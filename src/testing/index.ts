/**
 * gatehouse/testing: a Gatehouse server for a test suite. startGatehouse() runs the built
 * `gatehouse serve --ready-json` as a child process on a free loopback port and a temporary data
 * dir, and hands back what clients need: the endpoint, each account's id and root keys, SDK
 * client settings, environment variables for the AWS CLI or Terraform, and the server's own
 * test controls (clock, reset). See docs/testing.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { adminFetch, type AdminCaller } from './admin-fetch.js';
import type { ReadyLine } from './ready-line.js';

export type { ReadyAccount, ReadyLine } from './ready-line.js';

export interface StartOptions {
  /** account names, or NAME=ACCOUNT_ID for a fixed id (default: utils, prod) */
  accounts?: string[];
  /** loopback port (default 0: a free one) */
  port?: number;
  /** data dir to use and keep (default: a temporary dir, removed by stop()) */
  dataDir?: string;
  /** the first account manages an organization of them all (as `serve --organization`) */
  organization?: boolean;
  /** processes serving requests (default 1; `serve --processes`) */
  processes?: number;
  /** region of the profiles and client settings (default us-east-1) */
  region?: string;
  /** milliseconds to wait for the server to listen (default 30000) */
  startTimeoutMs?: number;
}

export interface Credentials { accessKeyId: string; secretAccessKey: string }

export interface TestAccount {
  id: string;
  /** the account root's access key */
  credentials: Credentials;
  /** its profile name in configFiles */
  profile: string;
}

/** What any `@aws-sdk/client-*` constructor takes: `new S3Client(gh.clientConfig('utils'))`. */
export interface ClientConfig { endpoint: string; region: string; credentials: Credentials }

export interface Gatehouse {
  endpoint: string;
  region: string;
  dataDir: string;
  /** the server's main process */
  pid: number;
  accounts: Record<string, TestAccount>;
  /** with `organization: true` */
  organization?: { id: string; managementAccountId: string };
  /** the AWS config and credentials files, one profile per account */
  configFiles: { configFile: string; credentialsFile: string };
  clientConfig(account: string): ClientConfig;
  /** AWS_* variables for a child process (the AWS CLI, Terraform) acting as the account's root */
  env(account: string): Record<string, string>;
  /** moves the server's clock forward (all its processes), as `gatehouse clock advance` */
  advanceClock(seconds: number): Promise<void>;
  /** back to the estate as started: same accounts and root keys, nothing created since, real time */
  reset(): Promise<void>;
  /** ends the server and its processes; removes the data dir unless it was given */
  stop(): Promise<void>;
}

/** The built command: beside this module in the package (dist/testing → dist/gatehouse.cjs), or the repository's dist when run from its sources. */
function gatehouseCommand(): string {
  const candidates = ['../gatehouse.cjs', '../../dist/gatehouse.cjs'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`gatehouse/testing: the built gatehouse command is missing (looked for ${candidates.join(', ')}); run \`npm run build\``);
  return found;
}

/** Servers still running: ended with this process, however a test run ends. */
const running = new Set<ChildProcess>();
let reaperInstalled = false;
function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (reaperInstalled) return;
  reaperInstalled = true;
  // A server also ends by itself when its IPC channel to this process closes (a killed test run).
  process.on('exit', () => { for (const c of running) killTree(c, 'SIGKILL'); });
}

/** The server and any helper process it started: it leads its own process group where there are groups. */
function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (process.platform !== 'win32' && child.pid) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch { /* gone already */ }
}

/** Resolves once no process of the server's group is left (or after ms: a zombie whose reaper is slow counts as gone). */
async function groupGone(child: ChildProcess, ms: number): Promise<void> {
  if (process.platform === 'win32' || !child.pid) return;
  const end = Date.now() + ms;
  for (;;) {
    try { process.kill(-child.pid, 0); } catch { return; }
    if (Date.now() > end) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

function serveArgs(opts: StartOptions, dataDir: string): string[] {
  const processes = opts.processes ?? 1;
  return [
    'serve', '--ready-json', '--host', '127.0.0.1', '--port', String(opts.port ?? 0), '--data-dir', dataDir,
    '--processes', String(processes), '--region', opts.region ?? 'us-east-1',
    ...(opts.accounts ? ['--accounts', opts.accounts.join(',')] : []),
    ...(opts.organization ? ['--organization'] : []),
  ];
}

export async function startGatehouse(opts: StartOptions = {}): Promise<Gatehouse> {
  const command = gatehouseCommand();
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
  const removeDataDir = () => { if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true }); };
  const child = spawn(process.execPath, [command, ...serveArgs(opts, dataDir)], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: process.platform !== 'win32',
  });
  killOnExit(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-8192); });
  let ready: ReadyLine;
  try {
    ready = await readyLineOf(child, exited, opts.startTimeoutMs ?? 30_000, () => stderr);
  } catch (e) {
    killTree(child, 'SIGKILL');
    await exited;
    removeDataDir();
    throw e;
  }
  // A test that forgets stop() must not keep its process alive: the exit handler ends the server.
  child.unref();
  (child.channel as { unref?(): void } | undefined)?.unref?.();
  for (const s of [child.stdout, child.stderr]) (s as { unref?(): void } | null)?.unref?.();

  const accounts: Record<string, TestAccount> = {};
  for (const a of ready.accounts) accounts[a.name] = { id: a.id, profile: a.profile, credentials: { accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey } };
  const account = (name: string): TestAccount => {
    if (!Object.hasOwn(accounts, name)) throw new Error(`gatehouse/testing: no account '${name}' (accounts: ${Object.keys(accounts).join(', ')})`);
    return accounts[name];
  };
  const clientConfig = (name: string): ClientConfig => ({ endpoint: ready.endpoint, region: ready.region, credentials: { ...account(name).credentials } });
  // The server's own endpoints answer an account root: the first account's.
  const admin: AdminCaller = { endpoint: ready.endpoint, region: ready.region, credentials: account(ready.accounts[0].name).credentials };
  const post = async (path: string, body: object) => {
    const answer = await adminFetch(admin, 'POST', path, JSON.stringify(body));
    if (answer.status !== 200) throw new Error(`gatehouse/testing: ${path} answered ${answer.status}: ${answer.text}`);
  };
  let stopped: Promise<void> | undefined;

  return {
    endpoint: ready.endpoint,
    region: ready.region,
    dataDir,
    pid: ready.pid,
    accounts,
    ...(ready.organization ? { organization: ready.organization } : {}),
    configFiles: { configFile: ready.configFile, credentialsFile: ready.credentialsFile },
    clientConfig,
    env: (name) => {
      const { credentials, profile } = account(name);
      return {
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_REGION: ready.region,
        AWS_DEFAULT_REGION: ready.region,
        AWS_ENDPOINT_URL: ready.endpoint,
        AWS_CONFIG_FILE: ready.configFile,
        AWS_SHARED_CREDENTIALS_FILE: ready.credentialsFile,
        AWS_PROFILE: profile,
        // Nothing to ask an instance metadata service for: the keys are given.
        AWS_EC2_METADATA_DISABLED: 'true',
      };
    },
    advanceClock: (seconds) => post('/_gatehouse/clock', { advanceSeconds: seconds }),
    reset: () => post('/_gatehouse/reset', {}),
    stop: () => (stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        killTree(child, 'SIGTERM');
        const timer = setTimeout(() => killTree(child, 'SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      // Helpers end when the main process goes; none may outlive stop().
      killTree(child, 'SIGKILL');
      await groupGone(child, 3000);
      removeDataDir();
    })()),
  };
}

function readyLineOf(child: ChildProcess, exited: Promise<void>, timeoutMs: number, stderr: () => string): Promise<ReadyLine> {
  return new Promise<ReadyLine>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`gatehouse/testing: the server did not listen within ${timeoutMs} ms\n${stderr()}`)), timeoutMs);
    lines.once('line', (line) => {
      clearTimeout(timer);
      try { resolve(JSON.parse(line) as ReadyLine); } catch { reject(new Error(`gatehouse/testing: the server said ${line}`)); }
    });
    exited.then(() => { clearTimeout(timer); reject(new Error(`gatehouse/testing: the server exited (${child.exitCode ?? child.signalCode})\n${stderr()}`)); });
  });
}
