package crosslang

import (
	"errors"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// wantCode fails the test unless err carries the gRPC status code want (through any wrapping)
// and, for server-side failures, a message that names the problem (every word of mentions
// appears, case-insensitively) and leaks no stack trace. It returns the server's message.
func wantCode(t *testing.T, err error, want codes.Code, mentions ...string) string {
	t.Helper()
	if got := status.Code(err); got != want {
		t.Fatalf("status %v (%v), want %v", got, err, want)
	}
	var carrier interface{ GRPCStatus() *status.Status }
	if !errors.As(err, &carrier) {
		t.Fatalf("%v does not carry a gRPC status", err)
	}
	message := carrier.GRPCStatus().Message()
	if want != codes.Canceled && want != codes.DeadlineExceeded && message == "" {
		t.Fatalf("%v status without a message", want)
	}
	for _, word := range mentions {
		if !strings.Contains(strings.ToLower(message), strings.ToLower(word)) {
			t.Errorf("%v message %q does not mention %q", want, message, word)
		}
	}
	for _, leak := range []string{"\tat ", ".java:", "Exception"} {
		if strings.Contains(message, leak) {
			t.Fatalf("status message leaks server internals (%q): %s", leak, message)
		}
	}
	return message
}
