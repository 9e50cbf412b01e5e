// Package gcnref is an independent Go implementation of the default GCN model of docs/services.md,
// used by the tests to judge every server's GCNService on random graphs.
package gcnref

import (
	"math"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/gcnpb"
)

// Scores is an independent Go implementation of the default GCN model of docs/services.md
// (no model file: identity weights, no bias), to check the server on random graphs:
//
//	Â = D̃^-1/2 (A + I) D̃^-1/2 over undirected edges (duplicates and self-loops collapse),
//	H = Â · ReLU(Â X),  score_i = sigmoid(mean_j H_ij),  0.5 for nodes without features.
//
// It works in float64 on sparse neighbour lists, so a million edges are cheap.
func Scores(graph *gcnpb.GraphData) map[string]float64 {
	nodes := graph.GetNodes()
	index := make(map[string]int, len(nodes))
	for i, n := range nodes {
		index[n.GetId()] = i
	}
	neighbours := make([][]int, len(nodes))
	seen := make(map[[2]int]bool, len(graph.GetEdges()))
	for _, e := range graph.GetEdges() {
		a, b := index[e.GetSourceId()], index[e.GetTargetId()]
		if a == b {
			continue // A + I already has the self-loop
		}
		if a > b {
			a, b = b, a
		}
		if seen[[2]int{a, b}] {
			continue
		}
		seen[[2]int{a, b}] = true
		neighbours[a] = append(neighbours[a], b)
		neighbours[b] = append(neighbours[b], a)
	}
	degree := make([]float64, len(nodes)) // of A + I
	for i := range nodes {
		degree[i] = float64(len(neighbours[i]) + 1)
	}
	// propagate returns Â M for a node-by-feature matrix M.
	propagate := func(m [][]float64) [][]float64 {
		out := make([][]float64, len(m))
		for i := range m {
			row := make([]float64, len(m[i]))
			for k := range row {
				row[k] = m[i][k] / degree[i]
			}
			for _, j := range neighbours[i] {
				w := 1 / math.Sqrt(degree[i]*degree[j])
				for k := range row {
					row[k] += w * m[j][k]
				}
			}
			out[i] = row
		}
		return out
	}
	x := make([][]float64, len(nodes))
	for i, n := range nodes {
		x[i] = make([]float64, len(n.GetFeatures()))
		for k, f := range n.GetFeatures() {
			x[i][k] = float64(f)
		}
	}
	hidden := propagate(x)
	for _, row := range hidden {
		for k, v := range row {
			row[k] = math.Max(v, 0)
		}
	}
	h := propagate(hidden)
	scores := make(map[string]float64, len(nodes))
	for i, n := range nodes {
		if len(h[i]) == 0 {
			scores[n.GetId()] = 0.5
			continue
		}
		sum := 0.0
		for _, v := range h[i] {
			sum += v
		}
		scores[n.GetId()] = 1 / (1 + math.Exp(-sum/float64(len(h[i]))))
	}
	return scores
}
