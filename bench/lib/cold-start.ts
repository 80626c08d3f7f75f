/** Cold start: from spawn to the first signed GetCallerIdentity answered 200, polled every few ms. */
import { freePort, stop, tempDir, waitFor, type Proc } from './procs.js';
import { readRootKeys, spawnGatehouse, spawnMoto } from './servers.js';
import { getCallerIdentity, send, type Creds } from './sign.js';

export interface ColdStart { runs: number[]; medianMs: number; minMs: number; maxMs: number }

/** One cold start of the process `spawn` starts on the given port; its time in ms. */
export async function coldStartOnce(spawn: (port: number) => { proc: Proc; creds: () => Creds | undefined }): Promise<number> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t0 = process.hrtime.bigint();
  const { proc, creds } = spawn(port);
  try {
    await waitFor(proc, 'cold start', async () => {
      const c = creds();
      if (!c) return undefined;
      const r = await send(url, await getCallerIdentity(url, c));
      return r.status === 200 ? true : undefined;
    }, 30_000, 3);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  } finally {
    await stop(proc);
  }
}

export function summarise(runs: number[]): ColdStart {
  const s = [...runs].sort((a, b) => a - b);
  return { runs, medianMs: s[Math.floor(s.length / 2)], minMs: s[0], maxMs: s[s.length - 1] };
}

/**
 * Gatehouse on a fresh data dir each run: its root keys exist once it has written the credentials file.
 * By default the bench's bundle on this Node; `on` names another Node line's binary and bundle (lib/node-lines.ts).
 */
export async function gatehouseColdStart(runs: number, beforeEach: () => Promise<unknown> = async () => {}, on?: { node: string; entry: string }): Promise<ColdStart> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    await beforeEach();
    const dir = tempDir('cold');
    out.push(await coldStartOnce((port) => ({ proc: spawnGatehouse(port, dir, [], on?.entry, [], on?.node), creds: () => readRootKeys(dir)?.utils })));
  }
  return summarise(out);
}

/** moto answers any key as its default account's root. */
export async function motoColdStart(runs: number, beforeEach: () => Promise<unknown> = async () => {}): Promise<ColdStart> {
  const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    await beforeEach();
    out.push(await coldStartOnce((port) => ({ proc: spawnMoto(port), creds: () => creds })));
  }
  return summarise(out);
}
