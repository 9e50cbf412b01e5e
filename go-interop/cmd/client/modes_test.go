package main

import (
	"bytes"
	"crypto/rand"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

// mustRun runs the client and fails the test unless it exits 0; it returns stdout.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	return mustRunOn(t, server.Addr, args...)
}

// mustRunOn is mustRun against the server at addr.
func mustRunOn(t *testing.T, addr string, args ...string) string {
	t.Helper()
	code, out, errOut := runClient(append([]string{"-addr", addr, "-deadline", "60s"}, args...)...)
	if code != 0 {
		t.Fatalf("client %v: exit %d\nstdout:\n%s\nstderr:\n%s", args, code, out, errOut)
	}
	return out
}

// matchLines fails unless every line of out matches the pattern at the same position.
func matchLines(t *testing.T, out string, patterns ...string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(patterns) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(patterns), out)
	}
	for i, p := range patterns {
		if !regexp.MustCompile("^" + p + "$").MatchString(lines[i]) {
			t.Errorf("line %d = %q, want it to match %q", i, lines[i], p)
		}
	}
}

func TestGCNDemoPrintsTheWorkedExample(t *testing.T) {
	out := mustRun(t, "gcn")
	want := "GCNService/ProcessGraph(node1 [0.1 0.2 0.3], node2 [0.4 0.5 0.6], node1-node2) -> {node1=0.586618, node2=0.586618}\n"
	if out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
}

func TestGraphModeScoresAGraphFromAFile(t *testing.T) {
	graph := filepath.Join(t.TempDir(), "graph.json")
	json := `{"nodes": [{"id": "node1", "features": [0.1, 0.2, 0.3]}, {"id": "node2", "features": [0.4, 0.5, 0.6]}],
	          "edges": [{"sourceId": "node1", "targetId": "node2"}]}`
	if err := os.WriteFile(graph, []byte(json), 0o600); err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, "graph", graph)
	if want := "node1 0.586618\nnode2 0.586618\n"; out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
}

func TestFilesDemoCallsEveryMethod(t *testing.T) {
	matchLines(t, mustRun(t, "files"),
		regexp.QuoteMeta(`muxs.FileController/Write("go-demo/hello.txt", "hello from Go") -> code 0`),
		regexp.QuoteMeta(`muxs.FileController/Read("go-demo/hello.txt") -> hello from Go`),
		regexp.QuoteMeta(`muxs.FileController/Upload("go-demo/random.bin", 1 MiB) -> 1048576 bytes, sha256 `)+"[0-9a-f]{64}",
		regexp.QuoteMeta(`muxs.FileController/Download("go-demo/random.bin") -> 1048576 bytes, identical to the upload`),
		regexp.QuoteMeta(`muxs.FileController/List("go-demo") -> hello.txt (13 bytes), random.bin (1048576 bytes)`),
	)
}

func TestUploadThenDownloadModesRoundTripAFile(t *testing.T) {
	dir := t.TempDir()
	data := make([]byte, 3<<20+17)
	rand.Read(data)
	local, back := filepath.Join(dir, "local.bin"), filepath.Join(dir, "back.bin")
	if err := os.WriteFile(local, data, 0o600); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "upload", local, "cli/roundtrip.bin")
	out := mustRun(t, "download", "cli/roundtrip.bin", back)
	if !strings.HasSuffix(strings.TrimSpace(out), "-> 3145745 bytes") {
		t.Errorf("download printed %q", out)
	}
	got, err := os.ReadFile(back)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("downloaded file differs from the uploaded one (%v)", err)
	}
}

// ownQueue starts a server whose task queue only the calling test uses: the tests that count
// the tasks a worker does must not see tasks other tests left queued (they run shuffled).
func ownQueue(t *testing.T) string {
	t.Helper()
	return testserver.StartJavaForTest(t).Addr
}

func TestContactDemoRunsAWorkerForItsTask(t *testing.T) {
	matchLines(t, mustRunOn(t, ownQueue(t), "contact"),
		regexp.QuoteMeta(`Contact/sendStatus("hello", "from Go") -> server received: hello | server received: from Go`),
		regexp.QuoteMeta(`Contact/submitTask("go demo task") -> task `)+`(\S+)`,
		regexp.QuoteMeta(`Contact/submitTasks("go batch 1", "go batch 2") -> tasks `)+`\S+, \S+`,
		regexp.QuoteMeta(`Contact/submitTaskBatch("go batch 3", "go batch 4") -> tasks `)+`\S+, \S+`,
		regexp.QuoteMeta(`Contact/getTask + tellResult (a worker until it has done tasks `)+`\S+, \S+, \S+, \S+, \S+\) -> 5 task\(s\) done`,
		regexp.QuoteMeta(`Contact/getTaskStatus(`)+`"\S+"`+regexp.QuoteMeta(`) -> TASK_STATE_DONE, result "done by the Go worker: go demo task", 1 deliveries`),
	)
}

func TestSubmitThenWorkerModesDoEveryTask(t *testing.T) {
	addr := ownQueue(t)
	matchLines(t, mustRunOn(t, addr, "submit", "one", "two"),
		regexp.QuoteMeta(`Contact/submitTask("one") -> task `)+`\S+`,
		regexp.QuoteMeta(`Contact/submitTask("two") -> task `)+`\S+`)
	matchLines(t, mustRunOn(t, addr, "-worker_tasks", "2", "worker"),
		`task \S+ "one" -> "done by the Go worker: one"`,
		`task \S+ "two" -> "done by the Go worker: two"`,
		regexp.QuoteMeta(`Contact worker -> 2 task(s) done`))
}

func TestStatusModePrintsEachTaskAsTheJavaAndPythonClients(t *testing.T) {
	submitted := mustRun(t, "submit", "go status task")
	id := strings.TrimSpace(submitted[strings.LastIndex(submitted, "task ")+len("task "):])
	out := mustRun(t, "status", id)
	if !strings.HasPrefix(out, id+" ") || !strings.HasSuffix(out, ` deliveries=0 task="go status task"`+"\n") {
		t.Errorf("status %s: %q", id, out)
	}
	code, _, errOut := runClient("--target", server.Addr, "status", "424242")
	if code != 1 || !strings.HasPrefix(errOut, "error: NOT_FOUND: no task with id '424242'") ||
		!strings.Contains(errOut, "  reason: TASK_NOT_FOUND") {
		t.Errorf("status of an unknown id: exit %d, stderr:\n%s", code, errOut)
	}
}
