// Command chatbench measures Contact/sendStatus messages per second on one stream, the Go twin
// of java-bench's contact-bench chat phase, so any server (the Java one, the grpc-go
// reference server) can be driven by a grpc-go load generator too. A sender goroutine pipelines
// the messages ("0", "1", ...) as fast as grpc-go's flow control lets it while the receiver
// checks every reply exactly ("server received: " + msg, in order). An untimed warm-up stream
// runs first. It prints, like ContactBench:
//
//	RESULT sendStatus msgs/s (one stream): N, CPU per msg: client X us + server Y us
//
// The server's CPU is read from /proc/PID/stat (Linux) when -server_pid is given. It exits 1 if
// a stream fails, a reply is wrong or missing, or the time runs out, and 2 on a usage error.
//
// Usage:
//
//	chatbench -addr 127.0.0.1:50051 [-messages 2000000] [-warmup 400000] [-timeout 300s] [-server_pid PID] [-cpuprofile FILE]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/conn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/contactpb"
)

// Exit codes, as the other Go commands here use them.
const (
	exitFailed = 1
	exitUsage  = 2
)

// gcPercent is the load generator's GOGC unless the environment sets one. Its live heap is a few
// hundred KB, so the default (100) collects every few MB, dozens of times a second; 800 trades
// a few tens of MB for about a tenth of its CPU per message (measured: 3.4-3.6 us against
// 3.7-4.3 us). The servers it measures keep their own defaults.
const gcPercent = 800

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: tests call it with their own arguments and writers.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("chatbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:50051", "server address host:port (plaintext; loopback is what it is for)")
	messages := fs.Int("messages", 2_000_000, "messages in the measured stream")
	warmup := fs.Int("warmup", 400_000, "messages in the untimed warm-up stream before it (0: none)")
	timeout := fs.Duration("timeout", defaultTimeout, "deadline of each stream (warm-up and measured)")
	serverPid := fs.Int("server_pid", 0, "the server's process id: also report its CPU time per message (Linux)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the measured stream to this file (go tool pprof)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return exitUsage
	}
	if fs.NArg() > 0 || *messages < 1 || *warmup < 0 || *timeout <= 0 {
		fmt.Fprintln(stderr, "chatbench: -messages must be >= 1, -warmup >= 0, -timeout > 0, and no arguments")
		fs.Usage()
		return exitUsage
	}
	if err := bench(*addr, *messages, *warmup, *timeout, *serverPid, *cpuProfile, stdout); err != nil {
		fmt.Fprintln(stderr, "chatbench:", err)
		return exitFailed
	}
	return 0
}

// bench runs the warm-up stream, then the measured one under a CPU meter, and prints the RESULT.
func bench(addr string, messages, warmup int, timeout time.Duration, serverPid int, cpuProfile string, stdout io.Writer) error {
	cc, err := conn.Options{Addr: addr}.Dial()
	if err != nil {
		return err
	}
	defer cc.Close()
	client := contactpb.NewContactClient(cc)
	fmt.Fprintf(stdout, "chatbench: target %s, %d messages (warm-up %d)\n", addr, messages, warmup)
	if warmup > 0 {
		if _, err := chatRound(context.Background(), client, warmup, timeout); err != nil {
			return fmt.Errorf("warm-up: %w", err)
		}
	}
	cpu, err := startCPUMeter(serverPid)
	if err != nil {
		return err
	}
	stopProfile, err := startProfile(cpuProfile)
	if err != nil {
		return err
	}
	elapsed, err := chatRound(context.Background(), client, messages, timeout)
	stopProfile()
	if err != nil {
		return err
	}
	perSecond := float64(messages) / elapsed.Seconds()
	fmt.Fprintf(stdout, "sendStatus: %d messages in %.2f s = %.0f msgs/s, all replies exact\n",
		messages, elapsed.Seconds(), perSecond)
	fmt.Fprintf(stdout, "RESULT sendStatus msgs/s (one stream): %.0f%s\n", perSecond, cpu.perItem(messages, "msg"))
	return nil
}

// startProfile starts a CPU profile into path (none when path is empty); call the returned func
// to stop it.
func startProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("starting the CPU profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
