#!/usr/bin/env bash
# Builds code-server (VS Code's workbench served to a browser, with the usual Node
# extension host) into a cache outside the repo, keyed by version, and prints the
# folder on stdout. The end-to-end tests and the demo run the real extension in it.
# VS Code desktop cannot be downloaded on machines that reach only npm and Debian,
# so code-server from npm is the real VS Code we can have; see README "Tests".
# Skips the build when the cache is complete (the stamp file is written last).
set -euo pipefail

VERSION=4.100.3 # the last release whose engines.node is 20
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/gearman-vscode"
DEST="$CACHE_ROOT/code-server-$VERSION"
STAMP="$DEST/.gearman-build-complete"

log() { echo "code-server.sh: $*" >&2; }

if [ -f "$STAMP" ]; then
  echo "$DEST"
  exit 0
fi

for tool in rg pkg-config make g++ python3; do
  command -v "$tool" >/dev/null || { log "needs '$tool'; run scripts/setup.sh first (it installs the Debian packages)"; exit 1; }
done
for header in krb5.h X11/Xlib.h X11/extensions/XKBfile.h; do
  [ -f "/usr/include/$header" ] || { log "needs /usr/include/$header; run scripts/setup.sh first"; exit 1; }
done

mkdir -p "$CACHE_ROOT"
# One build at a time: the tests and the demo may both ask for it.
exec 9>"$CACHE_ROOT/.code-server-$VERSION.lock"
flock 9
if [ -f "$STAMP" ]; then
  echo "$DEST"
  exit 0
fi

start=$(date +%s)
log "building code-server $VERSION into $DEST (once; later runs reuse it)"
work="$(mktemp -d "$CACHE_ROOT/.build-$VERSION.XXXXXX")"
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM

# Root in CI: npm would otherwise drop privileges for install scripts and fail.
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_audit=false npm_config_fund=false
export npm_config_update_notifier=false npm_config_loglevel=error
# node-gyp downloads Node's headers unless told where they are; Debian/NodeSource ship them.
node_prefix="$(dirname "$(dirname "$(command -v node)")")"
if [ -f "$node_prefix/include/node/common.gypi" ]; then export npm_config_nodedir="$node_prefix"; fi

cd "$work"
npm pack --silent "code-server@$VERSION" >/dev/null
tar xzf "code-server-$VERSION.tgz"
rm "code-server-$VERSION.tgz"
cd package/lib/vscode
npm install --omit=dev --ignore-scripts >&2
# @vscode/ripgrep's install script downloads rg from GitHub; use Debian's instead.
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild --ignore-scripts=false kerberos node-pty native-watchdog @parcel/watcher @vscode/spdlog @vscode/deviceid >&2
ln -sfn node_modules node_modules.asar
# What code-server's own postinstall.sh does besides the install: the `code` CLI in the
# integrated terminal, the browser helper, and TypeScript for the built-in JS/TS support.
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --ignore-scripts=false >&2)
cd ../..
npm install --omit=dev --ignore-scripts >&2
npm rebuild --ignore-scripts=false argon2 >&2
[ -f out/node/entry.js ] || { log "build finished without out/node/entry.js"; exit 1; }

cd "$CACHE_ROOT"
rm -rf "$DEST"
mv "$work/package" "$DEST"
date -u +%FT%TZ >"$STAMP"
log "built in $(( $(date +%s) - start )) s"
echo "$DEST"
