package crosslang

import (
	"context"
	"testing"

	"google.golang.org/grpc/codes"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/crosstest/internal/gcnref"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gcn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/gcnpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

// Graphs over the configured node or edge limit are RESOURCE_EXHAUSTED; at the limit they pass.
func TestGCNGraphsOverTheLimitsAreResourceExhausted(t *testing.T) {
	limitedCC := dialOwnServer(t, func() (*testserver.Server, error) {
		return testserver.StartJava("--gcn-max-nodes", "3", "--gcn-max-edges", "2")
	})
	client := gcn.New(limitedCC, callTimeout)
	ctx := context.Background()

	atLimit := &gcnpb.GraphData{Nodes: []*gcnpb.Node{gcnref.Node("a", 1), gcnref.Node("b", 2), gcnref.Node("c", 3)},
		Edges: []*gcnpb.Edge{gcnref.Edge("a", "b"), gcnref.Edge("b", "c")}}
	if _, err := client.ProcessGraph(ctx, atLimit); err != nil {
		t.Fatalf("a graph at the limits: %v", err)
	}
	tooManyNodes := &gcnpb.GraphData{Nodes: append(atLimit.Nodes, gcnref.Node("d", 4))}
	_, err := client.ProcessGraph(ctx, tooManyNodes)
	wantCode(t, err, codes.ResourceExhausted, "nodes")
	tooManyEdges := &gcnpb.GraphData{Nodes: atLimit.Nodes, Edges: append(atLimit.Edges, gcnref.Edge("a", "c"))}
	_, err = client.ProcessGraph(ctx, tooManyEdges)
	wantCode(t, err, codes.ResourceExhausted, "edges")
}
