#!/usr/bin/env bash
# The demo's gearmand and the `gearman -w` CLI workers on it, stopped and started on their own
# so a running demo can show an outage in the editor:
#   bash scripts/demo-gearmand.sh stop     # the Servers view marks the server down
#   bash scripts/demo-gearmand.sh start    # back on the same port, with its workers
#   bash scripts/demo-gearmand.sh status
# scripts/demo.sh starts it the same way and stops it when the demo ends. Works only while a
# demo runs (with the same DEMO_STATE), so nothing started here outlives the demo.
set -euo pipefail
exec 9>&- # the demo's lock descriptor: the processes started here must not hold it
cd "$(dirname "$0")/.."

STATE="${DEMO_STATE:-${XDG_CACHE_HOME:-$HOME/.cache}/gearman-vscode/demo}"
PID_FILE="$STATE/gearmand.pid"
WORKERS_FILE="$STATE/cli-workers.pids"
say() { echo "demo-gearmand: $*"; }
# This script as a command to paste (absolute, with DEMO_STATE when it is not the default).
SELF="${DEMO_STATE:+DEMO_STATE=$(printf %q "$STATE") }bash $(printf %q "$PWD/scripts/demo-gearmand.sh")"

[ -f "$STATE/gearmand.port" ] || { say "no demo has run with $STATE; start one with: npm run demo"; exit 1; }
PORT="$(cat "$STATE/gearmand.port")"
if flock -n "$STATE/demo.lock" true 2>/dev/null; then
  say "no demo is running with $STATE; start one with: npm run demo"
  exit 1
fi

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
gearmand_pid() { [ -f "$PID_FILE" ] && cat "$PID_FILE" || true; }

# Starts a command in a session of its own (Ctrl-C in this terminal does not reach it),
# writing its pid to FILE (appended).
spawn() {
  local file="$1" log="$2"; shift 2
  setsid bash -c 'echo $$ >>"$0"; exec "$@"' "$file" "$@" >>"$log" 2>&1 </dev/null &
}

# SIGTERM to each pid, then SIGKILL to what is left after 5 s.
stop_pids() {
  local p left
  for p in "$@"; do kill -TERM "$p" 2>/dev/null || true; done
  for _ in $(seq 50); do
    left=""
    for p in "$@"; do alive "$p" && left=1; done
    [ -z "$left" ] && return 0
    sleep 0.1
  done
  for p in "$@"; do kill -KILL "$p" 2>/dev/null || true; done
}

start() {
  if alive "$(gearmand_pid)"; then say "gearmand is already running on 127.0.0.1:$PORT"; return 0; fi
  if port_open; then say "something else listens on 127.0.0.1:$PORT; stop it first"; exit 1; fi
  rm -f "$PID_FILE" "$WORKERS_FILE"
  spawn "$PID_FILE" "$STATE/gearmand.out" /usr/sbin/gearmand --port "$PORT" --listen 127.0.0.1 --threads 1 \
    --log-file "$STATE/gearmand.log"
  for _ in $(seq 100); do port_open && break; sleep 0.1; done
  port_open || { say "gearmand did not start; see $STATE/gearmand.log and $STATE/gearmand.out"; exit 1; }
  # The seed's walk-through worker and one more. Their output is dropped: while gearmand is
  # down the CLI retries without pause and would fill a log (stop stops them first).
  spawn "$WORKERS_FILE" /dev/null gearman -h 127.0.0.1 -p "$PORT" -w -f count_lines -- wc -l
  spawn "$WORKERS_FILE" /dev/null gearman -h 127.0.0.1 -p "$PORT" -w -f reverse -- rev
  # Jobs for a misspelled name (php/client.php has the typo) wait with no worker: the
  # explorer warns about them and the diagnostic counts them.
  gearman -h 127.0.0.1 -p "$PORT" -b -f resize_imgae -- "typo in a function name" >/dev/null 2>&1 || true
  say "gearmand is up on 127.0.0.1:$PORT (pid $(gearmand_pid)), with workers for count_lines and reverse"
}

stop() {
  local pid workers=()
  [ -f "$WORKERS_FILE" ] && mapfile -t workers <"$WORKERS_FILE"
  [ ${#workers[@]} -gt 0 ] && stop_pids "${workers[@]}"
  rm -f "$WORKERS_FILE"
  pid="$(gearmand_pid)"
  if alive "$pid"; then
    stop_pids "$pid"
    say "gearmand on 127.0.0.1:$PORT is stopped; start it again with: $SELF start"
  else
    say "gearmand is not running"
  fi
  rm -f "$PID_FILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    if alive "$(gearmand_pid)"; then say "gearmand is running on 127.0.0.1:$PORT (pid $(gearmand_pid))"; else say "gearmand is stopped (port $PORT)"; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
