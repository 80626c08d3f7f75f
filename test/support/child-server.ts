/**
 * The real server as its own process (the shipped bundle, or the sources
 * through tsx before a build), for tests that kill it, restart it, or
 * measure its memory.
 *
 * The server leads its own process group (spawned detached), so `crash()`
 * kills it together with any helper process it started, as `kill -9` of a
 * whole service would; every group still alive when the test process exits
 * is killed the same way, so a failed or interrupted test leaves nothing running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BroadcastChannel, isMainThread } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { parse as parseIni } from 'ini';
import type { Credentials } from './gatehouse.js';
import { processTree } from './process-tree.js';

const BUNDLE = fileURLToPath(new URL('../../dist/gatehouse.cjs', import.meta.url));
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
export const GATEHOUSE_COMMAND = existsSync(BUNDLE) ? [BUNDLE] : ['--import', 'tsx', MAIN];

export interface ChildServer {
  url: string;
  pid: number;
  child: ChildProcess;
  /** what the server printed on stdout up to its export lines (accounts, profiles) */
  banner: string;
  stderr(): string;
  /** root credentials of an account, from the data dir's profile files */
  root(account: string): Credentials;
  exited: Promise<number | null>;
  /** SIGKILL to the server's whole process group (it and any process it spawned); resolves once the server has exited */
  crash(): Promise<void>;
}

/**
 * Process groups of every server spawned: killed when this process exits. A
 * group stays listed after its leader exits, since helpers may outlive it (a
 * test may be checking that they do not); killing an empty group does nothing.
 */
const spawnedGroups = new Set<number>();

function killGroup(pgid: number): void {
  try { process.kill(-pgid, 'SIGKILL'); } catch { /* ESRCH: the group is gone already */ }
}

/**
 * Signals reach only the main thread, so a server spawned in a worker thread
 * (the crash workload runs in one) is announced to the main thread, which
 * kills its group as well when the process ends.
 */
const groups = new BroadcastChannel('gatehouse-child-server-groups');
if (isMainThread) {
  groups.onmessage = (m: unknown) => {
    installReaper();
    spawnedGroups.add((m as MessageEvent<{ pgid: number }>).data.pgid);
  };
}
groups.unref(); // after onmessage, which refs it: the channel never keeps a process alive

let reaperInstalled = false;
function installReaper(): void {
  if (reaperInstalled) return;
  reaperInstalled = true;
  process.on('exit', () => { for (const g of spawnedGroups) killGroup(g); });
  if (!isMainThread) return;
  // The test runner stops a file that times out or is interrupted with a signal; 'exit' does not run then.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const g of spawnedGroups) killGroup(g);
      process.kill(process.pid, signal);
    });
  }
}

function track(pgid: number): void {
  spawnedGroups.add(pgid);
  if (!isMainThread) groups.postMessage({ pgid });
}

/** How to run `gatehouse`: the repo's build by default; an installed package's `npx gatehouse` from its project (test/package.test.ts). */
export interface GatehouseLaunch { command: string[]; cwd?: string }

export async function spawnServer(dataDir: string, extraArgs: string[] = [], env: NodeJS.ProcessEnv = process.env,
  launch: GatehouseLaunch = { command: ['node', ...GATEHOUSE_COMMAND] }): Promise<ChildServer> {
  installReaper();
  const [cmd, ...args] = launch.command;
  const child = spawn(cmd, [...args, 'serve', '--port', '0', '--data-dir', dataDir, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'], env, cwd: launch.cwd, detached: true });
  const pgid = child.pid!;
  track(pgid);
  let banner = '';
  let errors = '';
  child.stderr!.on('data', (d: Buffer) => { errors += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const crash = async () => { killGroup(pgid); await exited; };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${banner}${errors}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      banner += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(banner);
      if (m && banner.includes('AWS_SHARED_CREDENTIALS_FILE')) { clearTimeout(timer); resolve(m[1]); }
    });
    exited.then((code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}: ${banner}${errors}`)); });
  }).catch(async (e: unknown) => { await crash(); throw e; });
  const root = (account: string): Credentials => {
    const creds = parseIni(readFileSync(join(dataDir, 'aws', 'credentials'), 'utf8')) as Record<string, Record<string, string>>;
    return { accessKeyId: creds[account].aws_access_key_id, secretAccessKey: creds[account].aws_secret_access_key };
  };
  return { url, pid: child.pid!, child, banner, stderr: () => errors, root, exited, crash };
}

export { processTree };

/**
 * Peak and current resident memory of a process with its helpers, in bytes (Linux /proc): the
 * sum of each process's own peak, which is never less than their peak together.
 */
export function memoryOf(pid: number): { peak: number; now: number } {
  let peak = 0, now = 0;
  for (const p of processTree(pid)) {
    const status = readFileSync(`/proc/${p}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    peak += kb('VmHWM');
    now += kb('VmRSS');
  }
  return { peak, now };
}
