# shellcheck shell=bash
# Sourced by the suites that test the server jar (scripts/test python, scripts/test go).
#   fresh_server_jar   prints the jar to test: $POLYGLOT_SERVER_JAR as given, else
#                      java-server/target/polyglot-server.jar, rebuilt with scripts/build first
#                      when it is missing or older than any source it is built from (so a suite
#                      never tests yesterday's server after a change), with its native libraries
#                      unpacked for scripts/server. Run from the repository root.

fresh_server_jar() {
  if [[ -n "${POLYGLOT_SERVER_JAR:-}" ]]; then
    realpath "$POLYGLOT_SERVER_JAR"
    return
  fi
  local jar=java-server/target/polyglot-server.jar
  if [[ ! -f "$jar" ]]; then
    echo "=== $jar missing: scripts/build" >&2
    scripts/build >&2
  else
    local newer
    newer=$(find java-server/src java-server/pom.xml proto pom.xml -newer "$jar" -type f \
      -not -path '*/target/*' -print -quit)
    if [[ -n "$newer" ]]; then
      echo "=== $jar is older than $newer: scripts/build" >&2
      scripts/build >&2
    fi
  fi
  # A jar Maven built (scripts/test java) comes without the native libraries scripts/build
  # unpacks for scripts/server; unpacking them is two files, not a build.
  source scripts/lib/jvm.sh
  if [[ ! -d "$NATIVE_DIR" || ! "$NATIVE_DIR" -nt "$jar" ]]; then
    unpack_native_libraries
  fi
  realpath "$jar"
}
