/**
 * The child server of the crash tests: crash() kills the server with every
 * process it started, and a test process that ends without stopping its
 * server leaves nothing running.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanup } from './support/gatehouse.js';
import { spawnServer } from './support/child-server.js';

/** Running, as opposed to gone or a zombie waiting for its parent. */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch { return false; }
}

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && running(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !running(pid);
}

describe('child server', () => {
  test('crash() kills the server and the processes it spawned (its process group)', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-child-'));
    try {
      // A stand-in for a helper process: the server's node starts a long sleep beside it.
      const preload = join(dir, 'helper.cjs');
      writeFileSync(preload, `require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'helper.pid'))}, String(require('node:child_process').spawn('sleep', ['300'], { stdio: 'ignore' }).pid));\n`);
      const server = await spawnServer(join(dir, 'data'), ['--accounts', 'utils'], { ...process.env, NODE_OPTIONS: `--require ${preload}` });
      const helper = Number(readFileSync(join(dir, 'helper.pid'), 'utf8'));
      assert.ok(running(server.pid) && running(helper));
      await server.crash();
      assert.ok(await gone(server.pid), 'the server is gone');
      assert.ok(await gone(helper), 'its helper is gone');
    } finally { cleanup(dir); }
  });

  test('a process that exits without stopping its server takes the server with it', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-child-'));
    try {
      const support = fileURLToPath(new URL('./support/child-server.ts', import.meta.url));
      const script = `import { spawnServer } from ${JSON.stringify(support)}; const s = await spawnServer(${JSON.stringify(join(dir, 'data'))}, ['--accounts', 'utils']); console.log(s.pid); process.exit(1);`;
      const child = spawn('node', ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => { out += d; });
      await new Promise((r) => child.once('exit', r));
      const pid = Number(out.trim());
      assert.ok(pid > 0, out);
      assert.ok(await gone(pid), 'the server is gone');
    } finally { cleanup(dir); }
  });
});
