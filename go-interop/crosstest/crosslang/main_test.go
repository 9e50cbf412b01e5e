package crosslang

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/connectivity"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/conn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

// callTimeout bounds each unary call: generous, because the test machine may be shared.
const callTimeout = 20 * time.Second

// Shared by every test of the package: one server process and one connection to it.
var (
	server *testserver.Server
	cc     *grpc.ClientConn
)

func TestMain(m *testing.M) {
	os.Exit(runWithServer(m))
}

func runWithServer(m *testing.M) int {
	var err error
	server, err = testserver.StartJava()
	if err != nil {
		fmt.Fprintln(os.Stderr, "starting the Java server:", err)
		return 1
	}
	cc, err = conn.Options{Addr: server.Addr}.Dial()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		server.Stop()
		return 1
	}
	code := m.Run()
	cc.Close()
	// A graceful stop after the whole suite is part of the test: SIGTERM must give exit 0.
	if err := server.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, "stopping the Java server:", err)
		code = 1
	}
	if err := stopScratchPostgres(); err != nil {
		fmt.Fprintln(os.Stderr, "stopping scripts/scratch-postgres:", err)
		code = 1
	}
	return code
}

// dialOwnServer starts a server just for one test (for flags the shared one lacks) and connects
// to it; at cleanup the connection closes and the server must stop on SIGTERM with exit 0.
func dialOwnServer(t *testing.T, start func() (*testserver.Server, error)) *grpc.ClientConn {
	t.Helper()
	_, ownCC := startOwnServer(t, start)
	return ownCC
}

// startOwnServer is dialOwnServer that also returns the server (its address, its folder).
func startOwnServer(t *testing.T, start func() (*testserver.Server, error)) (*testserver.Server, *grpc.ClientConn) {
	t.Helper()
	own, err := start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := own.Stop(); err != nil {
			t.Error(err)
		}
	})
	ownCC, err := conn.Options{Addr: own.Addr}.Dial()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ownCC.Close() }) // cleanups run last-in first-out: before the stop
	// Connected before the test starts: a test's short deadline must not pay for the handshake.
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	ownCC.Connect()
	for state := ownCC.GetState(); state != connectivity.Ready; state = ownCC.GetState() {
		if !ownCC.WaitForStateChange(ctx, state) {
			t.Fatalf("no connection to the test's own server within %v (state %v)", callTimeout, state)
		}
	}
	return own, ownCC
}
