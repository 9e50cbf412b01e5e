# shellcheck shell=bash
# Sourced by scripts/build: train_aot_cache writes java-server/target/polyglot-server.aot when
# Temurin JDK 25 is installed (else it does nothing). The training run (JEP 514's one-step
# -XX:AOTCacheOutput) starts the server with the launcher's flags, makes a few hundred calls of
# every cheap service with the Java client, and stops it; at exit the JVM writes the classes it
# loaded and the profiles it gathered (JEP 515), which later starts map instead of redoing.
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
  java -jar java-client/target/polyglot-client.jar --target "$server_address" --repeat=200 \
    hello greeter muxs-greeter health >"$dir/client.out"
  stop_server
  [[ -f "$AOT_CACHE" ]] || { cat "$dir/server.err" >&2; echo "the training run wrote no AOT cache" >&2; return 1; }
}
