# shellcheck shell=bash
# Sourced by scripts/server (the launcher) and scripts/build (the AOT training run): which JVM
# runs the server and with which flags, kept in one place because an AOT cache is only used by a
# JVM started with the flags it was trained with. Measurements: docs/performance.md.
#   JDK25_HOME        Temurin JDK 25 (env POLYGLOT_JDK25_HOME overrides); absent: plain java.
#   SERVER_JAR, AOT_CACHE   the fat jar and its AOT cache (written by scripts/build).
#   JDK25_FLAGS       compact object headers (JEP 519) and SerialGC with a 16 MB starting heap
#                     (RSS idle 141 -> 98 MB, under Hello c=16 230 -> 139 MB), the C heap
#                     trimmed every 2 s (JDK 22+: glibc otherwise keeps what the start-up's JIT
#                     compiles freed; RSS idle 101-105 -> 92-93 MB), Netty's native
#                     transport allowed without JDK 25's restricted-method warning, and
#                     sun.misc.Unsafe's memory access allowed (JEP 498): without it Netty turns
#                     Unsafe off on JDK 24+ and frees direct buffers through a malloc/free linker
#                     it builds at every start.
#   NATIVE_DIR        the jar's native libraries for this machine (Netty's epoll transport,
#                     SQLite's JDBC driver), unpacked by scripts/build (unpack_native_libraries).
#   native_flags      sets NATIVE_FLAGS to the flags that load them from NATIVE_DIR; to none when
#                     it is absent or older than the jar. Why: otherwise every start copies both out of the
#                     jar into /tmp and loads the copy (60-90 ms of a start's CPU, measured in
#                     docs/performance.md), and cannot start where /tmp is mounted noexec.
JDK25_HOME=${POLYGLOT_JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
# shellcheck disable=SC2034  # read by the scripts that source this file
SERVER_JAR=java-server/target/polyglot-server.jar
# shellcheck disable=SC2034  # read by the scripts that source this file
AOT_CACHE=java-server/target/polyglot-server.aot
# shellcheck disable=SC2034  # read by the scripts that source this file
JDK25_FLAGS=(-XX:+UseCompactObjectHeaders -XX:+UseSerialGC -Xms16m
  -XX:TrimNativeHeapInterval=2000 --enable-native-access=ALL-UNNAMED
  --sun-misc-unsafe-memory-access=allow)

has_jdk25() {
  [[ -x "$JDK25_HOME/bin/java" ]]
}
# shellcheck disable=SC2034  # read by the scripts that source this file
NATIVE_DIR=java-server/target/native

# The jar's paths of the two libraries for this machine's architecture, Netty's then SQLite's.
_native_library_paths() {
  case "$(uname -sm)" in
    "Linux x86_64") echo "META-INF/native/libio_grpc_netty_shaded_netty_transport_native_epoll_x86_64.so org/sqlite/native/Linux/x86_64/libsqlitejdbc.so" ;;
    "Linux aarch64") echo "META-INF/native/libio_grpc_netty_shaded_netty_transport_native_epoll_aarch_64.so org/sqlite/native/Linux/aarch64/libsqlitejdbc.so" ;;
  esac
}

unpack_native_libraries() {
  local paths path jar
  rm -rf "$NATIVE_DIR"
  paths=$(_native_library_paths)
  [[ -n "$paths" ]] || return 0
  jar=$(realpath "$SERVER_JAR")
  mkdir -p "$NATIVE_DIR/unpacked"
  # shellcheck disable=SC2086  # two paths, split on purpose
  (cd "$NATIVE_DIR/unpacked" && jar xf "$jar" $paths)
  for path in $paths; do
    mv "$NATIVE_DIR/unpacked/$path" "$NATIVE_DIR/"
  done
  rm -rf "$NATIVE_DIR/unpacked"
}

native_flags() {
  NATIVE_FLAGS=()
  [[ -d "$NATIVE_DIR" && "$NATIVE_DIR" -nt "$SERVER_JAR" ]] || return 0
  # Netty tries java.library.path before unpacking; sqlite-jdbc loads org.sqlite.lib.path/name.
  NATIVE_FLAGS=(-Djava.library.path="$NATIVE_DIR" -Dorg.sqlite.lib.path="$NATIVE_DIR"
    -Dorg.sqlite.lib.name=libsqlitejdbc.so)
}
