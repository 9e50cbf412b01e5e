# Sourced helper: start polyglot-server replicas with metrics, read their addresses, stop them.
#   start_replica DIR [SERVER_ARGS...]  starts the jar (cwd: repository root) with --port 0
#       --metrics-port 0, its output in DIR; sets REPLICA_PID, REPLICA_ADDR, REPLICA_METRICS
#       and appends the pid to REPLICA_PIDS. Bounded: 60 s for both stdout lines.
#       REPLICA_FILES_ROOT, when set, is the files root every replica shares (else DIR/files).
#   stop_replicas  SIGTERMs every replica this shell started and waits for it.
#   metric_value METRICS_ADDR NAME LABEL_SUBSTRING  prints one sample's value (0 if absent);
#       with METRICS_TOKEN_FILE set, the scrape sends that file's bearer token.
source scripts/lib/await-line.sh
REPLICA_PIDS=()

start_replica() {
  local dir=$1
  shift
  mkdir -p "$dir"
  java -jar java-server/target/polyglot-server.jar --port 0 --metrics-port 0 \
    --files-root "${REPLICA_FILES_ROOT:-$dir/files}" --data-dir "$dir/data" "$@" \
    >"$dir/out" 2>"$dir/err" &
  REPLICA_PID=$!
  REPLICA_PIDS+=("$REPLICA_PID")
  # The metrics line comes second, so once it is there the address is too.
  REPLICA_METRICS=$(ready_value "$dir/out" 'metrics on ' "$REPLICA_PID" 60 "$dir/err")
  REPLICA_ADDR=$(sed -n 's/^listening on //p' "$dir/out")
  [[ -n "$REPLICA_ADDR" && -n "$REPLICA_METRICS" ]] \
    || { cat "$dir/err" >&2; echo "server did not print both lines in 60 s" >&2; return 1; }
}

stop_replicas() {
  local pid
  for pid in "${REPLICA_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${REPLICA_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  REPLICA_PIDS=()
}

metric_value() {
  local auth=()
  [[ -n "${METRICS_TOKEN_FILE:-}" ]] && auth=(-H "Authorization: Bearer $(<"$METRICS_TOKEN_FILE")")
  curl -fsS --max-time 10 "${auth[@]}" "http://$1/metrics" \
    | awk -v name="$2" -v labels="$3" '
        !found && index($0, name "{") == 1 && index($0, labels) > 0 { value = $NF + 0; found = 1 }
        END { print found ? value : 0 }'
}
