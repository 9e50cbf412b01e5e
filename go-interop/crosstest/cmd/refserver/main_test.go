package main

import (
	"context"
	"os"
	"os/exec"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/conn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/contact"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/crosstest/internal/refcheck"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/greeter"
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

// The Go client against the Go reference server, over a real port, with the exact replies of
// docs/services.md; then SIGTERM must stop the server with exit 0.
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
	refcheck.HelloAndGreeter(t, cc)
	refcheck.SendStatusInOrder(t, cc)
	// Only what the reference had: muxs.Greeter is the Java server's, not this one's.
	if _, err := greeter.NewMuxs(cc, refcheck.CallTimeout).SayHello(context.Background(), "you"); status.Code(err) != codes.Unimplemented {
		t.Errorf("muxs.Greeter/SayHello: %v, want UNIMPLEMENTED", err)
	}

	// Of Contact, only sendStatus: the task queue is the Java server's.
	if _, err := contact.New(cc, refcheck.CallTimeout).SubmitTask(context.Background(), "task"); status.Code(err) != codes.Unimplemented {
		t.Errorf("Contact/submitTask: %v, want UNIMPLEMENTED", err)
	}

	stopped = true
	if err := server.Stop(); err != nil {
		t.Fatal(err)
	}
}
