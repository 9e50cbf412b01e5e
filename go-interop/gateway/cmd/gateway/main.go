// Command gateway is the REST/JSON reverse proxy in front of the polyglot gRPC server: every
// unary method as a JSON route, files as raw bytes, getTask as newline-delimited JSON, the
// OpenAPI document at /openapi/polyglot.swagger.json and Swagger UI at /swagger-ui/ (see
// docs/gateway.md). It prints "listening on HOST:PORT" once it listens (the real port for
// -port 0) and, on SIGTERM or SIGINT, drains in-flight requests and exits 0.
//
// Usage:
//
//	gateway [-backend HOST:PORT] [-host 127.0.0.1] [-port 8080] [-tls -ca_file F ...]
//	        [-http_cert_file F -http_key_file F] [-cors_origins O1,O2] [-swagger_ui_dir D]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"google.golang.org/grpc"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/conn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gateway"
)

// backendWindows are fixed HTTP/2 flow-control windows for the backend connection. grpc-go's
// default sizes them by bandwidth-delay probing instead, which sent a WINDOW_UPDATE and a PING
// after nearly every response when calls come one at a time: an extra write for the gateway
// and a PING ACK to read and write for the server on each call (strace at c=1: 1249 writes to
// the backend for 603 calls, 678 with fixed windows). 1 MiB per stream still moves a stream at
// ~1 GB/s over a 1 ms round trip, and bounds what the gateway buffers for a slow HTTP reader
// below the probing's 16 MiB (the 64 MiB download test's peak RSS: 29.5 MiB against 23-35).
var backendWindows = []grpc.DialOption{
	grpc.WithStaticStreamWindowSize(1 << 20),
	grpc.WithStaticConnWindowSize(16 << 20),
}

// gcPercent is the gateway's garbage-collection target (GOGC) unless the environment sets
// GOGC. The gateway's live heap is small and every call allocates, so at Go's default of 100
// the collector took ~13 % of its CPU at 16 concurrent SayHello calls; at 200 the gateway spent
// 12 % less CPU per call (profiled, 42000 calls: 4.55 and 4.35 s against 3.76 and 3.99 s),
// while the 64 MiB streaming tests peak at 33-39 MiB, under their 48 MiB bound.
const gcPercent = 200

// graceTimeout bounds how long in-flight requests may finish after SIGTERM before they are cut.
const graceTimeout = 10 * time.Second

type flags struct {
	backend                   conn.Options
	host                      string
	port                      int
	httpCertFile, httpKeyFile string
	corsOrigins               string
	maxBodyBytes              int64
	maxUploadBytes            int64
	bodyReadTimeout           time.Duration
	minBodyRate               int64
	maxGrpcTimeout            time.Duration
	swaggerUIDir              string
	appDir                    string
}

func parseFlags(args []string) (flags, error) {
	var f flags
	fs := flag.NewFlagSet("gateway", flag.ContinueOnError)
	f.backend.RegisterFlags(fs)
	fs.Func("backend", "the gRPC server's host:port (same as -addr)", func(v string) error {
		f.backend.Addr = v
		return nil
	})
	fs.StringVar(&f.host, "host", "127.0.0.1", "HTTP address to bind")
	fs.IntVar(&f.port, "port", 8080, "HTTP port; 0 picks a free one")
	fs.StringVar(&f.httpCertFile, "http_cert_file", "", "PEM certificate to serve HTTPS with (with -http_key_file)")
	fs.StringVar(&f.httpKeyFile, "http_key_file", "", "PEM private key to serve HTTPS with (with -http_cert_file)")
	fs.StringVar(&f.corsOrigins, "cors_origins", "", "comma-separated origins browsers may call from (default: CORS off)")
	fs.Int64Var(&f.maxBodyBytes, "max_body_bytes", 16<<20, "largest JSON request body, bytes (413 above)")
	fs.Int64Var(&f.maxUploadBytes, "max_upload_bytes", 4<<30, "largest raw file PUT body, bytes (413 above)")
	// The body defaults are Apache mod_reqtimeout's (body=20,MinRate=500): proven on the open
	// internet, and 500 bytes/s still lets a 4 GiB upload take three months.
	fs.DurationVar(&f.bodyReadTimeout, "body_read_timeout", 20*time.Second,
		"longest pause while reading a request body, and the allowance before -min_body_rate applies; 0 = no limit (408 and the connection closed when exceeded)")
	fs.Int64Var(&f.minBodyRate, "min_body_rate", 500, "slowest average request body rate, bytes/s, after -body_read_timeout; 0 = pauses only")
	fs.DurationVar(&f.maxGrpcTimeout, "max_grpc_timeout", time.Hour, "longest Grpc-Timeout a request may ask for; longer ones are cut to it; 0 = no cap")
	fs.StringVar(&f.swaggerUIDir, "swagger_ui_dir", "", "folder of the swagger-ui-dist package, served at /swagger-ui/")
	fs.StringVar(&f.appDir, "app_dir", "", "folder of the built TypeScript demo page (ts-interop/dist/app), served at /app/")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	explicitToken := false
	fs.Visit(func(fl *flag.Flag) { explicitToken = explicitToken || fl.Name == "token" })
	if explicitToken {
		return f, errors.New("-token: the gateway sends each request's own Authorization header, it has no token of its own")
	}
	f.backend.Token = "" // POLYGLOT_TOKEN in the environment is for clients, not for the gateway
	if f.bodyReadTimeout < 0 || f.minBodyRate < 0 || f.maxGrpcTimeout < 0 {
		return f, errors.New("-body_read_timeout, -min_body_rate and -max_grpc_timeout must not be negative (0 turns each off)")
	}
	if (f.httpCertFile == "") != (f.httpKeyFile == "") {
		return f, errors.New("-http_cert_file and -http_key_file go together")
	}
	return f, nil
}

