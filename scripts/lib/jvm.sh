# shellcheck shell=bash
# Sourced by scripts/server (the launcher) and scripts/build (the AOT training run): which JVM
# runs the server and with which flags, kept in one place because an AOT cache is only used by a
# JVM started with the flags it was trained with. Measurements: docs/performance.md.
#   JDK25_HOME        Temurin JDK 25 (env POLYGLOT_JDK25_HOME overrides); absent: plain java.
#   SERVER_JAR, AOT_CACHE   the fat jar and its AOT cache (written by scripts/build).
#   JDK25_FLAGS       compact object headers (JEP 519) and SerialGC with a 16 MB starting heap
#                     (RSS idle 141 -> 98 MB, under Hello c=16 230 -> 139 MB), and Netty's
#                     native transport allowed without JDK 25's restricted-method warning.
JDK25_HOME=${POLYGLOT_JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
# shellcheck disable=SC2034  # read by the scripts that source this file
SERVER_JAR=java-server/target/polyglot-server.jar
# shellcheck disable=SC2034  # read by the scripts that source this file
AOT_CACHE=java-server/target/polyglot-server.aot
# shellcheck disable=SC2034  # read by the scripts that source this file
JDK25_FLAGS=(-XX:+UseCompactObjectHeaders -XX:+UseSerialGC -Xms16m
  --enable-native-access=ALL-UNNAMED)

has_jdk25() {
  [[ -x "$JDK25_HOME/bin/java" ]]
}
