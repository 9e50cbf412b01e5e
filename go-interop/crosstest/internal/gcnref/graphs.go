package gcnref

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/gcnpb"
)

// Tolerance is how far a server's float32 score may be from the float64 reference.
const Tolerance = 1e-5

// RandomGraph has n nodes ("n0".."n<n-1>") with f features each in [-1, 1) and about e edges,
// some of them repeated in reverse and some self-loops, which the model must collapse.
func RandomGraph(rng *rand.Rand, n, f, e int) *gcnpb.GraphData {
	graph := &gcnpb.GraphData{}
	for i := range n {
		features := make([]float32, f)
		for k := range features {
			features[k] = rng.Float32()*2 - 1
		}
		graph.Nodes = append(graph.Nodes, &gcnpb.Node{Id: fmt.Sprintf("n%d", i), Features: features})
	}
	for range e {
		a, b := fmt.Sprintf("n%d", rng.IntN(n)), fmt.Sprintf("n%d", rng.IntN(n))
		graph.Edges = append(graph.Edges, &gcnpb.Edge{SourceId: a, TargetId: b})
		if rng.IntN(10) == 0 {
			graph.Edges = append(graph.Edges, &gcnpb.Edge{SourceId: b, TargetId: a})
		}
	}
	return graph
}

// Mismatches compares a server's scores with Scores(graph): it returns one line per node that
// is missing, outside (0, 1) or off by more than Tolerance, and one per unexpected node.
func Mismatches(graph *gcnpb.GraphData, scores map[string]float32) []string {
	want := Scores(graph)
	var out []string
	for id, w := range want {
		got, ok := scores[id]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("node %s: no score", id))
		case got <= 0 || got >= 1 || math.Abs(float64(got)-w) > Tolerance:
			out = append(out, fmt.Sprintf("node %s: score %v, reference %.7f", id, got, w))
		}
	}
	for id := range scores {
		if _, ok := want[id]; !ok {
			out = append(out, fmt.Sprintf("node %s: scored but not in the graph", id))
		}
	}
	return out
}

// Node is a node with the given id and features.
func Node(id string, features ...float32) *gcnpb.Node {
	return &gcnpb.Node{Id: id, Features: features}
}

// Edge is an edge between two node ids.
func Edge(source, target string) *gcnpb.Edge {
	return &gcnpb.Edge{SourceId: source, TargetId: target}
}
