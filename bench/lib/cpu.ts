/**
 * How busy the machine was with *other* work during a load run: the whole machine's busy
 * CPU time (/proc/stat) minus the server's and the load generator's. This machine is
 * shared, so a run where others took a core says so next to its figure.
 */
import { readFileSync } from 'node:fs';
import { processTree } from '../../test/support/process-tree.js';

const HZ = 100; // USER_HZ on Linux

function machine(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = f;
  // irq/softirq left out: under load they are mostly the loopback traffic of the run itself.
  const busy = user + nice + system + steal;
  return { busy, total: busy + idle + iowait + irq + softirq };
}

/** utime + stime of a process (all its threads) and of its descendants (a server's helpers), in ticks; 0 once gone. */
function processTicks(pid: number | undefined): number {
  if (!pid) return 0;
  let ticks = 0;
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch { /* gone */ }
  }
  return ticks;
}

export interface CpuWindow { stop(loadGenSeconds: number): { serverCores: number; otherCores: number } }

export function cpuWindow(serverPid: number | undefined): CpuWindow {
  const m0 = machine();
  const s0 = processTicks(serverPid);
  const t0 = process.hrtime.bigint();
  return {
    stop(loadGenSeconds) {
      const m1 = machine();
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const server = (processTicks(serverPid) - s0) / HZ;
      const others = (m1.busy - m0.busy) / HZ - server - loadGenSeconds;
      return { serverCores: server / seconds, otherCores: Math.max(0, others / seconds) };
    },
  };
}

/** Cores kept busy by everything on the machine over the next `ms`. */
export async function machineLoad(ms = 1000): Promise<number> {
  const m0 = machine();
  await new Promise((ok) => setTimeout(ok, ms));
  return (machine().busy - m0.busy) / HZ / (ms / 1000);
}

/**
 * Waits (within a budget shared by the whole run) until the machine is quiet, so
 * concurrent work elsewhere on it disturbs the figures as little as possible.
 */
export function quietWaiter(totalBudgetMs: number, threshold = 0.15) {
  let left = totalBudgetMs;
  return async (): Promise<number> => {
    let load = await machineLoad(500);
    while (load > threshold && left > 0) {
      const t = Date.now();
      load = await machineLoad(1000);
      left -= Date.now() - t;
    }
    return load;
  };
}
