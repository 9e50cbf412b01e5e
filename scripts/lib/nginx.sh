# Sourced helper: run deploy/nginx in the foreground on loopback under a temporary prefix.
#   start_nginx PREFIX CERT_DIR ADDR...  nginx.conf/upstream.conf from deploy/nginx with free
#       loopback ports and the given replicas; CERT_DIR holds server.pem/server.key. Sets
#       NGINX_PID, NGINX_TLS (127.0.0.1:PORT, TLS) and NGINX_H2C (plaintext HTTP/2).
#   stop_nginx  graceful stop (SIGQUIT), waits for it.
NGINX_PID=""

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_nginx() {
  local prefix=$1 certs=$2
  shift 2
  local tls_port plain_port
  tls_port=$(free_port)
  plain_port=$(free_port)
  mkdir -p "$prefix/tmp"
  sed -e "s/listen 8443 /listen 127.0.0.1:$tls_port /" \
    -e "s/listen 8080 /listen 127.0.0.1:$plain_port /" \
    -e 's/^worker_processes auto;/worker_processes 1;/' deploy/nginx/nginx.conf >"$prefix/nginx.conf"
  sed -e '/^  server replica-/d' deploy/nginx/upstream.conf \
    | awk -v servers="$*" '
        /^upstream / { print; n = split(servers, s, " ");
                       for (i = 1; i <= n; i++) print "  server " s[i] " max_fails=1 fail_timeout=10s;"; next }
        { print }' >"$prefix/upstream.conf"
  cp "$certs/server.pem" "$certs/server.key" "$prefix/"
  nginx -p "$prefix/" -c "$prefix/nginx.conf" -t -q
  nginx -p "$prefix/" -c "$prefix/nginx.conf" -g 'daemon off;' 2>"$prefix/error.log" &
  NGINX_PID=$!
  local _
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$tls_port") 2>/dev/null && break
    kill -0 "$NGINX_PID" 2>/dev/null || { cat "$prefix/error.log" >&2; return 1; }
    sleep 0.1
  done
  NGINX_TLS=127.0.0.1:$tls_port
  NGINX_H2C=127.0.0.1:$plain_port
}

stop_nginx() {
  if [[ -n "$NGINX_PID" ]]; then
    kill -QUIT "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
    NGINX_PID=""
  fi
}
