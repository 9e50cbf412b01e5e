// Command gatewaybench measures what the gateway costs: the same SayHello, called directly over
// gRPC, and through the gateway as POST /v1/hello, gRPC-Web and Connect, on the same server, at
// each concurrency.
// It reports req/s, p50 and p99 latency (medians over the runs, which alternate between the two
// paths so both see the same machine load) and the gateway's CPU time per request (from
// /proc/PID/stat, with -gateway_pid; the server's with -server_pid). Every run is bounded by -requests and -timeout.
//
// Usage:
//
//	gatewaybench -grpc HOST:PORT -http HOST:PORT [-gateway_pid N] [-server_pid N] [-requests 4000] [-runs 3] [-concurrency 1,16]
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/helloworldpb"
)

const (
	restBody  = `{"name": "world"}`
	restReply = `{"message":"Hello, world!"}`
)

type options struct {
	grpcAddr, httpAddr string
	gatewayPid         int
	serverPid          int
	requests, runs     int
	warmup             int
	concurrency        []int
	timeout            time.Duration
}

// result is one timed run: its throughput and latency percentiles.
type result struct {
	reqPerSec float64
	p50, p99  time.Duration
	cpuPerReq time.Duration // the gateway's, REST runs only
	serverCPU time.Duration // the server's, per request
}

func main() {
	log.SetFlags(0)
	var o options
	var levels string
	flag.StringVar(&o.grpcAddr, "grpc", "localhost:50051", "the gRPC server, host:port")
	flag.StringVar(&o.httpAddr, "http", "localhost:8080", "the gateway in front of it, host:port")
	flag.IntVar(&o.gatewayPid, "gateway_pid", 0, "the gateway's process id, to report its CPU per request")
	flag.IntVar(&o.serverPid, "server_pid", 0, "the server's process id, to report its CPU per request")
	flag.IntVar(&o.requests, "requests", 4000, "requests per timed run")
	flag.IntVar(&o.warmup, "warmup", 2000, "untimed requests per path before the runs")
	flag.IntVar(&o.runs, "runs", 3, "timed runs per path and concurrency (medians reported)")
	flag.StringVar(&levels, "concurrency", "1,16", "comma-separated concurrency levels")
	flag.DurationVar(&o.timeout, "timeout", 60*time.Second, "bound of each run")
	flag.Parse()
	for _, level := range strings.Split(levels, ",") {
		c, err := strconv.Atoi(strings.TrimSpace(level))
		if err != nil || c < 1 {
			log.Fatalf("gatewaybench: bad -concurrency %q", levels)
		}
		o.concurrency = append(o.concurrency, c)
	}
	if err := run(o); err != nil {
		log.Fatalf("gatewaybench: %v", err)
	}
}

// path is one way to make the same SayHello call; viaGateway paths report the gateway's CPU.
type path struct {
	name       string
	viaGateway bool
	call       func(context.Context) error
}

// paths are the ways compared at one concurrency level: gRPC straight to the server, and through
// the gateway as REST/JSON, gRPC-Web and Connect (both binary protobuf, as connect-es sends them).
func paths(o options, greeter helloworldpb.GreeterClient, client *http.Client) []path {
	direct := func(ctx context.Context) error {
		reply, err := greeter.SayHello(ctx, &helloworldpb.HelloRequest{Name: "world"})
		return checkReply(reply, err)
	}
	url := "http://" + o.httpAddr + "/v1/hello"
	rest := func(ctx context.Context) error { return post(ctx, client, url) }
	rpc := func(opts ...connect.ClientOption) func(context.Context) error {
		c := connect.NewClient[helloworldpb.HelloRequest, helloworldpb.HelloReply](client,
			"http://"+o.httpAddr+"/helloworld.Greeter/SayHello", opts...)
		return func(ctx context.Context) error {
			reply, err := c.CallUnary(ctx, connect.NewRequest(&helloworldpb.HelloRequest{Name: "world"}))
			if err != nil {
				return err
			}
			return checkReply(reply.Msg, nil)
		}
	}
	return []path{
		{"direct gRPC", false, direct},
		{"REST via gateway", true, rest},
		{"gRPC-Web via gw", true, rpc(connect.WithGRPCWeb())},
		{"Connect via gw", true, rpc()},
	}
}

func checkReply(reply *helloworldpb.HelloReply, err error) error {
	if err == nil && reply.GetMessage() != "Hello, world!" {
		err = fmt.Errorf("SayHello replied %q", reply.GetMessage())
	}
	return err
}

