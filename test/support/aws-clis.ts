/**
 * The AWS CLIs installed on this machine, by major version: every `aws` on
 * PATH is asked its version (`aws-cli/1.…` or `aws-cli/2.…`), since plain `aws`
 * may be either (pyenv's v1 shim usually comes first, Debian's v2 is /usr/bin/aws).
 */
import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { run } from './gatehouse.js';

export interface AwsClis { v1?: string; v2?: string }

let found: Promise<AwsClis> | undefined;

async function scan(): Promise<AwsClis> {
  const out: AwsClis = {};
  const seen = new Set<string>();
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const path = join(dir, 'aws');
    let real: string;
    try { accessSync(path, constants.X_OK); real = realpathSync(path); } catch { continue; }
    if (seen.has(real)) continue;
    seen.add(real);
    const r = await run(path, ['--version'], process.env, { timeoutMs: 60_000 });
    const major = /^aws-cli\/(\d+)\./.exec(`${r.stdout}${r.stderr}`.trim())?.[1];
    if (major === '1') out.v1 ??= path;
    if (major === '2') out.v2 ??= path;
  }
  return out;
}

/** Paths of the first v1 and the first v2 `aws` on PATH (asked once per process). */
export function awsClis(): Promise<AwsClis> {
  found ??= scan();
  return found;
}
