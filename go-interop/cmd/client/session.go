package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"google.golang.org/genproto/googleapis/rpc/code"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/rpcerror"
)

// session is what every mode works with: one connection, the per-call deadline, the output.
type session struct {
	cc          *grpc.ClientConn
	deadline    time.Duration
	out, err    io.Writer
	workerTasks int
	workerFor   time.Duration
	failures    int
	// calls counts every call made; quiet (for -repeat) prints failures only.
	calls int
	quiet bool
}

// call runs one RPC and prints "label -> reply", or "label FAILED: CODE: message" on stderr.
func (s *session) call(label string, rpc func() (any, error)) {
	s.calls++
	reply, err := rpc()
	if err != nil {
		s.failures++
		fmt.Fprintf(s.err, "%s FAILED: %s\n", label, describe(err))
		for _, line := range rpcerror.LinesOf(err) {
			fmt.Fprintln(s.err, line)
		}
		return
	}
	if !s.quiet {
		fmt.Fprintf(s.out, "%s -> %v\n", label, reply)
	}
}

// fail reports the failed call of a single-call subcommand (graph, square) as the Java and
// Python clients do: "error: CODE: message", then the error details, on stderr.
func (s *session) fail(err error) {
	fmt.Fprintf(s.err, "error: %s\n", describe(err))
	for _, line := range rpcerror.LinesOf(err) {
		fmt.Fprintln(s.err, line)
	}
}

// takeFailures returns the failures counted since the last call and resets the count.
func (s *session) takeFailures() int {
	n := s.failures
	s.failures = 0
	return n
}

// describe prints a failure as the Java client does: the upper-snake code name (NOT_FOUND) and
// the server's message; errors without a status (a local file, a checksum) print as they are.
func describe(err error) string {
	var carrier interface{ GRPCStatus() *status.Status }
	if errors.As(err, &carrier) {
		st := carrier.GRPCStatus()
		return fmt.Sprintf("%s: %s", code.Code(st.Code()), st.Message())
	}
	return err.Error()
}
