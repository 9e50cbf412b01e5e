# shellcheck shell=bash
# Sourced: await_line FILE PREFIX PID SECONDS [LOG] waits until FILE has a line starting with
# PREFIX, written by the background process PID (a server's "listening on " line). Fails, with
# LOG (its stderr) shown, when PID exits first or SECONDS pass; never waits longer.
# The one place that waits for a ready line: server.sh, servers.sh, interop.sh, postgres.sh and the
# scripts that start the gateway all go through await_line or ready_value.
await_line() {
  local file=$1 prefix=$2 pid=$3 seconds=$4 log=${5:-}
  local deadline=$((SECONDS + seconds))
  until grep -q "^$prefix" "$file" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      [[ -z "$log" ]] || cat "$log" >&2
      echo "process $pid exited before printing '$prefix...'" >&2
      return 1
    fi
    if ((SECONDS >= deadline)); then
      [[ -z "$log" ]] || cat "$log" >&2
      echo "no '$prefix...' line from process $pid in $seconds s" >&2
      return 1
    fi
    sleep 0.1
  done
}

# ready_value FILE PREFIX PID SECONDS [LOG] waits as await_line does, then prints the rest of the
# first PREFIX line: address=$(ready_value "$dir/server.out" 'listening on ' "$pid" 30 "$dir/server.err")
ready_value() {
  await_line "$@" || return 1
  sed -n "s/^$2//p" "$1" | head -n 1
}
