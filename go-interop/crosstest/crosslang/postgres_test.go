package crosslang

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

// postgresStartTimeout is generous: on a fresh machine scripts/scratch-postgres first installs
// Debian's PostgreSQL packages.
const postgresStartTimeout = 5 * time.Minute

// scratchPostgres is scripts/scratch-postgres, started by the first test that needs it (most
// runs of this package do not) and stopped by TestMain once every test ran. Each test gets a
// database of its own on it (freshDatabase), so no test sees another's tasks.
var scratchPostgres struct {
	once   sync.Once
	server *testserver.Server
	url    *url.URL // postgresql://127.0.0.1:PORT/polyglot?user=polyglot
	err    error
}

func startScratchPostgres() (*url.URL, error) {
	p := &scratchPostgres
	p.once.Do(func() {
		root, err := testserver.RepoRoot()
		if err != nil {
			p.err = err
			return
		}
		p.server, err = testserver.StartAnnouncing("postgres on ", postgresStartTimeout, func(string) *exec.Cmd {
			return exec.Command(filepath.Join(root, "scripts", "scratch-postgres"))
		})
		if err != nil {
			p.err = fmt.Errorf("PostgreSQL for the replica tests did not start: %w", err)
			return
		}
		p.url, p.err = url.Parse(strings.TrimPrefix(p.server.Addr, "jdbc:"))
	})
	return p.url, p.err
}

// stopScratchPostgres stops PostgreSQL if a test started it (the script deletes its cluster);
// an error unless it exited 0 on SIGTERM.
func stopScratchPostgres() error {
	if scratchPostgres.server == nil {
		return nil
	}
	return scratchPostgres.server.Stop()
}

var databaseCount atomic.Int64

// freshDatabase creates an empty database for t and returns its JDBC URL (for --contact-store);
// it is dropped at t's cleanup, after the servers using it stopped (cleanups run last-in
// first-out, and PostgreSQL refuses to drop a database still in use).
func freshDatabase(t *testing.T) string {
	t.Helper()
	base, err := startScratchPostgres()
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("replicas_%d_%d", os.Getpid(), databaseCount.Add(1))
	if err := runPostgresClient(base, "createdb", name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := runPostgresClient(base, "dropdb", name); err != nil {
			t.Error(err)
		}
	})
	database := *base
	database.Path = "/" + name
	return "jdbc:" + database.String()
}

// runPostgresClient runs createdb or dropdb (postgresql-client, installed by the script).
func runPostgresClient(base *url.URL, program, database string) error {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, program, "-h", base.Hostname(), "-p", base.Port(),
		"-U", base.Query().Get("user"), database).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %w: %s", program, database, err, out)
	}
	return nil
}
