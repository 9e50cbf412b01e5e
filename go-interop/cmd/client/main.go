// Command client is the Go twin of the Java client: it calls every RPC of the chosen services on
// a server and prints one line per call ("label -> reply"), or runs one task mode (upload,
// download, graph, worker). It exits 1 if any call failed and 2 on a usage error.
//
// Flags go before or after the subcommand and take one dash or two (--target, -target); the
// older -addr and snake_case names (-ca_file) are aliases. Usage:
//
//	client [flags] [SERVICE...]          hello greeter muxs-greeter health files gcn contact (default: all)
//	client --repeat N [flags] [SERVICE...] each service N times on one connection, then a summary
//	client [flags] upload LOCAL REMOTE   stream a local file to the server's file store
//	client [flags] download REMOTE LOCAL stream a stored file to a local file
//	client [flags] graph FILE            score the graph in FILE (GraphData as JSON)
//	client [flags] square --value X      helloworld.Greeter/Square(X): its square root
//	client [flags] submit TASK...        queue Contact tasks and print their ids
//	client [flags] status TASK_ID...     each task's state, deliveries and result
//	client [flags] read NAME | write NAME TEXT | list [PATH]   the file store's small calls
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
	"strconv"
	"syscall"

	"google.golang.org/grpc"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/conn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gcn"
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
	// Parse errors are printed once, as the one-line "error: ..." every CLI here prints.
	fs.SetOutput(io.Discard)
	var opts conn.Options
	opts.RegisterFlags(fs)
	workerTasks := fs.Int("worker_tasks", 0, "worker: stop after this many tasks (0 = no limit)")
	workerFor := fs.Duration("worker_for", 0, "worker: stop after this long (0 = until interrupted)")
	repeat := fs.Int("repeat", 0, "call each chosen service's demo this many times on one connection, then print a summary line (calls, failures, calls per server address)")
	var squareValue optionalFloat
	fs.Var(&squareValue, "value", "square: the value sent to helloworld.Greeter/Square")
	// The flag package calls Usage on every parse error; only -h/--help prints it (below).
	fs.Usage = func() {}
	usage := func() {
		fs.SetOutput(stderr)
		fmt.Fprintf(stderr, "usage: client [flags] [SERVICE...] | upload LOCAL REMOTE | download REMOTE LOCAL | read NAME | write NAME TEXT | list [PATH] | graph FILE | square --value X | submit TASK... | status TASK_ID... | worker | routeguide | addressbook add|list ...\n"+
			"flags go before or after the subcommand; --name and -name are the same\n"+
			"services: %v (default: all)\nflags:\n", demoNames())
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	if len(args) > 0 && args[0] == "addressbook" {
		return runAddressBook(args[1:], stdout, stderr)
	}
	positional, err := parseInterleaved(fs, args)
	if err == flag.ErrHelp {
		usage()
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "error:", err)
		return exitUsage
	}
	mode, err := parseMode(positional, squareValue)
	if err != nil {
		fmt.Fprintln(stderr, "error:", err)
		return exitUsage
	}
	var dialExtra []grpc.DialOption
	if *repeat > 0 {
		names := positional
		if len(names) == 0 {
			names = demoNames()
		}
		if _, isDemo := demos[names[0]]; !isDemo {
			fmt.Fprintln(stderr, "error: --repeat runs services, not", names[0])
			return exitUsage
		}
		byPeer := newPeerCounts()
		dialExtra = append(dialExtra, grpc.WithChainUnaryInterceptor(byPeer.interceptor()))
		mode = repeatDemos(names, *repeat, byPeer)
	}
	cc, err := opts.Dial(dialExtra...)
	if err != nil {
		fmt.Fprintln(stderr, "error:", err)
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

// parseInterleaved parses flags wherever they stand, as picocli and argparse do for the Java and
// Python clients (the flag package alone stops at the first argument that is not a flag), and
// returns the other arguments in order. Everything after "--" is positional.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// optionalFloat is a float flag that knows whether it was given.
type optionalFloat struct {
	value float64
	set   bool
}

func (f *optionalFloat) String() string { return "" }

func (f *optionalFloat) Set(v string) error {
	parsed, err := strconv.ParseFloat(v, 32)
	if err != nil {
		return fmt.Errorf("not a number: %q", v)
	}
	f.value, f.set = parsed, true
	return nil
}

// A mode runs against one connection and returns how many calls failed.
type mode func(ctx context.Context, s *session) int

func parseMode(args []string, squareValue optionalFloat) (mode, error) {
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
		if err := need(1, "graph FILE"); err != nil {
			return nil, err
		}
		graph, err := gcn.ReadGraphFile(args[1])
		if err != nil {
			return nil, err
		}
		return graphMode(graph), nil
	case "square":
		if !squareValue.set {
			return nil, fmt.Errorf("square needs --value")
		}
		return squareMode(float32(squareValue.value)), need(0, "square --value X")
	case "worker":
		return workerMode, need(0, "worker")
	case "routeguide":
		return routeguideMode, need(0, "routeguide")
	case "read":
		return readMode(argAt(args, 1)), need(1, "read NAME")
	case "write":
		return writeMode(argAt(args, 1), argAt(args, 2)), need(2, "write NAME TEXT")
	case "list":
		if len(args) > 2 {
			return nil, fmt.Errorf("usage: list [PATH]")
		}
		return listMode(argAt(args, 1)), nil
	case "status":
		if len(args) < 2 {
			return nil, errors.New("usage: status TASK_ID [TASK_ID ...]")
		}
		return statusMode(args[1:]), nil
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

// argAt is args[i], or "" when there are fewer arguments (need reports that).
func argAt(args []string, i int) string {
	if i < len(args) {
		return args[i]
	}
	return ""
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
