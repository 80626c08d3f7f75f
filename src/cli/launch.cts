#!/usr/bin/env node
/**
 * The installed `gatehouse` command: runs the bundled program (gatehouse-program.cjs beside this
 * file) with a code cache, so a start skips compiling what an earlier start compiled (about 50 ms
 * of a 300 ms cold start here). The cache lives in the user's own cache dir and is only used from
 * a dir no one else can write to (~/.cache/gatehouse, mode 0700, owned by this user).
 * - Node >= 22.1: Node's own compile cache (module.enableCompileCache), which also covers the
 *   packages the program requires from node_modules and keys itself by Node version.
 * - Node 20 has none, so this file compiles the program as a vm.Script with V8's cached data.
 *   Delete that path (runWithScriptCache) the day Node 20 is dropped.
 */
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { createHash } from 'node:crypto';

const program = join(__dirname, 'gatehouse-program.cjs');
const cacheDir = userCacheDir();
// Not in @types/node 20; present from Node 22.1.
const enableCompileCache = (Module as unknown as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;

if (enableCompileCache) {
  if (cacheDir) enableCompileCache(join(cacheDir, 'compile-cache'));
  require(program);
} else {
  runWithScriptCache();
}

/** ~/.cache/gatehouse, or undefined when that dir is not this user's alone. */
function userCacheDir(): string | undefined {
  try {
    const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'gatehouse');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    if (!st.isDirectory() || (st.mode & 0o077) !== 0 || (process.getuid && st.uid !== process.getuid())) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/**
 * Node 20: the program compiled as a Script with V8's cached data from <cache dir>/<program, node version>.v8,
 * written at exit when there was none (or V8 refused it, as after an upgrade).
 */
function runWithScriptCache(): void {
  const source = readFileSync(program, 'utf8').replace(/^#!.*/, '');
  const key = createHash('sha256').update(`${program}\0${process.version}\0${process.arch}`).digest('hex').slice(0, 24);
  const cacheFile = cacheDir && join(cacheDir, `${key}.v8`);
  const cached = cacheFile && existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  // The program has no dynamic import() (the bundler makes them require()): Node 20 loses a script's
  // import() callback when V8 accepts its code cache.
  const script = new Script(Module.wrap(source), { filename: program, cachedData: cached });
  if (cacheFile && (!cached || script.cachedDataRejected)) process.once('exit', () => writeCodeCache(script, cacheFile));

  const mod = new Module(program, module);
  mod.filename = program;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(program));
  (script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, createRequire(program), mod, program, dirname(program));
}

/** Everything compiled so far, written whole or not at all (a rename), readable by this user only. */
function writeCodeCache(script: Script, file: string): void {
  try {
    const data = script.createCachedData();
    const tmp = `${file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try { writeSync(fd, data); } finally { closeSync(fd); }
    renameSync(tmp, file);
  } catch { /* no cache this time */ }
}
