// Run by `prepare` in a clone, after npm installed the dependencies: better-sqlite3 (native) must load on
// the Node that ran `npm install`. An npm config's `nodedir` naming another Node's headers (this machine's
// ~/.npmrc says nodedir=/usr, the system Node 20) makes node-gyp compile it for that other Node's ABI, and
// every command would then stop at start. Here the build is tried; on an ABI mismatch it is compiled again
// against this Node's own headers when they sit beside it (an official build's include/node/).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Tried in a child: a process that failed to load a native module cannot load its rebuild. */
function abiMismatch() {
  try {
    execFileSync(process.execPath, ['-e', 'new (require("better-sqlite3"))(":memory:").close()'], { stdio: 'pipe' });
    return false;
  } catch (e) {
    if (/NODE_MODULE_VERSION/.test(String(e?.stderr))) return true;
    throw e;
  }
}

if (abiMismatch()) {
  const nodeDir = dirname(dirname(process.execPath));
  if (!existsSync(join(nodeDir, 'include', 'node', 'node.h'))) {
    console.error(`better-sqlite3 was compiled for another Node.js than ${process.version}, and no headers lie beside this Node: run \`npm rebuild better-sqlite3 --nodedir=DIR\` with DIR holding include/node of ${process.version}`);
    process.exit(1);
  }
  console.error(`better-sqlite3 was compiled for another Node.js than ${process.version} (npm's nodedir): compiling it again against ${nodeDir}`);
  execFileSync('npm', ['rebuild', 'better-sqlite3', `--nodedir=${nodeDir}`], { stdio: 'inherit' });
  if (abiMismatch()) {
    console.error('better-sqlite3 still does not load on this Node after the rebuild');
    process.exit(1);
  }
}
