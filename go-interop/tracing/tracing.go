// Package tracing sends W3C trace context (a traceparent header) on every call of a connection,
// through OpenTelemetry's grpc-go instrumentation (otelgrpc). The Java server writes the trace id
// in its access-log line (trace=<id>), so a client's trace finds the server's record of it.
package tracing

import (
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"google.golang.org/grpc"
)

// Enable installs the SDK's tracer provider (the API's default makes no real spans, so nothing
// would propagate) and the W3C trace-context propagator, process-wide. No exporter: the point
// is propagation; register one on the provider to ship spans.
func Enable() *sdktrace.TracerProvider {
	provider := sdktrace.NewTracerProvider()
	otel.SetTracerProvider(provider)
	otel.SetTextMapPropagator(propagation.TraceContext{})
	return provider
}

// DialOption instruments a connection: each call is a client span, child of the span in the
// call's context (or the root of a new trace), and carries its traceparent to the server.
func DialOption() grpc.DialOption {
	return grpc.WithStatsHandler(otelgrpc.NewClientHandler())
}
