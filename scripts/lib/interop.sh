# Sourced by scripts/test interop and scripts/bench interop: installs the official interop clients
# into build/interop (git-ignored), makes a throwaway test PKI, starts and stops the server jar
# with --test-service. Expects the repository root as the working directory and $work set.
source scripts/lib/await-line.sh

# grpc-go's interop client at the grpc-go version go-interop/go.mod pins (TOOLCHAIN: v1.85.0).
# Installed with `go install` into our own GOBIN, never added to go.mod (it drags in xds, envoy).
interop_go_version() {
  awk '$1 == "google.golang.org/grpc" {print $2; exit}' go-interop/go.mod
}

interop_go_client=build/interop/bin/client
interop_java_classpath_file=build/interop/java-client.classpath

# Installs both official clients; quick when they are already there.
interop_install_clients() {
  local version stamp=build/interop/bin/.grpc-go-version
  version=$(interop_go_version)
  mkdir -p build/interop/bin
  if [[ ! -x "$interop_go_client" || "$(cat "$stamp" 2>/dev/null)" != "$version" ]]; then
    echo "--- go install google.golang.org/grpc/interop/client@$version"
    GOBIN="$(pwd)/build/interop/bin" go install "google.golang.org/grpc/interop/client@$version"
    echo "$version" >"$stamp"
  fi
  # grpc-java's TestServiceClient runs on its own classpath (grpc 1.79, protobuf 3.25).
  if [[ ! -s "$interop_java_classpath_file" \
        || interop/java-client/pom.xml -nt "$interop_java_classpath_file" ]]; then
    echo "--- resolving grpc-java's interop client (interop/java-client/pom.xml)"
    (cd interop/java-client && mvn -B -ntp -q dependency:build-classpath \
      "-Dmdep.outputFile=$(pwd)/../../$interop_java_classpath_file")
  fi
}

# Makes a CA and a server certificate for localhost/127.0.0.1 in $work/certs, plus a PKCS#12
# trust store of the CA for grpc-java's client (it has no CA-file flag; it trusts the JVM's store).
interop_make_pki() {
  scripts/make-dev-certs --out "$work/certs" --days 1 >/dev/null
  keytool -importcert -noprompt -alias interop-ca -file "$work/certs/ca.pem" \
    -keystore "$work/certs/ca.p12" -storetype PKCS12 -storepass changeit >/dev/null 2>&1
}

interop_server_pid=""
interop_port=""

# Starts the jar with --test-service and any extra flags; sets interop_port. Bounded wait (60 s).
interop_start_server() {
  local jar=${POLYGLOT_SERVER_JAR:-java-server/target/polyglot-server.jar} address
  java -jar "$jar" --port 0 --test-service --files-root "$work/files" --contact-store memory "$@" \
    >"$work/server.out" 2>"$work/server.err" &
  interop_server_pid=$!
  address=$(ready_value "$work/server.out" 'listening on ' "$interop_server_pid" 60 "$work/server.err")
  interop_port=${address##*:}
}

# SIGTERM and wait; the server exits 0 after draining.
interop_stop_server() {
  if [[ -n "$interop_server_pid" ]] && kill -0 "$interop_server_pid" 2>/dev/null; then
    kill -TERM "$interop_server_pid"
    wait "$interop_server_pid" || true
  fi
  interop_server_pid=""
}

# Every client run is bounded: a hung case fails alone instead of stalling the suite.
interop_case_timeout=120s

# The grpc-go client for one case; extra flags (TLS, soak) follow.
interop_run_go() {
  local case=$1
  shift
  timeout "$interop_case_timeout" "$interop_go_client" --server_host=127.0.0.1 --server_port="$interop_port" \
    --test_case="$case" "$@"
}

# grpc-java's client for one case; "tls" as second argument trusts $work/certs/ca.p12.
interop_run_java() {
  local case=$1 mode=$2
  shift 2
  # C1 only: each case is a fresh short-lived JVM, where start-up time dominates.
  local jvm=(-XX:TieredStopAtLevel=1) tls=(--use_tls=false)
  if [[ "$mode" == tls ]]; then
    jvm+=(-Djavax.net.ssl.trustStore="$work/certs/ca.p12" -Djavax.net.ssl.trustStorePassword=changeit
         -Djavax.net.ssl.trustStoreType=PKCS12)
    tls=(--use_tls=true --server_host_override=localhost)
  fi
  timeout "$interop_case_timeout" java "${jvm[@]}" -cp "$(cat "$interop_java_classpath_file")" \
    io.grpc.testing.integration.TestServiceClient --server_host=127.0.0.1 \
    --server_port="$interop_port" "${tls[@]}" --test_case="$case" "$@"
}
