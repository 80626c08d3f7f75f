/** A process and its descendants (a server's helper processes), from Linux /proc: for tests and benchmarks. */
import { readFileSync } from 'node:fs';

export function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
  } catch { /* gone */ }
  return [pid, ...children.flatMap(processTree)];
}
