/** A process and its descendants (a server's helper processes), from Linux /proc: for tests and benchmarks. */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
  } catch { /* gone */ }
  return [pid, ...children.flatMap(processTree)];
}

/** The pid of the server process holding the server side of a client's connection (by the client's port). */
export function serverPidOf(clientPort: number, pids: number[]): number | undefined {
  const inodes = new Map<string, number>();
  for (const pid of pids) {
    let fds: string[] = [];
    try { fds = readdirSync(`/proc/${pid}/fd`); } catch { continue; }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.set(m[1], pid);
      } catch { /* closed meanwhile */ }
    }
  }
  const port = clientPort.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && f[2].endsWith(`:${port}`) && inodes.has(f[9])) return inodes.get(f[9]);
    }
  }
  return undefined;
}
