package interop

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

// grpcurl runs the grpcurl pinned in tools/go.mod (a `tool` line there, so this module's go.mod
// never sees it) against the test server and returns what it printed and whether it succeeded.
func grpcurl(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root, err := testserver.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	// The first run builds grpcurl (minutes on a busy machine); later runs hit the build cache.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", append([]string{"tool", "grpcurl"}, args...)...)
	cmd.Dir = filepath.Join(root, "tools")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// The error details every failure carries (docs/errors.md) are served by reflection, so the
// standard tool prints them decoded instead of "not recognized".
func TestGrpcurlDecodesBadRequestThroughReflection(t *testing.T) {
	for _, tc := range []struct {
		method, request, field string
	}{
		{"helloworld.Greeter/Square", `{"value": -1}`, `"field": "value"`},
		{"GCNService/ProcessGraph",
			`{"nodes": [{"id": "a", "features": [1]}, {"id": "b", "features": [0]}],
			  "edges": [{"sourceId": "a", "targetId": "b"}, {"sourceId": "a", "targetId": "zz"}]}`,
			`"field": "edges[1].target_id"`},
	} {
		out, err := grpcurl(t, "-plaintext", "-d", tc.request, server.Addr, tc.method)
		if err == nil {
			t.Errorf("%s: grpcurl succeeded, want InvalidArgument:\n%s", tc.method, out)
		}
		for _, want := range []string{"Code: InvalidArgument",
			`"@type": "type.googleapis.com/google.rpc.BadRequest"`, tc.field,
			`"@type": "type.googleapis.com/google.rpc.ErrorInfo"`} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: grpcurl output lacks %s:\n%s", tc.method, want, out)
			}
		}
		if strings.Contains(out, "not recognized") {
			t.Errorf("%s: a detail type is unknown to reflection:\n%s", tc.method, out)
		}
	}
}
