// Command routeguidebench measures routeguide.RouteGuide message rates against a running server:
// ListFeatures (features/s received over -list_streams concurrent streams, each call the whole
// globe) and RouteChat (notes/s sent and received on one stream, cycling over -chat_locations
// locations, so once each location holds the server's per-location cap every note brings that
// many back). A quarter-size round first warms up the server's JIT and is not reported. Every
// loop is bounded by its count and by -max_time. Prints RESULT lines.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	pb "github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/routeguidepb"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:50051", "server address")
	listCalls := flag.Int("list_calls", 4000, "ListFeatures calls in all")
	listStreams := flag.Int("list_streams", 4, "ListFeatures calls in flight at once")
	chatNotes := flag.Int("chat_notes", 100000, "RouteChat notes sent on the one stream")
	chatLocations := flag.Int("chat_locations", 100, "distinct locations the notes cycle over")
	maxTime := flag.Duration("max_time", 60*time.Second, "bound of each phase")
	flag.Parse()

	cc, err := grpc.NewClient(*addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		log.Fatalf("dial %s: %v", *addr, err)
	}
	defer cc.Close()
	client := pb.NewRouteGuideClient(cc)

	if _, _, _, err := benchListFeatures(client, *listCalls/4, *listStreams, *maxTime); err != nil {
		log.Fatalf("ListFeatures warm-up: %v", err)
	}
	if _, _, _, err := benchRouteChat(client, *chatNotes/4, *chatLocations, *maxTime); err != nil {
		log.Fatalf("RouteChat warm-up: %v", err)
	}
	calls, features, elapsed, err := benchListFeatures(client, *listCalls, *listStreams, *maxTime)
	if err != nil {
		log.Fatalf("ListFeatures: %v", err)
	}
	fmt.Printf("RESULT ListFeatures: %d calls, %d features in %.2fs = %.0f features/s (%.0f calls/s, %d streams)\n",
		calls, features, elapsed.Seconds(), float64(features)/elapsed.Seconds(),
		float64(calls)/elapsed.Seconds(), *listStreams)

	sent, received, elapsed, err := benchRouteChat(client, *chatNotes, *chatLocations, *maxTime)
	if err != nil {
		log.Fatalf("RouteChat: %v", err)
	}
	fmt.Printf("RESULT RouteChat: %d notes sent, %d received in %.2fs = %.0f sent/s, %.0f received/s (%.0f messages/s both ways)\n",
		sent, received, elapsed.Seconds(), float64(sent)/elapsed.Seconds(),
		float64(received)/elapsed.Seconds(), float64(sent+received)/elapsed.Seconds())
}

// benchListFeatures runs calls ListFeatures calls over the whole globe, streams at a time.
func benchListFeatures(client pb.RouteGuideClient, calls, streams int, maxTime time.Duration) (int64, int64, time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), maxTime)
	defer cancel()
	globe := &pb.Rectangle{Lo: &pb.Point{Latitude: -900000000, Longitude: -1800000000},
		Hi: &pb.Point{Latitude: 900000000, Longitude: 1800000000}}
	var next, done, features atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	start := time.Now()
	for range streams {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(calls) && ctx.Err() == nil {
				n, err := listOnce(ctx, client, globe)
				if err != nil {
					once.Do(func() { firstErr = err })
					return
				}
				features.Add(n)
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	return done.Load(), features.Load(), time.Since(start), firstErr
}

func listOnce(ctx context.Context, client pb.RouteGuideClient, rect *pb.Rectangle) (int64, error) {
	stream, err := client.ListFeatures(ctx, rect)
	if err != nil {
		return 0, err
	}
	var n int64
	for {
		if _, err := stream.Recv(); err != nil {
			if errors.Is(err, io.EOF) {
				return n, nil
			}
			return n, err
		}
		n++
	}
}

// benchRouteChat sends notes on one stream (from their own goroutine) while counting replies.
func benchRouteChat(client pb.RouteGuideClient, notes, locations int, maxTime time.Duration) (int64, int64, time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), maxTime)
	defer cancel()
	stream, err := client.RouteChat(ctx)
	if err != nil {
		return 0, 0, 0, err
	}
	var sent atomic.Int64
	start := time.Now()
	go func() {
		for i := range notes {
			note := &pb.RouteNote{Location: &pb.Point{Latitude: 1, Longitude: int32(i % locations)},
				Message: "bench"}
			if stream.Send(note) != nil {
				return // the call ended; Recv reports why
			}
			sent.Add(1)
		}
		stream.CloseSend()
	}()
	var received int64
	for {
		if _, err := stream.Recv(); err != nil {
			elapsed := time.Since(start)
			if errors.Is(err, io.EOF) {
				return sent.Load(), received, elapsed, nil
			}
			return sent.Load(), received, elapsed, err
		}
		received++
	}
}
