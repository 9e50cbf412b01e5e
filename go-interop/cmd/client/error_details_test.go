package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A failed call prints the server's error details under its FAILED line, as the Java and
// Python command-line clients do.
func TestPrintsErrorDetailsUnderTheFailureLine(t *testing.T) {
	local := filepath.Join(t.TempDir(), "out")
	code, _, errOut := runClient("-addr", server.Addr, "download", "../etc/passwd", local)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	want := []string{"  reason: INVALID_PATH (domain grpc-polyglot.dev)", "  field: filename"}
	if len(lines) < 3 || !strings.Contains(lines[len(lines)-3], "FAILED: INVALID_ARGUMENT") ||
		strings.Join(lines[len(lines)-2:], "\n") != strings.Join(want, "\n") {
		t.Errorf("stderr:\n%s\nwant a FAILED: INVALID_ARGUMENT line followed by:\n%s", errOut, strings.Join(want, "\n"))
	}
}
