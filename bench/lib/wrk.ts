/** Replays one signed request with wrk (a Lua script carries method, headers and body) and parses its report. */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { cpuWindow } from './cpu.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignedRequest } from './sign.js';

export interface LoadResult {
  tool: string;
  rps: number;
  requests: number;
  non2xx: number;
  socketErrors: number;
  p50ms?: number;
  p99ms?: number;
  /** cores the server, and everything but the server and the load generator, kept busy meanwhile */
  serverCores?: number;
  otherCores?: number;
  raw: string;
}

export interface LoadOptions { threads: number; connections: number; seconds: number; warmupSeconds: number }

/** Makes sure wrk is there: installs Debian's package when missing (apt-get), else reports why not. */
export function ensureWrk(): string | undefined {
  const has = () => spawnSync('wrk', ['--version']).error === undefined;
  if (has()) return undefined;
  const apt = spawnSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'ignore', timeout: 180_000 });
  if (has()) return undefined;
  return `wrk is not installed and apt-get install -y wrk failed (exit ${apt.status ?? apt.error?.message})`;
}

const luaString = (s: string) => JSON.stringify(s); // JSON string escapes are valid Lua for ASCII

function luaScript(r: SignedRequest): string {
  const canonical: Record<string, string> = { host: 'Host', 'content-length': 'Content-Length' };
  const headers = Object.entries(r.headers).filter(([k]) => k.toLowerCase() !== 'content-length')
    .map(([k, v]) => `wrk.headers[${luaString(canonical[k.toLowerCase()] ?? k)}] = ${luaString(v)}`);
  return [
    `wrk.method = ${luaString(r.method)}`,
    `wrk.path = ${luaString(r.path)}`,
    r.body ? `wrk.body = ${luaString(r.body)}` : '',
    ...headers, '',
  ].join('\n');
}

function parse(raw: string): Omit<LoadResult, 'tool' | 'raw'> {
  const num = (re: RegExp) => { const m = raw.match(re); return m ? Number(m[1]) : 0; };
  const ms = (re: RegExp) => {
    const m = raw.match(re);
    if (!m) return undefined;
    const unit = m[2];
    return Number(m[1]) * (unit === 'us' ? 1e-3 : unit === 's' ? 1e3 : 1);
  };
  const sock = raw.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  return {
    rps: num(/Requests\/sec:\s+([\d.]+)/),
    requests: num(/(\d+) requests in/),
    non2xx: num(/Non-2xx or 3xx responses: (\d+)/),
    socketErrors: sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
    p50ms: ms(/^\s+50%\s+([\d.]+)(us|ms|s)/m),
    p99ms: ms(/^\s+99%\s+([\d.]+)(us|ms|s)/m),
  };
}

const run = promisify(execFile);

/**
 * Async, so the orchestrator's event loop keeps running; wrapped in bash so `times` reports
 * the CPU wrk itself used.
 */
export async function runWrk(url: string, r: SignedRequest, o: LoadOptions, workDir: string, serverPid?: number): Promise<LoadResult> {
  const script = join(workDir, `req-${Date.now()}.lua`);
  writeFileSync(script, luaScript(r));
  const wrk = async (seconds: number) => {
    const { stdout } = await run('bash', ['-c', '"$@"; times', 'wrk',
      'wrk', `-t${o.threads}`, `-c${o.connections}`, `-d${seconds}s`, '--timeout', '5s', '--latency', '-s', script, url,
    ], { encoding: 'utf8', timeout: (seconds + 30) * 1000 });
    const times = stdout.trim().split('\n').pop()!.match(/(\d+)m([\d.]+)s (\d+)m([\d.]+)s/);
    const cpu = times ? Number(times[1]) * 60 + Number(times[2]) + Number(times[3]) * 60 + Number(times[4]) : 0;
    return { raw: stdout, cpu };
  };
  if (o.warmupSeconds > 0) await wrk(o.warmupSeconds);
  const window = cpuWindow(serverPid);
  const { raw, cpu } = await wrk(o.seconds);
  return { tool: `wrk -t${o.threads} -c${o.connections} -d${o.seconds}s`, raw, ...parse(raw), ...window.stop(cpu) };
}
