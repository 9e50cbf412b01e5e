# shellcheck shell=bash
# Sourced: a throwaway PostgreSQL (scripts/scratch-postgres) for a script's replicas to share.
#   start_postgres DIR  starts it (its output in DIR) and sets POSTGRES_URL (a jdbc:postgresql://
#                       URL for --contact-store) and POSTGRES_PID. Bounded: 120 s (a first run
#                       installs the Debian packages).
#   stop_postgres       SIGTERM: it stops and deletes its cluster; waits for that.
source scripts/lib/await-line.sh
POSTGRES_PID=""
POSTGRES_URL=""

start_postgres() {
  local dir=$1
  mkdir -p "$dir"
  scripts/scratch-postgres >"$dir/postgres.out" 2>"$dir/postgres.err" &
  POSTGRES_PID=$!
  POSTGRES_URL=$(ready_value "$dir/postgres.out" 'postgres on ' "$POSTGRES_PID" 120 "$dir/postgres.err")
}

stop_postgres() {
  if [[ -n "$POSTGRES_PID" ]]; then
    kill -TERM "$POSTGRES_PID" 2>/dev/null || true
    wait "$POSTGRES_PID" 2>/dev/null || true
    POSTGRES_PID=""
  fi
}
