package interop

import (
	"fmt"
	"os"
	"testing"
	"time"

	"google.golang.org/grpc"

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
		return 1
	}
	return code
}
