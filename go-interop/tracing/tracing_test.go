package tracing_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/conn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/hello"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/tracing"
)

// The trace the Go client starts is the one the Java server's access log names.
func TestServerLogsTheTraceIDTheClientStarted(t *testing.T) {
	server, err := testserver.StartJava()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { server.Stop() })
	provider := tracing.Enable()
	t.Cleanup(func() { provider.Shutdown(context.Background()) })

	cc, err := conn.Options{Addr: server.Addr}.Dial(tracing.DialOption())
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	ctx, span := otel.Tracer("go-client-test").Start(context.Background(), "go-client")
	traceID := span.SpanContext().TraceID().String()
	reply, err := hello.New(cc, 15*time.Second).Hello(ctx, "traced")
	span.End()
	if err != nil || reply != "hello:traced" {
		t.Fatalf("Hello: %q, %v", reply, err)
	}

	// The line is written when the server closes the stream, maybe just after the reply came:
	// poll the server's stderr, bounded.
	want := "trace=" + traceID
	deadline := time.Now().Add(30 * time.Second)
	for {
		log, _ := os.ReadFile(filepath.Join(server.Dir, "server.err"))
		if strings.Contains(string(log), want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no access-log line with %s in:\n%s", want, log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
