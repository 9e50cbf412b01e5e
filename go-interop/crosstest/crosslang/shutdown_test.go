package crosslang

import (
	"context"
	"testing"

	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

// On SIGTERM the server first tells health watchers NOT_SERVING (so load balancers drain it),
// then stops; it still exits 0 (checked by dialOwnServer's cleanup).
func TestShutdownTurnsHealthNotServing(t *testing.T) {
	var own *testserver.Server
	ownCC := dialOwnServer(t, func() (*testserver.Server, error) {
		var err error
		own, err = testserver.StartJava()
		return own, err
	})
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	watch, err := healthpb.NewHealthClient(ownCC).Watch(ctx, &healthpb.HealthCheckRequest{Service: "go_protoc.HelloService"})
	if err != nil {
		t.Fatal(err)
	}
	first, err := watch.Recv()
	if err != nil || first.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("before SIGTERM: %v, %v; want SERVING", first, err)
	}
	if err := own.Terminate(); err != nil {
		t.Fatal(err)
	}
	next, err := watch.Recv()
	if err != nil || next.GetStatus() != healthpb.HealthCheckResponse_NOT_SERVING {
		t.Fatalf("after SIGTERM: %v, %v; want NOT_SERVING", next, err)
	}
	cancel() // end the watch so the server need not wait out its grace period for it
}
