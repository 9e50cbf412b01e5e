package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"google.golang.org/grpc"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/contactpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

// resultLine is the line scripts/bench reads, with the server's CPU when -server_pid is given.
var resultLine = regexp.MustCompile(`(?m)^RESULT sendStatus msgs/s \(one stream\): [1-9]\d*, CPU per msg: client \d+\.\d us \+ server \d+\.\d us$`)

// A short run against the real Go reference server (built from cmd/refserver, run as a process
// so its CPU time can be read): exit 0 and a RESULT line of the shape scripts/bench parses.
func TestBenchAgainstGoReferenceServer(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "refserver")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/grpc-polyglot/grpc-polyglot/go-interop/crosstest/cmd/refserver").CombinedOutput(); err != nil {
		t.Fatalf("building the reference server: %v\n%s", err, out)
	}
	server, err := testserver.Start(func(string) *exec.Cmd { return exec.Command(bin, "-port", "0") })
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := server.Stop(); err != nil {
			t.Error(err)
		}
	}()
	var stdout, stderr bytes.Buffer
	args := []string{"-addr", server.Addr, "-messages", "20000", "-warmup", "2000", "-timeout", "60s",
		"-server_pid", fmt.Sprint(server.Pid())}
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, &stdout, &stderr)
	}
	if !resultLine.MatchString(stdout.String()) {
		t.Errorf("no RESULT line of the expected shape in:\n%s", &stdout)
	}
	if !strings.Contains(stdout.String(), "sendStatus: 20000 messages in ") {
		t.Errorf("the measured round is not reported:\n%s", &stdout)
	}
}

// A server that gets sendStatus wrong in any way fails the bench (exit 1, the fault named), so
// a fast wrong server can never post a rate.
func TestBenchFailsOnWrongReplies(t *testing.T) {
	const messages = 1000
	faults := []struct {
		name    string
		replies func(i int, msg string) []string // the replies to message i; nil: end the call OK
		want    string
	}{
		{"wrong text", func(i int, msg string) []string {
			if i == 500 {
				return []string{"server received:" + msg}
			}
			return []string{"server received: " + msg}
		}, `reply 500 = "server received:500"`},
		{"a reply missing", func(i int, msg string) []string {
			if i == 700 {
				return []string{}
			}
			return []string{"server received: " + msg}
		}, "reply 700 = \"server received: 701\""},
		{"a reply too many", func(i int, msg string) []string {
			if i == messages-1 {
				return []string{"server received: " + msg, "server received: " + msg}
			}
			return []string{"server received: " + msg}
		}, "beyond the 1000 messages sent"},
		{"ends early", func(i int, msg string) []string {
			if i == 100 {
				return nil
			}
			return []string{"server received: " + msg}
		}, "ended OK after 100 replies"},
	}
	for _, fault := range faults {
		t.Run(fault.name, func(t *testing.T) {
			addr := serve(t, faultyContact{replies: fault.replies})
			var stdout, stderr bytes.Buffer
			args := []string{"-addr", addr, "-messages", fmt.Sprint(messages), "-warmup", "0", "-timeout", "30s"}
			if code := run(args, &stdout, &stderr); code != exitFailed {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, exitFailed, &stdout, &stderr)
			}
			if !strings.Contains(stderr.String(), fault.want) {
				t.Errorf("stderr %q does not name the fault (%q)", &stderr, fault.want)
			}
			if strings.Contains(stdout.String(), "RESULT") {
				t.Errorf("a failed run printed a result:\n%s", &stdout)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"-messages", "0"}, {"-warmup", "-1"}, {"-timeout", "0s"}, {"extra"}, {"-no_such_flag"}} {
		if code := run(args, io.Discard, io.Discard); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

// faultyContact answers sendStatus message i with replies(i, msg), or ends the call OK on nil.
type faultyContact struct {
	contactpb.UnimplementedContactServer
	replies func(i int, msg string) []string
}

func (f faultyContact) SendStatus(stream contactpb.Contact_SendStatusServer) error {
	for i := 0; ; i++ {
		in, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		replies := f.replies(i, in.GetMsg())
		if replies == nil {
			return nil
		}
		for _, reply := range replies {
			if err := stream.Send(&contactpb.Result{Ret: reply}); err != nil {
				return err
			}
		}
	}
}

// serve runs contact on a loopback port for the test's duration and returns its address.
func serve(t *testing.T, contact contactpb.ContactServer) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := grpc.NewServer()
	contactpb.RegisterContactServer(s, contact)
	go s.Serve(lis)
	t.Cleanup(s.Stop)
	return lis.Addr().String()
}
