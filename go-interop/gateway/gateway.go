// Package gateway is the REST/JSON face of the polyglot services: a grpc-gateway v2 reverse proxy
// whose JSON routes are generated from proto/ plus proto/gateway/polyglot.yaml, hand-written
// routes where JSON mapping does not fit (raw file bytes, health), the OpenAPI document and
// Swagger UI, wrapped in the HTTP concerns a public endpoint needs (limits, deadlines, CORS,
// access log, panic recovery). docs/gateway.md describes every route.
package gateway

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	// The server's error details (google.rpc.ErrorInfo, BadRequest, RetryInfo) travel as Any:
	// their types must be registered for the error body's "details" to be written as JSON.
	_ "google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health/grpc_health_v1"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/files"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gateway/gen/contactpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gateway/gen/gcnpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gateway/gen/hellopb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gateway/gen/helloworldpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gateway/gen/muxspb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gateway/gen/openapi"
)

// Config holds the gateway's HTTP-side settings; the backend connection is made by the caller.
type Config struct {
	// Deadline bounds every backend call whose request carries no Grpc-Timeout header, except
	// the getTask stream, which lasts as long as its worker.
	Deadline time.Duration
	// MaxBodyBytes caps a JSON request body; larger ones get 413.
	MaxBodyBytes int64
	// MaxUploadBytes caps a raw file PUT body; larger ones get 413.
	MaxUploadBytes int64
	// ForwardTokens says whether an Authorization header may go to the backend; false when the
	// backend connection is plaintext to another machine, where anyone on the path could read it.
	ForwardTokens bool
	// BodyReadTimeout is the longest a request body may pause between reads, and the allowance
	// before MinBodyRate applies; 0 leaves bodies unbounded in time.
	BodyReadTimeout time.Duration
	// MinBodyRate is the average rate, bytes a second, a request body must keep up after its
	// first BodyReadTimeout; 0 checks pauses only.
	MinBodyRate int64
	// MaxGrpcTimeout caps a request's Grpc-Timeout header; 0 leaves it uncapped.
	MaxGrpcTimeout time.Duration
	// CORSOrigins lists the origins browsers may call from; empty turns CORS off.
	CORSOrigins []string
	// SwaggerUIDir is the swagger-ui-dist package folder served at /swagger-ui/; empty serves
	// a 404 that says how to install it.
	SwaggerUIDir string
	// AppDir is the built TypeScript demo page served at /app/; empty serves a 404 that says
	// how to build it.
	AppDir string
	// Streams is cancelled when the gateway shuts down, ending long-lived streams (getTask)
	// that would otherwise hold the drain open until its grace runs out.
	Streams context.Context
	// Log receives one access line per request and the recovered panics.
	Log *slog.Logger
}

// OpenAPIPath is where the gateway serves its OpenAPI (Swagger 2.0) document.
const OpenAPIPath = "/openapi/polyglot.swagger.json"

// New returns the gateway's HTTP handler, calling the backend over cc.
func New(cc *grpc.ClientConn, cfg Config) (http.Handler, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Streams == nil {
		cfg.Streams = context.Background()
	}
	mux := runtime.NewServeMux(
		runtime.WithMarshalerOption(runtime.MIMEWildcard, compactJSON()),
		runtime.WithErrorHandler(errorHandler),
		runtime.WithRoutingErrorHandler(routingErrorHandler),
		runtime.WithMiddlewares(routeProbe),
		runtime.WithHealthzEndpoint(grpc_health_v1.NewHealthClient(cc)),
		runtime.WithIncomingHeaderMatcher(incomingHeaders),
	)
	ctx := context.Background()
	for name, register := range map[string]func(context.Context, *runtime.ServeMux, *grpc.ClientConn) error{
		"helloworld.Greeter":     helloworldpb.RegisterGreeterHandler,
		"muxs.Greeter":           muxspb.RegisterGreeterHandler,
		"muxs.FileController":    muxspb.RegisterFileControllerHandler,
		"go_protoc.HelloService": hellopb.RegisterHelloServiceHandler,
		"GCNService":             gcnpb.RegisterGCNServiceHandler,
		"Contact":                contactpb.RegisterContactHandler,
	} {
		if err := register(ctx, mux, cc); err != nil {
			return nil, fmt.Errorf("registering the %s routes: %w", name, err)
		}
	}
	if err := registerFileRoutes(mux, files.New(cc, noClientTimeout), cfg.MaxUploadBytes); err != nil {
		return nil, err
	}

	top := http.NewServeMux()
	jsonRoutes := limitBody(cfg.MaxBodyBytes, mux)
	top.Handle("/", defaultDeadline(cfg.Deadline, jsonRoutes))
	// A worker's task stream lasts until the worker or the gateway leaves (or its Grpc-Timeout).
	top.Handle("/v1/tasks:stream", endStreamsOnShutdown(cfg.Streams, jsonRoutes))
	top.Handle("/v1/files/", defaultDeadline(cfg.Deadline, mux)) // raw uploads have their own, larger limit
	top.HandleFunc("GET "+OpenAPIPath, serveOpenAPI)
	top.Handle("/swagger-ui/", swaggerUI(cfg.SwaggerUIDir))
	if err := registerRPCRoutes(top, cc, cfg); err != nil { // gRPC-Web and Connect: rpc.go
		return nil, err
	}
	top.Handle(AppPath, demoApp(cfg.AppDir))

	var h http.Handler = top
	h = cutSlowBodies(cfg.BodyReadTimeout, cfg.MinBodyRate, h)
	h = boundGrpcTimeout(cfg.MaxGrpcTimeout, h)
	h = requireUTF8(h)
	h = refuseConflictingFraming(h)
	h = guardTokens(cfg.ForwardTokens, h)
	h = withCORS(cfg.CORSOrigins, h)
	h = recoverPanics(cfg.Log, h)
	h = accessLog(cfg.Log, h)
	return h, nil
}

// IdempotencyKeyHeader makes a task submit (POST /v1/tasks, /v1/tasks:batch) safe to retry:
// it reaches the backend as the idempotency-key metadata Contact honours (docs/contact.md).
const IdempotencyKeyHeader = "Idempotency-Key"

// incomingHeaders is grpc-gateway's default mapping (Grpc-Metadata-* and the permanent HTTP
// headers) plus Idempotency-Key, which the default drops. The key arrives canonicalised.
func incomingHeaders(key string) (string, bool) {
	if key == IdempotencyKeyHeader {
		return "idempotency-key", true
	}
	return runtime.DefaultHeaderMatcher(key)
}

func serveOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(openapi.Document)
}