func main() {
	log.SetFlags(0)
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	f, err := parseFlags(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		log.Fatalf("gateway: %v", err)
	}
	cc, err := f.backend.Dial(backendWindows...)
	if err != nil {
		log.Fatalf("gateway: %v", err)
	}
	defer cc.Close()

	streams, endStreams := context.WithCancel(context.Background())
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	handler, err := gateway.New(cc, gateway.Config{
		Deadline:        f.backend.Deadline,
		MaxBodyBytes:    f.maxBodyBytes,
		MaxUploadBytes:  f.maxUploadBytes,
		BodyReadTimeout: f.bodyReadTimeout,
		MinBodyRate:     f.minBodyRate,
		MaxGrpcTimeout:  f.maxGrpcTimeout,
		ForwardTokens:   f.backend.TLS || conn.IsLoopback(f.backend.Addr),
		CORSOrigins:     splitList(f.corsOrigins),
		SwaggerUIDir:    f.swaggerUIDir,
		AppDir:          f.appDir,
		Streams:         streams,
		Log:             logger,
	})
	if err != nil {
		log.Fatalf("gateway: %v", err)
	}
	if f.appDir != "" && !gateway.AppInstalled(f.appDir) {
		log.Fatalf("gateway: -app_dir %s holds no built demo page (index.html missing)", f.appDir)
	}
	if f.swaggerUIDir != "" && !gateway.SwaggerUIInstalled(f.swaggerUIDir) {
		log.Fatalf("gateway: -swagger_ui_dir %s holds no swagger-ui-dist (index.html missing)", f.swaggerUIDir)
	}

	lis, err := net.Listen("tcp", net.JoinHostPort(f.host, fmt.Sprint(f.port)))
	if err != nil {
		log.Fatalf("gateway: %v", err)
	}
	// Headers must arrive within 10 s and an idle keep-alive connection is closed after 2 min;
	// bodies are paced per request by the gateway (-body_read_timeout, -min_body_rate). No
	// ReadTimeout (it would cut long honest uploads) and no WriteTimeout (it would cut
	// downloads and the task stream).
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	if f.httpCertFile == "" {
		lis = gateway.WatchFraming(srv, lis) // plaintext HTTP/1: see the raw request headers
	}
	// The one stdout line scripts and tests wait for; logs go to stderr.
	fmt.Printf("listening on %s\n", lis.Addr())
	scheme := "http"
	if f.httpCertFile != "" {
		scheme = "https"
	}
	logger.Info("gateway listening", "url", scheme+"://"+lis.Addr().String(), "backend", f.backend.Addr,
		"backend_tls", f.backend.TLS, "cors_origins", f.corsOrigins, "swagger_ui", f.swaggerUIDir != "")

	drained := make(chan struct{})
	go drainOnSignal(srv, endStreams, logger, drained)
	if f.httpCertFile != "" {
		err = srv.ServeTLS(lis, f.httpCertFile, f.httpKeyFile)
	} else {
		err = srv.Serve(lis)
	}
	if !errors.Is(err, http.ErrServerClosed) {
		log.Fatalf("gateway: %v", err)
	}
	<-drained // Serve returns as soon as Shutdown begins; wait until it has finished
}

// drainOnSignal stops accepting on SIGTERM/SIGINT, ends the long-lived streams, and lets the
// other requests finish within graceTimeout before cutting them.
func drainOnSignal(srv *http.Server, endStreams context.CancelFunc, logger *slog.Logger, drained chan<- struct{}) {
	defer close(drained)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	sig := <-signals
	logger.Info("gateway draining", "signal", sig.String())
	endStreams()
	ctx, cancel := context.WithTimeout(context.Background(), graceTimeout)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		logger.Warn("gateway: requests still running after the grace period were cut", "error", err)
		_ = srv.Close()
	}
}

func splitList(list string) []string {
	var out []string
	for _, item := range strings.Split(list, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}
