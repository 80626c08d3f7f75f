/** Child processes, ports and temp dirs for the benchmark: every one is tracked and torn down. */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const children = new Set<ChildProcess>();
const dirs = new Set<string>();

export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), `gatehouse-bench-${prefix}-`));
  dirs.add(d);
  return d;
}

/** A port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

export interface Proc { child: ChildProcess; output: () => string; exited: Promise<number | null> }

/**
 * Output goes to a file, not a pipe: a pipe nobody drains while wrk runs would block a
 * server that logs every request (moto does) and throttle it.
 */
export function start(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Proc {
  const log = join(tempDir('log'), 'output.log');
  const fd = openSync(log, 'a');
  const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  children.add(child);
  let spawnError = '';
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => { children.delete(child); ok(code); }));
  child.once('error', (e) => { spawnError = `\nspawn error: ${e.message}`; });
  const output = () => { try { return readFileSync(log, 'utf8').slice(-20_000) + spawnError; } catch { return spawnError; } };
  return { child, output, exited };
}

/** SIGTERM, then SIGKILL after a grace period; resolves when the process is gone. */
export async function stop(p: Proc, graceMs = 3000): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  const t = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  await p.exited;
  clearTimeout(t);
}

export function cleanUp(): void {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.clear();
}

export const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** Polls until `ready` gives a value or the process exits or time runs out. */
export async function waitFor<T>(p: Proc | undefined, what: string, ready: () => Promise<T | undefined>, timeoutMs: number, everyMs = 5): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await ready().catch(() => undefined);
    if (v !== undefined) return v;
    if (p && (p.child.exitCode !== null || p.child.signalCode !== null)) throw new Error(`${what}: process exited (${p.child.exitCode ?? p.child.signalCode})\n${p.output()}`);
    if (Date.now() > until) throw new Error(`${what}: not ready after ${timeoutMs} ms\n${p?.output() ?? ''}`);
    await sleep(everyMs);
  }
}
