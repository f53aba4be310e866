#!/usr/bin/env bash
# The demo: a local gearmand with the seed's count_lines worker and a few sample workers,
# and VS Code (code-server) with the packaged extension and a sample workspace open (client
# and worker code in PHP, Python, Go and JavaScript). Prints the URL and stays up until
# Ctrl-C or SIGTERM, which stop everything it started; stopping its gearmand (see the printed
# command) shows an outage without ending the demo.
# Environment: DEMO_PORT (VS Code, default 8080), DEMO_BIND (default 127.0.0.1),
# DEMO_GEARMAN_PORT (default 4730, or a free port when 4730 is taken), DEMO_STATE (workspace,
# logs and state; default ~/.cache/gearman-vscode/demo), DEMO_SKIP_BUILD=1 (use the
# dist/gearman.vsix already built: the tests set it).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

STATE="${DEMO_STATE:-${XDG_CACHE_HOME:-$HOME/.cache}/gearman-vscode/demo}"
mkdir -p "$STATE"
# One demo per state folder. Every process started below closes this descriptor (9>&-).
exec 9>"$STATE/demo.lock"
flock -n 9 || { echo "demo: another demo is running with $STATE; stop it first (or set DEMO_STATE)"; exit 1; }

# Every process the demo starts carries this in its environment, so none is left behind,
# whichever process group or session it ends up in.
DEMO_ID="$(cat /proc/sys/kernel/random/uuid)"
marked() {
  grep -lsxz "GEARMAN_DEMO_ID=$DEMO_ID" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3 || true
}
DEMO_GEARMAND=(env "GEARMAN_DEMO_ID=$DEMO_ID" bash "$ROOT/scripts/demo-gearmand.sh")
pids=()
cleanup() {
  trap - EXIT INT TERM
  echo
  echo "demo: stopping"
  "${DEMO_GEARMAND[@]}" stop >/dev/null 2>&1 || true
  for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null || true; done
  for _ in $(seq 100); do [ -z "$(marked)" ] && break; sleep 0.1; done
  for p in $(marked); do kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "demo: stopped"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "${DEMO_SKIP_BUILD:-}" != 1 ]; then
  bash scripts/setup.sh 9>&-
  npm run --silent package >/dev/null 9>&-
fi
[ -f dist/gearman.vsix ] && [ -f dist/sample-workers.js ] || { echo "demo: dist/gearman.vsix is missing; run without DEMO_SKIP_BUILD"; exit 1; }
CODE_SERVER="$(bash scripts/code-server.sh 9>&-)"

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# Starts a command in a session of its own (its own process group: Ctrl-C reaches only this
# script, which stops it), marked, with the lock descriptor closed.
spawn() {
  local log="$1"; shift
  GEARMAN_DEMO_ID="$DEMO_ID" setsid "$@" >"$log" 2>&1 </dev/null 9>&- &
  pids+=($!)
}

# gearmand on 4730 when that port is free, so the default settings just work.
GEARMAN_PORT="${DEMO_GEARMAN_PORT:-4730}"
if [ -z "${DEMO_GEARMAN_PORT:-}" ] && port_open "$GEARMAN_PORT"; then GEARMAN_PORT="$(free_port)"; fi
echo "$GEARMAN_PORT" >"$STATE/gearmand.port"
"${DEMO_GEARMAND[@]}" start
spawn "$STATE/sample-workers.log" node dist/sample-workers.js --port "$GEARMAN_PORT"

# The sample workspace, outside the repo. Only missing files are copied: files a user opened
# or changed in an earlier run are kept. Only gearman.servers is rewritten in its settings.
WS="$STATE/workspace"
mkdir -p "$WS/.vscode"
(cd examples && find . -path ./workers -prune -o -type f -print) | while IFS= read -r f; do
  [ -e "$WS/$f" ] || { mkdir -p "$(dirname "$WS/$f")"; cp "examples/$f" "$WS/$f"; }
done
node -e '
  const fs = require("fs"), { modify, applyEdits } = require(process.argv[1]);
  const [file, port] = process.argv.slice(2);
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "{}\n";
  const servers = [{ name: "demo", host: "127.0.0.1", port: Number(port) }];
  fs.writeFileSync(file, applyEdits(text, modify(text, ["gearman.servers"], servers, { formattingOptions: { insertSpaces: true, tabSize: 2 } })));
' "$ROOT/node_modules/jsonc-parser" "$WS/.vscode/settings.json" "$GEARMAN_PORT"

USER_DATA="$STATE/user-data"; EXT_DIR="$STATE/extensions"
mkdir -p "$USER_DATA/User"
# The workspace's README opens first; code-server would otherwise offer to forward every port the demo opens.
[ -f "$USER_DATA/User/settings.json" ] || echo '{ "security.workspace.trust.enabled": false, "workbench.startupEditor": "readme", "remote.autoForwardPorts": false }' >"$USER_DATA/User/settings.json"
GEARMAN_DEMO_ID="$DEMO_ID" node "$CODE_SERVER/out/node/entry.js" --extensions-dir "$EXT_DIR" --user-data-dir "$USER_DATA" \
  --install-extension "$ROOT/dist/gearman.vsix" --force >/dev/null 9>&-

BIND="${DEMO_BIND:-127.0.0.1}"; PORT="${DEMO_PORT:-8080}"
spawn "$STATE/code-server.log" node "$CODE_SERVER/out/node/entry.js" --auth none --bind-addr "$BIND:$PORT" \
  --user-data-dir "$USER_DATA" --extensions-dir "$EXT_DIR" \
  --disable-telemetry --disable-update-check "$WS"
CODE_SERVER_PID=$!
for _ in $(seq 300); do port_open "$PORT" && break; kill -0 "$CODE_SERVER_PID" 2>/dev/null || break; sleep 0.2; done
port_open "$PORT" || { echo "demo: code-server did not start; see $STATE/code-server.log"; exit 1; }

OUTAGE="${DEMO_STATE:+DEMO_STATE=$(printf %q "$STATE") }bash $(printf %q "$ROOT/scripts/demo-gearmand.sh")"
cat <<MSG

  Gearman demo is up.
    VS Code:  http://$BIND:$PORT/?folder=$WS
    gearmand: 127.0.0.1:$GEARMAN_PORT (workers: count_lines, reverse, resize_image, to_upper, flaky_job, risky_job)
    logs:     $STATE
  Open the Gearman icon in the activity bar, and the files in php/, python/, go/ and js/.
  To see an outage, stop and start the demo's gearmand from another terminal:
    stop:  $OUTAGE stop
    start: $OUTAGE start
  Press Ctrl-C to stop the demo (or: kill $$).

MSG
# The demo lasts as long as VS Code: gearmand may come and go.
set +e
wait "$CODE_SERVER_PID"
echo "demo: code-server exited; see $STATE/code-server.log"
