# shellcheck shell=bash
# Sourced by the scripts that run a server: start it, wait for its one stdout line
# "listening on HOST:PORT", stop it; and on exit, kill a server still running and remove the
# folders handed to remove_at_exit.
#   start_server DIR COMMAND...  runs COMMAND in the background (stdout DIR/server.out, stderr
#                                DIR/server.err); waits at most SERVER_START_SECONDS (30) for the
#                                line; sets server_pid and server_address. Fails (server stderr
#                                shown) if the server dies or stays silent.
#   stop_server                  SIGTERM, then waits; fails (stderr shown) unless it exits 0.
#   remove_at_exit DIR...        folders deleted when the script exits, however it exits.
#   run_at_exit COMMAND          a command (one string, eval'd) run at exit before the folders
#                                are deleted, e.g. to stop other processes the script started.
# It sets the EXIT trap: a script that sources it uses remove_at_exit and run_at_exit instead of
# its own trap.

source scripts/lib/await-line.sh
server_pid=""
server_address=""
_server_dir=""
_remove_at_exit=()
_run_at_exit=()

remove_at_exit() {
  _remove_at_exit+=("$@")
}

run_at_exit() {
  _run_at_exit+=("$1")
}

_server_at_exit() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  local command
  for command in "${_run_at_exit[@]}"; do
    eval "$command" || true
  done
  if [[ ${#_remove_at_exit[@]} -gt 0 ]]; then
    rm -rf "${_remove_at_exit[@]}"
  fi
}
trap _server_at_exit EXIT

start_server() {
  local dir=$1
  shift
  _server_dir=$dir
  "$@" >"$dir/server.out" 2>"$dir/server.err" &
  server_pid=$!
  server_address=$(ready_value "$dir/server.out" 'listening on ' "$server_pid" \
    "${SERVER_START_SECONDS:-30}" "$dir/server.err") || { server_pid=""; return 1; }
}

stop_server() {
  local status=0
  kill -TERM "$server_pid"
  wait "$server_pid" || status=$?
  server_pid=""
  if ((status != 0)); then
    cat "$_server_dir/server.err" >&2
    echo "server exited $status after SIGTERM" >&2
    return 1
  fi
}