func run(o options) error {
	cc, err := grpc.NewClient(o.grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer cc.Close()
	greeter := helloworldpb.NewGreeterClient(cc)

	fmt.Printf("%-4s %-18s %10s %9s %9s %12s %12s\n", "c", "path", "req/s", "p50 ms", "p99 ms", "server CPU", "gateway CPU")
	for _, c := range o.concurrency {
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c, MaxConnsPerHost: c}}
		ways := paths(o, greeter, client)
		for _, p := range ways {
			if _, err := timed(o, c, o.warmup, p.call); err != nil {
				return fmt.Errorf("warming up %s: %w", p.name, err)
			}
		}
		runs := make([][]result, len(ways))
		for range o.runs { // alternate, so a burst of load elsewhere hits every path alike
			for i, p := range ways {
				r, err := measured(o, c, p.call)
				if err != nil {
					return fmt.Errorf("%s at c=%d: %w", p.name, c, err)
				}
				runs[i] = append(runs[i], r)
			}
		}
		g := median(runs[0])
		for i, p := range ways {
			m := median(runs[i])
			gatewayCPU := ""
			if p.viaGateway {
				gatewayCPU = perRequest(o.gatewayPid, m.cpuPerReq)
			}
			fmt.Printf("%-4d %-18s %10.0f %9.3f %9.3f %12s %12s\n", c, p.name, m.reqPerSec, ms(m.p50), ms(m.p99),
				perRequest(o.serverPid, m.serverCPU), gatewayCPU)
		}
		for i, p := range ways[1:] {
			m := median(runs[i+1])
			fmt.Printf("     %s / direct: %.2fx req/s, p50 %+.3f ms\n", p.name, m.reqPerSec/g.reqPerSec, ms(m.p50-g.p50))
		}
		client.CloseIdleConnections()
	}
	return nil
}

// measured is a timed run of o.requests calls with the CPU the server and the gateway spent
// on each call.
func measured(o options, c int, call func(context.Context) error) (result, error) {
	serverBefore, err := processCPU(o.serverPid)
	if err != nil {
		return result{}, err
	}
	gatewayBefore, err := processCPU(o.gatewayPid)
	if err != nil {
		return result{}, err
	}
	r, err := timed(o, c, o.requests, call)
	if err != nil {
		return result{}, err
	}
	serverAfter, err := processCPU(o.serverPid)
	if err != nil {
		return result{}, err
	}
	gatewayAfter, err := processCPU(o.gatewayPid)
	if err != nil {
		return result{}, err
	}
	r.serverCPU = (serverAfter - serverBefore) / time.Duration(o.requests)
	r.cpuPerReq = (gatewayAfter - gatewayBefore) / time.Duration(o.requests)
	return r, nil
}

// perRequest prints a CPU time per request, or n/a without the process id.
func perRequest(pid int, d time.Duration) string {
	if pid == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.0f us", float64(d)/float64(time.Microsecond))
}

// timed makes n calls from c workers and measures each.
func timed(o options, c, n int, call func(context.Context) error) (result, error) {
	ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
	defer cancel()
	latencies := make([]time.Duration, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, c)
	start := time.Now()
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				t0 := time.Now()
				if err := call(ctx); err != nil {
					errs <- err
					cancel()
					return
				}
				latencies[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	var failures []error
	for err := range errs {
		failures = append(failures, err)
	}
	if err := errors.Join(failures...); err != nil {
		return result{}, err
	}
	slices.Sort(latencies)
	return result{
		reqPerSec: float64(n) / elapsed.Seconds(),
		p50:       latencies[n/2],
		p99:       latencies[n*99/100],
	}, nil
}

// post makes the original demo's call and checks the reply.
func post(ctx context.Context, client *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(restBody))
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, []byte(restReply)) {
		return fmt.Errorf("POST /v1/hello: %d %s", resp.StatusCode, body)
	}
	return nil
}

// median picks, per field, the median over the runs.
func median(runs []result) result {
	pick := func(get func(result) float64) float64 {
		values := make([]float64, len(runs))
		for i, r := range runs {
			values[i] = get(r)
		}
		slices.Sort(values)
		return values[len(values)/2]
	}
	return result{
		reqPerSec: pick(func(r result) float64 { return r.reqPerSec }),
		p50:       time.Duration(pick(func(r result) float64 { return float64(r.p50) })),
		p99:       time.Duration(pick(func(r result) float64 { return float64(r.p99) })),
		cpuPerReq: time.Duration(pick(func(r result) float64 { return float64(r.cpuPerReq) })),
		serverCPU: time.Duration(pick(func(r result) float64 { return float64(r.serverCPU) })),
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// processCPU is a process's user+system CPU time so far (0 when pid is 0). Linux reports it in
// clock ticks, 100 per second on every platform Go supports there (USER_HZ).
func processCPU(pid int) (time.Duration, error) {
	if pid == 0 {
		return 0, nil
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("reading the gateway's CPU time: %w", err)
	}
	// The command name (field 2) may hold spaces; the fields after its ")" are fixed.
	fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	if len(fields) < 13 {
		return 0, fmt.Errorf("unexpected /proc/%d/stat", pid)
	}
	var ticks int64
	for _, field := range fields[11:13] { // utime, stime
		v, err := strconv.ParseInt(field, 10, 64)
		if err != nil {
			return 0, err
		}
		ticks += v
	}
	return time.Duration(ticks) * (time.Second / 100), nil
}
