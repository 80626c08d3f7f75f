#!/usr/bin/env node
/**
 * The installed `gatehouse` command: runs the bundled program (gatehouse-program.cjs beside this
 * file) with V8's code cache, so a start skips compiling what an earlier start compiled (about
 * 50 ms of a 300 ms cold start here). Node 22 has this built in (module.enableCompileCache);
 * Node 20 does not. The cache is written at exit when there was none (or V8 refused it, as after
 * an upgrade), in the user's own cache dir, and only used from a dir no one else can write to.
 */
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { createHash } from 'node:crypto';

const program = join(__dirname, 'gatehouse-program.cjs');
const source = readFileSync(program, 'utf8').replace(/^#!.*/, '');
const cacheFile = codeCacheFile();
const cached = cacheFile && existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
// The program has no dynamic import() (the bundler makes them require()): Node 20 loses a script's
// import() callback when V8 accepts its code cache.
const script = new Script(Module.wrap(source), { filename: program, cachedData: cached });
if (cacheFile && (!cached || script.cachedDataRejected)) process.once('exit', () => writeCodeCache(cacheFile));

const mod = new Module(program, module);
mod.filename = program;
mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(program));
(script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, createRequire(program), mod, program, dirname(program));

/** ~/.cache/gatehouse/<program, node version>.v8, or undefined when that dir is not this user's alone. */
function codeCacheFile(): string | undefined {
  try {
    const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'gatehouse');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    if (!st.isDirectory() || (st.mode & 0o077) !== 0 || (process.getuid && st.uid !== process.getuid())) return undefined;
    const key = createHash('sha256').update(`${program}\0${process.version}\0${process.arch}`).digest('hex').slice(0, 24);
    return join(dir, `${key}.v8`);
  } catch {
    return undefined;
  }
}

/** Everything compiled so far, written whole or not at all (a rename), readable by this user only. */
function writeCodeCache(file: string): void {
  try {
    const data = script.createCachedData();
    const tmp = `${file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try { writeSync(fd, data); } finally { closeSync(fd); }
    renameSync(tmp, file);
  } catch { /* no cache this time */ }
}
