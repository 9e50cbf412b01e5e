# Sourced helper: starts the server jar on a free loopback port and stops it on exit.
# start_server WORK_DIR [SERVER_ARGS...] sets server_pid and address ("127.0.0.1:PORT"), with the
# server's output in WORK_DIR/server.out and .err; the EXIT trap kills it and removes WORK_DIR.
# Env POLYGLOT_SERVER_JAR overrides the jar; JAVA_OPTS adds JVM flags.
server_pid=""
address=""

stop_server_on_exit() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid"; fi
  rm -rf "$1"
}

start_server() {
  local work=$1
  shift
  local jar=${POLYGLOT_SERVER_JAR:-java-server/target/polyglot-server.jar}
  # shellcheck disable=SC2064 # expand $work now: it is local
  trap "stop_server_on_exit '$work'" EXIT
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
  java ${JAVA_OPTS:-} -jar "$jar" --port 0 --files-root "$work/files" "$@" \
    >"$work/server.out" 2>"$work/server.err" &
  server_pid=$!
  for _ in $(seq 300); do   # bounded: 30 s for the line the server prints once it listens
    grep -q '^listening on ' "$work/server.out" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err"; echo "server died" >&2; exit 1; }
    sleep 0.1
  done
  address=$(sed -n 's/^listening on //p' "$work/server.out")
  [[ -n "$address" ]] || { cat "$work/server.err"; echo "server did not start in 30 s" >&2; exit 1; }
}
