package pairings

import (
	"context"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/conn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/crosstest/internal/gcnref"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/crosstest/internal/refcheck"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gcn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/gcnpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/health"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

const callTimeout = refcheck.CallTimeout

// The two styles of the Python reference server: the demos' ThreadPoolExecutor and grpc.aio.
var pythonStyles = []string{"sync", "aio"}

// pythonVenv returns the python-interop venv's interpreter; scripts/test go makes the venv
// (scripts/setup-python) before the Go tests.
func pythonVenv(t *testing.T) string {
	t.Helper()
	root, err := testserver.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	python := filepath.Join(root, "python-interop", ".venv", "bin", "python")
	if _, err := os.Stat(python); err != nil {
		t.Fatalf("%s is missing: run scripts/setup-python (scripts/test go does)", python)
	}
	return python
}

// The Go client against each Python reference server: docs/services.md's exact replies and errors.
func TestGoClientAgainstPythonReferenceServers(t *testing.T) {
	python := pythonVenv(t)
	for _, style := range pythonStyles {
		t.Run(style, func(t *testing.T) {
			server, err := testserver.Start(func(string) *exec.Cmd {
				return exec.Command(python, "-m", "polyglot_interop.servers."+style, "--port", "0")
			})
			if err != nil {
				t.Fatal(err)
			}
			defer func() {
				if err := server.Stop(); err != nil {
					t.Error(err)
				}
			}()
			cc, err := conn.Options{Addr: server.Addr}.Dial()
			if err != nil {
				t.Fatal(err)
			}
			defer cc.Close()
			checkReplies(t, cc)
		})
	}
}

func checkReplies(t *testing.T, cc grpc.ClientConnInterface) {
	t.Helper()
	refcheck.HelloAndGreeter(t, cc)
	ctx := context.Background()
	for _, service := range []string{"", "go_protoc.HelloService", "helloworld.Greeter", "GCNService"} {
		if got, err := health.New(cc, callTimeout).Check(ctx, service); err != nil || got != healthpb.HealthCheckResponse_SERVING {
			t.Errorf("health of %q: %v, %v; want SERVING", service, got, err)
		}
	}
	// The Python GCN demo's server, called by Go as the original Go backend did.
	scorer := gcn.New(cc, callTimeout)
	example := &gcnpb.GraphData{
		Nodes: []*gcnpb.Node{{Id: "node1", Features: []float32{0.1, 0.2, 0.3}}, {Id: "node2", Features: []float32{0.4, 0.5, 0.6}}},
		Edges: []*gcnpb.Edge{{SourceId: "node1", TargetId: "node2"}},
	}
	scores, err := scorer.ProcessGraph(ctx, example)
	if err != nil || len(scores) != 2 || math.Abs(float64(scores["node1"])-0.586618) > 1e-6 ||
		math.Abs(float64(scores["node2"])-0.586618) > 1e-6 {
		t.Errorf("worked example: %v, %v; want both 0.586618", scores, err)
	}
	rng := rand.New(rand.NewPCG(3, 2026))
	for range 5 {
		graph := gcnref.RandomGraph(rng, 1+rng.IntN(100), rng.IntN(6), rng.IntN(300))
		scores, err := scorer.ProcessGraph(ctx, graph)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range gcnref.Mismatches(graph, scores) {
			t.Error(line)
		}
	}
	_, err = scorer.ProcessGraph(ctx, &gcnpb.GraphData{Nodes: []*gcnpb.Node{{Id: "a"}, {Id: "a"}}})
	if status.Code(err) != codes.InvalidArgument {
		t.Errorf("duplicate node id: %v, want INVALID_ARGUMENT", err)
	}
}
