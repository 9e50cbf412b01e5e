package main

import (
	"context"
	"math"
	"os"
	"os/exec"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/conn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/greeter"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/hello"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

// runAsMain makes the test binary act as the refserver command itself, so the test below runs
// the real main (flags, "listening on" line, signal handling) in a child process.
const runAsMain = "REFSERVER_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runAsMain) == "1" {
		os.Args = []string{"refserver", "-port", "0"}
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

const callTimeout = 20 * time.Second

// The Go client against the Go reference server, over a real port, with the exact replies of
// SERVICES.md; then SIGTERM must stop the server with exit 0.
func TestGoClientAgainstGoReferenceServer(t *testing.T) {
	server, err := testserver.Start(func(string) *exec.Cmd {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), runAsMain+"=1")
		return cmd
	})
	if err != nil {
		t.Fatal(err)
	}
	stopped := false
	defer func() {
		if !stopped {
			server.Stop()
		}
	}()
	cc, err := conn.Options{Addr: server.Addr}.Dial()
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	ctx := context.Background()

	if got, err := hello.New(cc, callTimeout).Hello(ctx, "test"); err != nil || got != "hello:test" {
		t.Errorf("Hello(test) = %q, %v; want hello:test", got, err)
	}
	greet := greeter.NewHelloworld(cc, callTimeout)
	if got, err := greet.SayHello(ctx, "you"); err != nil || got != "Hello, you!" {
		t.Errorf("SayHello(you) = %q, %v; want Hello, you!", got, err)
	}
	if got, err := greet.Square(ctx, 231); err != nil || got != 15.198684 {
		t.Errorf("Square(231) = %v, %v; want 15.198684", got, err)
	}
	for _, bad := range []float32{-1, float32(math.NaN()), float32(math.Inf(1))} {
		if _, err := greet.Square(ctx, bad); status.Code(err) != codes.InvalidArgument {
			t.Errorf("Square(%v): %v, want INVALID_ARGUMENT", bad, err)
		}
	}
	// Only what the reference had: muxs.Greeter is the Java server's, not this one's.
	if _, err := greeter.NewMuxs(cc, callTimeout).SayHello(ctx, "you"); status.Code(err) != codes.Unimplemented {
		t.Errorf("muxs.Greeter/SayHello: %v, want UNIMPLEMENTED", err)
	}

	stopped = true
	if err := server.Stop(); err != nil {
		t.Fatal(err)
	}
}
