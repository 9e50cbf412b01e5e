package crosslang

import (
	"context"
	"slices"
	"testing"

	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/health"
)

// The services of the wire contract, by full name.
var contractServices = []string{"go_protoc.HelloService", "helloworld.Greeter", "muxs.Greeter",
	"muxs.FileController", "GCNService", "Contact"}

func TestHealthReportsEveryServiceServing(t *testing.T) {
	client := health.New(cc, callTimeout)
	for _, service := range append([]string{""}, contractServices...) {
		got, err := client.Check(context.Background(), service)
		if err != nil {
			t.Fatal(err)
		}
		if got != healthpb.HealthCheckResponse_SERVING {
			t.Errorf("Check(%q) = %v, want SERVING", service, got)
		}
	}
}

// Reflection v1 lists every service, so grpcurl-like tools (and Go's grpcreflect) can call them.
func TestReflectionListsEveryService(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	stream, err := reflectionpb.NewServerReflectionClient(cc).ServerReflectionInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = stream.Send(&reflectionpb.ServerReflectionRequest{
		MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{ListServices: ""}})
	if err != nil {
		t.Fatal(err)
	}
	reply, err := stream.Recv()
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, s := range reply.GetListServicesResponse().GetService() {
		listed = append(listed, s.GetName())
	}
	for _, want := range append(contractServices, "grpc.health.v1.Health") {
		if !slices.Contains(listed, want) {
			t.Errorf("reflection lists %v, missing %s", listed, want)
		}
	}
	if err := stream.CloseSend(); err != nil {
		t.Fatal(err)
	}
}
