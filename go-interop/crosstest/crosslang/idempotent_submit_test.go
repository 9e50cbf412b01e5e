package crosslang

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/url"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/conn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/contact"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/contactpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

// The Go client's submits are safe to retry (docs/contact.md, "Idempotent submits"): a batch
// whose answer is lost after the server stored it, retried by the client with the same
// idempotency key, is queued once.
func TestSubmitBatchRetriedAfterItsAnswerWasLostIsQueuedOnce(t *testing.T) {
	store := freshDatabase(t)
	server, err := testserver.StartJava("--contact-store", store)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := server.Stop(); err != nil {
			t.Error(err)
		}
	})
	proxy := startCutProxy(t, server.Addr)
	cc, err := conn.Options{Addr: proxy.Addr()}.Dial()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close() })
	client := contact.New(cc, callTimeout)
	database := psqlTarget(t, store)

	// The server's insert of the batch waits on this lock, its call open, until we let it go.
	lock := lockTable(t, database, "contact_task")
	tasks := []string{"lost-0", "lost-1", "lost-2", "lost-3", "lost-4"}
	type outcome struct {
		ids []string
		err error
	}
	answered := make(chan outcome, 1)
	go func() {
		ids, err := client.SubmitTaskBatch(context.Background(), tasks)
		answered <- outcome{ids, err}
	}()
	awaitQuery(t, database, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"+
		" AND query LIKE 'INSERT INTO contact_task%'", "1")
	// The client loses its connection (UNAVAILABLE) while the server still holds the call; then
	// the server commits the batch, whose answer nobody receives.
	proxy.cutAll()
	lock.release(t)

	got := <-answered
	if got.err != nil {
		t.Fatalf("the retried submit failed: %v", got.err)
	}
	if len(got.ids) != len(tasks) {
		t.Fatalf("ids %v, want %d", got.ids, len(tasks))
	}
	if n := query(t, database, "SELECT count(*) FROM contact_task"); n != strconv.Itoa(len(tasks)) {
		t.Fatalf("%s tasks stored, want %d: the retry queued the batch again", n, len(tasks))
	}
	for i, id := range got.ids {
		status, err := client.TaskStatus(context.Background(), id)
		if err != nil || status.GetTask() != tasks[i] || status.GetState() != contactpb.TaskState_TASK_STATE_QUEUED {
			t.Errorf("task %s: %v %v, want %q queued", id, status, err, tasks[i])
		}
	}
}

// psqlTarget turns a jdbc:postgresql:// URL into psql's connection flags.
func psqlTarget(t *testing.T, jdbc string) []string {
	t.Helper()
	u, err := url.Parse(strings.TrimPrefix(jdbc, "jdbc:"))
	if err != nil {
		t.Fatal(err)
	}
	return []string{"-h", u.Hostname(), "-p", u.Port(), "-U", u.Query().Get("user"),
		"-d", strings.TrimPrefix(u.Path, "/"), "-v", "ON_ERROR_STOP=1"}
}

// query runs one SQL query with psql and returns its single value.
func query(t *testing.T, database []string, sql string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, "psql", append(database, "-tAc", sql)...).CombinedOutput()
	if err != nil {
		t.Fatalf("psql %q: %v: %s", sql, err, out)
	}
	return strings.TrimSpace(string(out))
}

// awaitQuery polls sql until it returns want, for at most callTimeout.
func awaitQuery(t *testing.T, database []string, sql, want string) {
	t.Helper()
	deadline := time.Now().Add(callTimeout)
	for {
		got := query(t, database, sql)
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%q still %s after %v, want %s", sql, got, callTimeout, want)
		}
	}
}

// tableLock is a psql session holding a table lock in an open transaction.
type tableLock struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

// lockTable locks table against writes (EXCLUSIVE mode) until release (or t's cleanup).
func lockTable(t *testing.T, database []string, table string) *tableLock {
	t.Helper()
	cmd := exec.Command("psql", database...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lock := &tableLock{cmd, stdin}
	t.Cleanup(func() { lock.release(t) })
	fmt.Fprintf(stdin, "BEGIN;\nLOCK TABLE %s IN EXCLUSIVE MODE;\n", table)
	// psql prints each command's tag once it completed: the lock is held after "LOCK TABLE".
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		if lines.Text() == "LOCK TABLE" {
			go func() { _, _ = io.Copy(io.Discard, stdout) }()
			return lock
		}
	}
	t.Fatalf("psql ended before locking %s: %v", table, lines.Err())
	return nil
}

// release commits the lock's transaction and waits for psql to exit; idempotent.
func (l *tableLock) release(t *testing.T) {
	t.Helper()
	if l.stdin == nil {
		return
	}
	fmt.Fprintln(l.stdin, "COMMIT;")
	l.stdin.Close()
	l.stdin = nil
	if err := l.cmd.Wait(); err != nil {
		t.Errorf("psql holding the lock: %v", err)
	}
}
