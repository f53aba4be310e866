#!/usr/bin/env bash
# The demo: a local gearmand with the seed's count_lines worker and a few sample workers,
# and VS Code (code-server) with the packaged extension and a sample workspace open.
# Prints the URL and stays up until Ctrl-C. Set DEMO_PORT (default 8080) or DEMO_BIND.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

bash scripts/setup.sh
npm run --silent package >/dev/null
CODE_SERVER="$(bash scripts/code-server.sh)"

STATE="${XDG_CACHE_HOME:-$HOME/.cache}/gearman-vscode/demo"
mkdir -p "$STATE"
pids=()
cleanup() {
  trap - EXIT INT TERM
  echo
  echo "demo: stopping"
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
port_open() { node -e 'const c=require("net").connect(+process.argv[1],"127.0.0.1");c.on("connect",()=>process.exit(0));c.on("error",()=>process.exit(1))' "$1"; }

# gearmand on 4730 when that port is free, so the default settings just work.
GEARMAN_PORT=4730
if port_open "$GEARMAN_PORT"; then GEARMAN_PORT="$(free_port)"; fi
/usr/sbin/gearmand --port "$GEARMAN_PORT" --listen 127.0.0.1 --threads 1 \
  --log-file "$STATE/gearmand.log" --pid-file "$STATE/gearmand.pid" &
pids+=($!)
for _ in $(seq 50); do port_open "$GEARMAN_PORT" && break; sleep 0.1; done
port_open "$GEARMAN_PORT" || { echo "demo: gearmand did not start; see $STATE/gearmand.log"; exit 1; }

# The seed's walk-through worker, and a few more.
gearman -h 127.0.0.1 -p "$GEARMAN_PORT" -w -f count_lines -- wc -l & pids+=($!)
gearman -h 127.0.0.1 -p "$GEARMAN_PORT" -w -f reverse -- rev & pids+=($!)
node dist/sample-workers.js --port "$GEARMAN_PORT" >"$STATE/sample-workers.log" 2>&1 & pids+=($!)
# A queued job nobody takes, so the explorer shows a warning.
gearman -h 127.0.0.1 -p "$GEARMAN_PORT" -b -f resize_imgae -- "typo in a function name" >/dev/null 2>&1 || true

# A sample workspace outside the repo, pointed at this gearmand.
WS="$STATE/workspace"
rm -rf "$WS" && mkdir -p "$WS/.vscode"
cp -r examples/. "$WS/"
rm -rf "$WS/workers"
printf '{\n  "gearman.servers": [{ "name": "demo", "host": "127.0.0.1", "port": %s }]\n}\n' "$GEARMAN_PORT" >"$WS/.vscode/settings.json"

USER_DATA="$STATE/user-data"; EXT_DIR="$STATE/extensions"
mkdir -p "$USER_DATA/User"
[ -f "$USER_DATA/User/settings.json" ] || echo '{ "security.workspace.trust.enabled": false, "workbench.startupEditor": "none" }' >"$USER_DATA/User/settings.json"
node "$CODE_SERVER/out/node/entry.js" --extensions-dir "$EXT_DIR" --user-data-dir "$USER_DATA" \
  --install-extension "$ROOT/dist/gearman.vsix" --force >/dev/null

BIND="${DEMO_BIND:-127.0.0.1}"; PORT="${DEMO_PORT:-8080}"
node "$CODE_SERVER/out/node/entry.js" --auth none --bind-addr "$BIND:$PORT" \
  --user-data-dir "$USER_DATA" --extensions-dir "$EXT_DIR" \
  --disable-telemetry --disable-update-check "$WS" >"$STATE/code-server.log" 2>&1 &
pids+=($!)
for _ in $(seq 150); do port_open "$PORT" && break; sleep 0.2; done
port_open "$PORT" || { echo "demo: code-server did not start; see $STATE/code-server.log"; exit 1; }

cat <<MSG

  Gearman demo is up.
    VS Code:  http://$BIND:$PORT/?folder=$WS
    gearmand: 127.0.0.1:$GEARMAN_PORT (workers: count_lines, reverse, resize_image, to_upper, flaky_job, risky_job)
    logs:     $STATE
  Open the Gearman icon in the activity bar. Press Ctrl-C to stop.

MSG
wait "${pids[0]}"
