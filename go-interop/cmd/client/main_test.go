package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

var server *testserver.Server

func TestMain(m *testing.M) {
	os.Exit(runWithServer(m))
}

func runWithServer(m *testing.M) int {
	var err error
	if server, err = testserver.StartJava(); err != nil {
		fmt.Fprintln(os.Stderr, "starting the Java server:", err)
		return 1
	}
	code := m.Run()
	if err := server.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, "stopping the Java server:", err)
		return 1
	}
	return code
}

// runClient runs the command as a user would (minus the process) and returns its exit code and output.
func runClient(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestPrintsEveryReplyOfHelloGreeterAndHealth(t *testing.T) {
	code, out, errOut := runClient("-addr", server.Addr, "hello", "greeter", "muxs-greeter", "health")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	want := []string{
		`go_protoc.HelloService/Hello("test") -> hello:test`,
		`helloworld.Greeter/SayHello("you") -> Hello, you!`,
		`helloworld.Greeter/Square(231) -> 15.198684`,
		`muxs.Greeter/SayHello("you") -> Hello, you!`,
		`muxs.Greeter/Square(231) -> 15.198684`,
		`grpc.health.v1.Health/Check("") -> SERVING`,
		`grpc.health.v1.Health/Check("go_protoc.HelloService") -> SERVING`,
		`grpc.health.v1.Health/Check("helloworld.Greeter") -> SERVING`,
		`grpc.health.v1.Health/Check("muxs.Greeter") -> SERVING`,
		`grpc.health.v1.Health/Check("muxs.FileController") -> SERVING`,
		`grpc.health.v1.Health/Check("GCNService") -> SERVING`,
		`grpc.health.v1.Health/Check("Contact") -> SERVING`,
	}
	if got := strings.Split(strings.TrimSpace(out), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("stdout:\n%s\nwant:\n%s", out, strings.Join(want, "\n"))
	}
}

func TestExitsOneWhenACallFails(t *testing.T) {
	// Port 1 on loopback: nothing listens there, so the call fails UNAVAILABLE.
	code, _, errOut := runClient("-addr", "127.0.0.1:1", "-deadline", "5s", "hello")
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(errOut, `go_protoc.HelloService/Hello("test") FAILED: UNAVAILABLE`) {
		t.Errorf("stderr does not report the failed call with its status:\n%s", errOut)
	}
}

func TestExitsTwoOnUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"-addr", server.Addr, "no-such-service"},
		{"-addr", server.Addr, "upload", "only-one-arg"},
		{"-addr", server.Addr, "-no_such_flag"},
		{"-addr", "grpc.example.invalid:50051", "-token", "secret", "hello"}, // no clear-text token off loopback
		{"-addr", server.Addr, "-tls", "-cert_file", "c.pem", "hello"},
	} {
		if code, _, errOut := runClient(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2; stderr:\n%s", args, code, errOut)
		}
	}
}
