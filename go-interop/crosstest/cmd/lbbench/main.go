// Command lbbench drives unary Hello calls at a fixed concurrency for a fixed time over one
// connection and prints requests/s and latency percentiles. Unlike ghz it takes the same -addr
// as the Go client, so a comma-separated list of replicas is balanced round_robin
// (conn/balancing.go): scripts/bench lb compares one server, nginx and two replicas.
//
// Usage:
//
//	lbbench -addr HOST:PORT[,HOST:PORT...] [-concurrency 16] [-duration 10s] [-warmup 2s]
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/conn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/hello"
)

func main() {
	fs := flag.NewFlagSet("lbbench", flag.ExitOnError)
	var opts conn.Options
	opts.RegisterFlags(fs)
	concurrency := fs.Int("concurrency", 16, "calls in flight at once")
	duration := fs.Duration("duration", 10*time.Second, "how long to measure")
	warmup := fs.Duration("warmup", 2*time.Second, "calls before measuring (JIT, connections)")
	label := fs.String("label", "", "name printed at the start of the result line")
	_ = fs.Parse(os.Args[1:])

	cc, err := opts.Dial()
	if err != nil {
		log.Fatalf("lbbench: %v", err)
	}
	defer cc.Close()
	client := hello.New(cc, opts.Deadline)
	if _, failed := drive(client, *concurrency, *warmup); failed > 0 {
		log.Fatalf("lbbench: %d calls failed during warm-up", failed)
	}
	latencies, failed := drive(client, *concurrency, *duration)
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	n := len(latencies)
	if n == 0 {
		log.Fatalf("lbbench: no call succeeded")
	}
	pct := func(p float64) float64 { return float64(latencies[int(p*float64(n-1))].Microseconds()) / 1000 }
	fmt.Printf("%s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d calls, %d failed (concurrency %d, %v)\n",
		*label, float64(n)/duration.Seconds(), pct(0.50), pct(0.99), n, failed, *concurrency, *duration)
	if failed > 0 {
		os.Exit(1)
	}
}

// drive runs concurrency loops of Hello calls for d and returns every successful call's latency.
func drive(client *hello.Client, concurrency int, d time.Duration) ([]time.Duration, int) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var mu sync.Mutex
	var all []time.Duration
	failed := 0
	var wg sync.WaitGroup
	for w := 0; w < concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			bad := 0
			for ctx.Err() == nil {
				start := time.Now()
				_, err := client.Hello(context.Background(), "bench")
				if err != nil {
					bad++
					continue
				}
				mine = append(mine, time.Since(start))
			}
			mu.Lock()
			all = append(all, mine...)
			failed += bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	return all, failed
}
