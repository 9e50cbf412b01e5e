package crosslang

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/crosstest/internal/gcnref"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gcn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/gcnpb"
)

// docs/services.md's worked example: both nodes score sigmoid(0.35) = 0.586618.
func TestGCNWorkedExample(t *testing.T) {
	graph := &gcnpb.GraphData{
		Nodes: []*gcnpb.Node{gcnref.Node("node1", 0.1, 0.2, 0.3), gcnref.Node("node2", 0.4, 0.5, 0.6)},
		Edges: []*gcnpb.Edge{gcnref.Edge("node1", "node2")},
	}
	scores, err := gcn.New(cc, callTimeout).ProcessGraph(context.Background(), graph)
	if err != nil {
		t.Fatal(err)
	}
	if len(scores) != 2 {
		t.Fatalf("scores %v, want one per node", scores)
	}
	for id, score := range scores {
		if math.Abs(float64(score)-0.586618) > 1e-6 {
			t.Errorf("%s scores %v, want 0.586618", id, score)
		}
	}
}

func TestGCNEmptyGraphGivesEmptyMap(t *testing.T) {
	scores, err := gcn.New(cc, callTimeout).ProcessGraph(context.Background(), &gcnpb.GraphData{})
	if err != nil {
		t.Fatal(err)
	}
	if len(scores) != 0 {
		t.Errorf("scores %v, want none", scores)
	}
}

// checkAgainstReference fails the test if scores differ from the Go reimplementation's.
func checkAgainstReference(t *testing.T, graph *gcnpb.GraphData, scores map[string]float32) {
	t.Helper()
	bad := gcnref.Mismatches(graph, scores)
	for i, line := range bad {
		if i == 5 {
			t.Errorf("... %d nodes differ in all", len(bad))
			break
		}
		t.Error(line)
	}
}

func TestGCNMatchesAGoReimplementationOnRandomGraphs(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 2026)) // fixed seed: a failure can be replayed
	client := gcn.New(cc, callTimeout)
	for round := range 20 {
		n, f := 1+rng.IntN(200), rng.IntN(8)
		graph := gcnref.RandomGraph(rng, n, f, rng.IntN(3*n))
		scores, err := client.ProcessGraph(context.Background(), graph)
		if err != nil {
			t.Fatalf("round %d (%d nodes, %d features): %v", round, n, f, err)
		}
		checkAgainstReference(t, graph, scores)
	}
}

// A million edges fit in one request (64 MiB messages on both sides) and are scored right.
func TestGCNMillionEdgesInOneRequest(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the million-edge graph")
	}
	rng := rand.New(rand.NewPCG(1, 1_000_000))
	graph := gcnref.RandomGraph(rng, 100_000, 4, 1_000_000)
	graph.Edges = graph.Edges[:1_000_000]
	scores, err := gcn.New(cc, 120*time.Second).ProcessGraph(context.Background(), graph)
	if err != nil {
		t.Fatal(err)
	}
	checkAgainstReference(t, graph, scores)
}

func TestGCNInvalidGraphsNameTheCulprit(t *testing.T) {
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	cases := map[string]struct {
		graph   *gcnpb.GraphData
		mention string
	}{
		"duplicate node id": {&gcnpb.GraphData{Nodes: []*gcnpb.Node{gcnref.Node("twin", 1), gcnref.Node("twin", 2)}}, "twin"},
		"empty id":          {&gcnpb.GraphData{Nodes: []*gcnpb.Node{gcnref.Node("a", 1), gcnref.Node("", 2)}}, "id"},
		"edge to unknown id": {&gcnpb.GraphData{Nodes: []*gcnpb.Node{gcnref.Node("a", 1)},
			Edges: []*gcnpb.Edge{gcnref.Edge("a", "ghost")}}, "ghost"},
		"different feature counts": {&gcnpb.GraphData{Nodes: []*gcnpb.Node{gcnref.Node("a", 1, 2), gcnref.Node("short", 1)}}, "short"},
		"NaN feature":              {&gcnpb.GraphData{Nodes: []*gcnpb.Node{gcnref.Node("a", 1), gcnref.Node("nan-node", nan)}}, "nan-node"},
		"infinite feature":         {&gcnpb.GraphData{Nodes: []*gcnpb.Node{gcnref.Node("inf-node", inf)}}, "inf-node"},
	}
	client := gcn.New(cc, callTimeout)
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := client.ProcessGraph(context.Background(), c.graph)
			wantCode(t, err, codes.InvalidArgument, c.mention)
		})
	}
}

// A node without features scores 0.5 (sigmoid of an empty mean is taken as 0).
func TestGCNNodesWithoutFeaturesScoreOneHalf(t *testing.T) {
	graph := &gcnpb.GraphData{Nodes: []*gcnpb.Node{gcnref.Node("a"), gcnref.Node("b")}, Edges: []*gcnpb.Edge{gcnref.Edge("a", "b")}}
	scores, err := gcn.New(cc, callTimeout).ProcessGraph(context.Background(), graph)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"a", "b"} {
		if scores[id] != 0.5 {
			t.Errorf("%s scores %v, want 0.5", id, scores[id])
		}
	}
}

// A deadline shorter than the work: the call ends DEADLINE_EXCEEDED and the server, which
// stops a call's computation when its deadline passes, goes on serving.
func TestGCNDeadlineExceeded(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	graph := gcnref.RandomGraph(rng, 50_000, 8, 300_000)
	_, err := gcn.New(cc, 20*time.Millisecond).ProcessGraph(context.Background(), graph)
	wantCode(t, err, codes.DeadlineExceeded)
	if _, err := gcn.New(cc, callTimeout).ProcessGraph(context.Background(), &gcnpb.GraphData{
		Nodes: []*gcnpb.Node{gcnref.Node("still", 1)}}); err != nil {
		t.Errorf("after the deadline: %v", err)
	}
}
