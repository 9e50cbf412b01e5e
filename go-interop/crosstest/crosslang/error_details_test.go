package crosslang

import (
	"context"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/contact"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/crosstest/internal/gcnref"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/files"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gcn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/gcnpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/rpcerror"
)

// The domain of every ErrorInfo the server sends (docs/errors.md).
const errorDomain = "grpc-polyglot.dev"

// wantDetails checks err's code and returns the google.rpc.Status details it carries.
func wantDetails(t *testing.T, err error, want codes.Code, reason string) rpcerror.Details {
	t.Helper()
	wantCode(t, err, want)
	details, ok := rpcerror.Of(err)
	if !ok {
		t.Fatalf("%v carries no error details", err)
	}
	if details.Reason != reason || details.Domain != errorDomain {
		t.Fatalf("ErrorInfo %q in %q, want %q in %q", details.Reason, details.Domain, reason, errorDomain)
	}
	return details
}

func fields(d rpcerror.Details) string {
	var names []string
	for _, v := range d.FieldViolations {
		names = append(names, v.Field)
	}
	return strings.Join(names, ",")
}

func TestAnUnknownEdgeTargetNamesItsFieldPath(t *testing.T) {
	graph := &gcnpb.GraphData{Nodes: []*gcnpb.Node{gcnref.Node("a", 1), gcnref.Node("b", 2)},
		Edges: []*gcnpb.Edge{gcnref.Edge("a", "b"), gcnref.Edge("b", "nowhere")}}
	_, err := gcn.New(cc, callTimeout).ProcessGraph(context.Background(), graph)
	details := wantDetails(t, err, codes.InvalidArgument, "UNKNOWN_NODE_ID")
	if fields(details) != "edges[1].target_id" {
		t.Errorf("field violations %q, want edges[1].target_id", fields(details))
	}
	if !strings.Contains(details.FieldViolations[0].Description, `"nowhere"`) {
		t.Errorf("violation description %q does not name the id", details.FieldViolations[0].Description)
	}
	if details.HasRetryDelay {
		t.Errorf("a bad graph says retry after %v", details.RetryDelay)
	}
}

func TestAPathThatLeavesTheRootNamesTheFilenameField(t *testing.T) {
	_, err := files.New(cc, callTimeout).Read(context.Background(), "../etc/passwd")
	details := wantDetails(t, err, codes.InvalidArgument, "INVALID_PATH")
	if fields(details) != "filename" {
		t.Errorf("field violations %q, want filename", fields(details))
	}
}

func TestAFullQueueSaysWhenToRetry(t *testing.T) {
	smallCC := dialOwnServer(t, func() (*testserver.Server, error) {
		return testserver.StartJava("--contact-max-queued", "1")
	})
	client := contact.New(smallCC, callTimeout)
	if _, err := client.SubmitTask(context.Background(), "upper first"); err != nil {
		t.Fatal(err)
	}
	_, err := client.SubmitTask(context.Background(), "upper second")
	details := wantDetails(t, err, codes.ResourceExhausted, "QUEUE_FULL")
	if !details.HasRetryDelay || details.RetryDelay != time.Second {
		t.Errorf("retry delay %v (present %v), want 1s", details.RetryDelay, details.HasRetryDelay)
	}
	want := "  reason: QUEUE_FULL (domain grpc-polyglot.dev)\n  retry after: 1.000s"
	if got := strings.Join(details.Lines(), "\n"); got != want {
		t.Errorf("lines:\n%s\nwant:\n%s", got, want)
	}
}

func TestAnUnknownTaskIDIsNotFoundWithItsField(t *testing.T) {
	_, err := contact.New(cc, callTimeout).TaskStatus(context.Background(), "424242")
	details := wantDetails(t, err, codes.NotFound, "TASK_NOT_FOUND")
	if fields(details) != "task_id" {
		t.Errorf("field violations %q, want task_id", fields(details))
	}
}
