/**
 * The Node.js lines a cold start is measured on: the one running the bench (the image's), plus Node 22 and 24
 * from GATEHOUSE_NODE22 / GATEHOUSE_NODE24 (a node binary) or else the cache dir `.ci/run` installs them into
 * (${XDG_CACHE_HOME:-~/.cache}/gatehouse-ci/node-NN; `.ci/node-versions.sh 24 22` installs them alone).
 * Gatehouse on another Node needs better-sqlite3 built for that Node's ABI: the build kept in the same cache
 * dir goes beside a bundle of its own (bench/.build/node-NN/node_modules/better-sqlite3), so the repository's
 * node_modules keeps the image's build.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGatehouse } from './servers.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const EXTRA_MAJORS = [22, 24];

export interface NodeLine { version: string; node: string; entry: string }

export const ciCacheDir = () => process.env.GATEHOUSE_CI_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'gatehouse-ci');

/** This Node with the bench's bundle, then each other line found; `missing` says why a line was left out. */
export async function nodeLines(): Promise<{ lines: NodeLine[]; missing: string[] }> {
  const lines: NodeLine[] = [{ version: process.version, node: process.execPath, entry: await buildGatehouse() }];
  const missing: string[] = [];
  for (const major of EXTRA_MAJORS) {
    if (process.versions.node.startsWith(`${major}.`)) continue;
    const node = process.env[`GATEHOUSE_NODE${major}`] || join(ciCacheDir(), `node-${major}`, 'bin/node');
    if (!existsSync(node)) { missing.push(`Node ${major}: no ${node} (set GATEHOUSE_NODE${major}, or run .ci/node-versions.sh ${major})`); continue; }
    const [version, abi] = execFileSync(node, ['-p', 'process.version + " " + process.versions.modules'], { encoding: 'utf8' }).trim().split(' ');
    const sqliteVersion = (JSON.parse(readFileSync(join(repo, 'node_modules/better-sqlite3/package.json'), 'utf8')) as { version: string }).version;
    const binding = join(ciCacheDir(), `better-sqlite3-${sqliteVersion}-abi${abi}`, 'better_sqlite3.node');
    if (!existsSync(binding)) { missing.push(`Node ${version}: no better-sqlite3 build for ABI ${abi} (run .ci/node-versions.sh ${major})`); continue; }
    lines.push({ version, node, entry: await bundleFor(`node-${major}`, binding) });
  }
  return { lines, missing };
}

/** The bundle in bench/.build/<name>, with a better-sqlite3 of its own that loads the given build. */
async function bundleFor(name: string, binding: string): Promise<string> {
  const outDir = join(repo, 'bench/.build', name);
  const entry = await buildGatehouse(outDir);
  const pkg = join(outDir, 'node_modules/better-sqlite3');
  const from = join(repo, 'node_modules/better-sqlite3');
  mkdirSync(join(pkg, 'build/Release'), { recursive: true });
  cpSync(join(from, 'lib'), join(pkg, 'lib'), { recursive: true });
  copyFileSync(join(from, 'package.json'), join(pkg, 'package.json'));
  copyFileSync(binding, join(pkg, 'build/Release/better_sqlite3.node'));
  return entry;
}
