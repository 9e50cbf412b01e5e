// Command client is the Go twin of the Java client: it calls every RPC of the chosen services on
// a server and prints one line per call ("label -> reply"), or runs one task mode (upload,
// download, graph, worker). It exits 1 if any call failed and 2 on a usage error.
//
// Usage:
//
//	client [flags] [SERVICE...]          hello greeter muxs-greeter health files gcn contact (default: all)
//	client -repeat N [flags] [SERVICE...] each service N times on one connection, then a summary
//	client [flags] upload LOCAL REMOTE   stream a local file to the server's file store
//	client [flags] download REMOTE LOCAL stream a stored file to a local file
//	client [flags] graph FILE            score the graph in FILE (GraphData as JSON)
//	client [flags] submit TASK...        queue Contact tasks and print their ids
//	client [flags] worker                take Contact tasks until -worker_tasks or -worker_for
//	client [flags] routeguide            the route guide tour: its four calls with fixed input
//	client addressbook add|list ...      the protobuf tutorial's address book file (no server)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"google.golang.org/grpc"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/conn"
)

// Exit codes, as the Java client uses them.
const (
	exitCallFailed = 1
	exitUsage      = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: tests call it with their own arguments and writers.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("client", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts conn.Options
	opts.RegisterFlags(fs)
	workerTasks := fs.Int("worker_tasks", 0, "worker: stop after this many tasks (0 = no limit)")
	workerFor := fs.Duration("worker_for", 0, "worker: stop after this long (0 = until interrupted)")
	repeat := fs.Int("repeat", 0, "call each chosen service's demo this many times on one connection, then print a summary line (calls, failures, calls per server address)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: client [flags] [SERVICE...] | upload LOCAL REMOTE | download REMOTE LOCAL | graph FILE | submit TASK... | worker | routeguide | addressbook add|list ...\n"+
			"services: %v (default: all)\nflags:\n", demoNames())
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return exitUsage
	}
	if fs.NArg() > 0 && fs.Arg(0) == "addressbook" {
		return runAddressBook(fs.Args()[1:], stdout, stderr)
	}
	mode, err := parseMode(fs.Args())
	if err != nil {
		fmt.Fprintln(stderr, "client:", err)
		fs.Usage()
		return exitUsage
	}
	var dialExtra []grpc.DialOption
	if *repeat > 0 {
		names := fs.Args()
		if len(names) == 0 {
			names = demoNames()
		}
		if _, isDemo := demos[names[0]]; !isDemo {
			fmt.Fprintln(stderr, "client: -repeat runs services, not", names[0])
			return exitUsage
		}
		byPeer := newPeerCounts()
		dialExtra = append(dialExtra, grpc.WithChainUnaryInterceptor(byPeer.interceptor()))
		mode = repeatDemos(names, *repeat, byPeer)
	}
	cc, err := opts.Dial(dialExtra...)
	if err != nil {
		fmt.Fprintln(stderr, "client:", err)
		return exitUsage
	}
	defer cc.Close()

	// Ctrl-C or SIGTERM ends a long worker or transfer cleanly (the streams are cancelled).
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := &session{cc: cc, deadline: opts.Deadline, out: stdout, err: stderr,
		workerTasks: *workerTasks, workerFor: *workerFor}
	if mode(ctx, env) > 0 {
		return exitCallFailed
	}
	return 0
}

// A mode runs against one connection and returns how many calls failed.
type mode func(ctx context.Context, s *session) int

func parseMode(args []string) (mode, error) {
	if len(args) == 0 {
		return runDemos(demoNames()), nil
	}
	need := func(n int, usage string) error {
		if len(args) != n+1 {
			return fmt.Errorf("usage: %s", usage)
		}
		return nil
	}
	switch args[0] {
	case "upload":
		return uploadMode(args[1:]), need(2, "upload LOCAL REMOTE")
	case "download":
		return downloadMode(args[1:]), need(2, "download REMOTE LOCAL")
	case "graph":
		return graphMode(args[1:]), need(1, "graph FILE")
	case "worker":
		return workerMode, need(0, "worker")
	case "routeguide":
		return routeguideMode, need(0, "routeguide")
	case "submit":
		if len(args) < 2 {
			return nil, errors.New("usage: submit TASK [TASK ...]")
		}
		return submitMode(args[1:]), nil
	}
	for _, name := range args {
		if _, ok := demos[name]; !ok {
			return nil, fmt.Errorf("unknown service %q", name)
		}
	}
	return runDemos(args), nil
}

// runDemos runs the demo of each named service in turn; a failed call does not stop the rest.
func runDemos(names []string) mode {
	return func(ctx context.Context, s *session) int {
		failures := 0
		for _, name := range names {
			failures += demos[name](ctx, s)
		}
		return failures
	}
}
