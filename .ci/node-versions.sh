# Sourced by .ci/run: extra Node.js lines beside the image's, and better-sqlite3 built for each.
# Run directly (`.ci/node-versions.sh 24 22`), it installs those lines and their builds into the cache only
# (what `npm run bench:cold` measures beside the image's Node), leaving node_modules as it is.
# Everything lives in a cache dir outside the repository (git status stays clean) and is reused when present.
#   node_dir MAJOR          installs node-linux-<arch>@MAJOR from the npm registry (the official binary and its
#                           headers) into $GATEHOUSE_CI_CACHE/node-MAJOR once; prints that dir.
#   sqlite_build_for NODE_DIR  builds (once) and prints the cached better_sqlite3.node for that Node.
#   use_sqlite_for NODE_DIR puts a better_sqlite3.node built for that Node's ABI into node_modules (built from source
#                           against its headers the first time: GitHub's prebuilt binaries are out of reach here).
#   image_sqlite            makes sure node_modules holds the image's Node's build and keeps a copy of it.
#   restore_sqlite          puts the image's Node's build back (also on exit, when use_sqlite_for ran).
GATEHOUSE_CI_CACHE="${GATEHOUSE_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gatehouse-ci}"
SQLITE_PKG=node_modules/better-sqlite3
SQLITE_NODE="$SQLITE_PKG/build/Release/better_sqlite3.node"

node_dir() {
  local major=$1 arch
  case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) echo "no node-linux package for $(uname -m)" >&2; return 1 ;; esac
  local dir="$GATEHOUSE_CI_CACHE/node-$major"
  if [ ! -x "$dir/bin/node" ]; then
    local tmp
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "node-linux-$arch@$major" >/dev/null)
    mkdir -p "$tmp/node"
    tar xzf "$tmp"/node-linux-*.tgz -C "$tmp/node" --strip-components=1
    mkdir -p "$GATEHOUSE_CI_CACHE" && rm -rf "$dir" && mv "$tmp/node" "$dir"
    rm -rf "$tmp"
  fi
  echo "$dir"
}

# Proves a binding loads and works under a Node (the ABI check happens at dlopen).
sqlite_loads() { # node-binary binding-file
  "$1" -e 'const D = require(process.argv[1]); new D(":memory:", { nativeBinding: process.argv[2] }).prepare("select 1").get()' \
    "$PWD/$SQLITE_PKG" "$2" 2>/dev/null
}

sqlite_cached() { # node-binary -> the cache path of its build
  local abi version
  abi=$("$1" -p process.versions.modules)
  version=$(node -p 'require("./node_modules/better-sqlite3/package.json").version')
  echo "$GATEHOUSE_CI_CACHE/better-sqlite3-$version-abi$abi/better_sqlite3.node"
}

# The image's Node's build in node_modules, and a copy in the cache to put back at the end. A run killed
# midway may have left another Node's build in place: the cached copy, or a rebuild, replaces it.
image_sqlite() {
  local cached
  cached=$(sqlite_cached node)
  if ! sqlite_loads node "$SQLITE_NODE"; then
    if [ -f "$cached" ]; then put_sqlite "$cached"; fi
    sqlite_loads node "$SQLITE_NODE" || npm rebuild better-sqlite3
  fi
  if [ ! -f "$cached" ]; then mkdir -p "$(dirname "$cached")" && cp "$SQLITE_NODE" "$cached"; fi
}

# Builds better-sqlite3 for the Node in dir (once, into the cache) and prints the build's path.
sqlite_build_for() {
  local dir=$1 cached
  cached=$(sqlite_cached "$dir/bin/node")
  if [ ! -f "$cached" ] || ! sqlite_loads "$dir/bin/node" "$cached"; then
    local tmp gyp
    tmp=$(mktemp -d)
    # A copy of the package without its build: node_modules keeps the image's build meanwhile.
    cp -r "$SQLITE_PKG" "$tmp/better-sqlite3" && rm -rf "$tmp/better-sqlite3/build"
    gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
    echo "building better-sqlite3 for Node $("$dir/bin/node" --version) (ABI $("$dir/bin/node" -p process.versions.modules))" >&2
    (cd "$tmp/better-sqlite3" && PATH="$dir/bin:$PATH" node "$gyp" rebuild --release --nodedir="$dir" --jobs=max >"$tmp/build.log" 2>&1) \
      || { tail -40 "$tmp/build.log" >&2; return 1; }
    mkdir -p "$(dirname "$cached")" && cp "$tmp/better-sqlite3/build/Release/better_sqlite3.node" "$cached"
    rm -rf "$tmp"
    sqlite_loads "$dir/bin/node" "$cached" || { echo "better-sqlite3 built for $dir does not load" >&2; return 1; }
  fi
  echo "$cached"
}

use_sqlite_for() {
  local cached
  cached=$(sqlite_build_for "$1")
  trap restore_sqlite EXIT
  put_sqlite "$cached"
}

# A rename, not an overwrite in place: a process that has the old file mapped keeps it intact.
put_sqlite() {
  cp "$1" "$SQLITE_NODE.tmp" && mv -f "$SQLITE_NODE.tmp" "$SQLITE_NODE"
}

restore_sqlite() {
  local cached
  cached=$(sqlite_cached node)
  if [ -f "$cached" ]; then put_sqlite "$cached"; fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  cd "$(dirname "$0")/.."
  for major in "$@"; do
    dir=$(node_dir "$major")
    echo "Node $("$dir/bin/node" --version): $dir/bin/node, better-sqlite3 build $(sqlite_build_for "$dir")"
  done
fi
