// Package gcn is a small client for GCNService (graph convolutional network scoring) and reads
// graphs from JSON files.
package gcn

import (
	"context"
	"fmt"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/gcnpb"
)

// Client calls /GCNService/ProcessGraph, each call bounded by its timeout.
type Client struct {
	rpc     gcnpb.GCNServiceClient
	timeout time.Duration
}

// New returns a client over cc whose every call has the given timeout. A large graph needs a
// connection whose max message size fits it (conn.Options.MaxMessageSize).
func New(cc grpc.ClientConnInterface, timeout time.Duration) *Client {
	return &Client{rpc: gcnpb.NewGCNServiceClient(cc), timeout: timeout}
}

// ProcessGraph returns a score in (0, 1) for every node id of graph.
func (c *Client) ProcessGraph(ctx context.Context, graph *gcnpb.GraphData) (map[string]float32, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	reply, err := c.rpc.ProcessGraph(ctx, graph)
	if err != nil {
		return nil, fmt.Errorf("GCNService/ProcessGraph(%d nodes, %d edges): %w",
			len(graph.GetNodes()), len(graph.GetEdges()), err)
	}
	return reply.GetNodeScores(), nil
}

// ReadGraphFile reads a graph in the proto's JSON form, e.g.
// {"nodes":[{"id":"a","features":[0.1]}],"edges":[{"sourceId":"a","targetId":"b"}]}
// (protojson: field names in lowerCamel or as in the proto, unknown fields refused).
func ReadGraphFile(path string) (*gcnpb.GraphData, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading graph: %w", err)
	}
	graph := &gcnpb.GraphData{}
	if err := protojson.Unmarshal(data, graph); err != nil {
		return nil, fmt.Errorf("parsing graph %s: %w", path, err)
	}
	return graph, nil
}
