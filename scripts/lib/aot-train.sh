# shellcheck shell=bash
# Sourced by scripts/build: train_aot_cache writes java-server/target/polyglot-server.aot when
# Temurin JDK 25 is installed (else it does nothing). The training run (JEP 514's one-step
# -XX:AOTCacheOutput) starts the server with the launcher's flags and drives what users drive:
# Hello from four clients at once, two sendStatus streams (java-bench's contact-bench), the
# Greeters and health; then stops it. At exit the JVM writes the classes it loaded
# and the profiles it gathered (JEP 515), which later starts map instead of redoing, so the JIT
# compiles the hot paths from the first calls. Training on streams too raised the first
# sendStatus stream after a start by ~10 % (docs/performance.md); ~15 s of a build.
source scripts/lib/jvm.sh
source scripts/lib/server.sh

train_aot_cache() {
  has_jdk25 || { echo "no JDK 25 at $JDK25_HOME: no AOT cache (scripts/server runs plain java)"; return 0; }
  local dir
  dir=$(mktemp -d)
  remove_at_exit "$dir"
  rm -f "$AOT_CACHE"
  native_flags
  start_server "$dir" "$JDK25_HOME/bin/java" "${JDK25_FLAGS[@]}" "${NATIVE_FLAGS[@]}" \
    -XX:AOTCacheOutput="$AOT_CACHE" -Xlog:aot=warning -jar "$SERVER_JAR" --port 0 --data-dir "$dir/data" --files-root "$dir/files"
  local clients=() client
  for client in 1 2 3 4; do
    java -jar java-client/target/polyglot-client.jar --target "$server_address" --repeat=2000 \
      hello >"$dir/hello-$client.out" &
    clients+=($!)
  done
  java -jar java-bench/target/polyglot-bench.jar contact-bench --target "$server_address" \
    --phases chat --chat-warmup 300000 --messages 300000 >"$dir/chat.out"
  for client in "${clients[@]}"; do
    wait "$client"
  done
  # Not GCN, files or Contact's queue: their large messages made the trained profiles of the
  # shared transport code polymorphic, and the warm sendStatus stream 25 % slower.
  java -jar java-client/target/polyglot-client.jar --target "$server_address" --repeat=200 \
    hello greeter muxs-greeter health >"$dir/client.out"
  stop_server
  [[ -f "$AOT_CACHE" ]] || { cat "$dir/server.err" >&2; echo "the training run wrote no AOT cache" >&2; return 1; }
}
