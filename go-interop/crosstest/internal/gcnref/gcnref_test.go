package gcnref

import (
	"math"
	"testing"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/gcnpb"
)

// The reference itself must reproduce docs/services.md's worked example before it can judge the
// server (this test needs no server).
func TestReferenceModelReproducesTheWorkedExample(t *testing.T) {
	graph := &gcnpb.GraphData{
		Nodes: []*gcnpb.Node{Node("node1", 0.1, 0.2, 0.3), Node("node2", 0.4, 0.5, 0.6)},
		// The duplicate (reversed) edge and the self-loop must collapse.
		Edges: []*gcnpb.Edge{Edge("node1", "node2"), Edge("node2", "node1"), Edge("node1", "node1")},
	}
	for id, score := range Scores(graph) {
		if math.Abs(score-0.586618) > 1e-6 {
			t.Errorf("%s: %v, want 0.586618", id, score)
		}
	}
	// An isolated node: Â = [1], H = ReLU(x), score = sigmoid(mean(ReLU(x))).
	lone := &gcnpb.GraphData{Nodes: []*gcnpb.Node{Node("x", 1, -1)}}
	if got, want := Scores(lone)["x"], 1/(1+math.Exp(-0.5)); math.Abs(got-want) > 1e-12 {
		t.Errorf("isolated node: %v, want %v", got, want)
	}
}
