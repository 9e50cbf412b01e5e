// Command refserver is the reference Go server the original demos had: go_protoc.HelloService
// and helloworld.Greeter in plain grpc-go, written as their users write it, plus Contact's
// sendStatus stream (the other Contact methods answer UNIMPLEMENTED). It exists so the original
// pairings (Python client -> Go server) keep working and so the Java server can be benchmarked
// beside grpc-go on the same work, unary and streaming. It prints "listening on HOST:PORT" once it
// listens (the real port for -port 0) and stops gracefully on SIGTERM or SIGINT, exiting 0.
//
// Usage:
//
//	refserver [-host 127.0.0.1] [-port 50051]
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"google.golang.org/grpc"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/contactpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/hellopb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/helloworldpb"
)

// graceTimeout bounds how long in-flight calls may finish after SIGTERM before they are cut.
const graceTimeout = 10 * time.Second

func main() {
	host := flag.String("host", "127.0.0.1", "address to bind")
	port := flag.Int("port", 50051, "port to listen on; 0 picks a free one")
	flag.Parse()

	lis, err := net.Listen("tcp", net.JoinHostPort(*host, fmt.Sprint(*port)))
	if err != nil {
		log.Fatalf("failed to listen: %v", err)
	}
	s := newServer()
	// The one stdout line scripts and tests wait for; logs go to stderr.
	fmt.Printf("listening on %s\n", lis.Addr())
	log.Printf("refserver: listening on %s (plaintext): go_protoc.HelloService, helloworld.Greeter, Contact/sendStatus", lis.Addr())

	stopped := make(chan struct{})
	go stopOnSignal(s, stopped)
	if err := s.Serve(lis); err != nil {
		log.Fatalf("failed to serve: %v", err)
	}
	<-stopped // Serve returns as soon as GracefulStop begins; wait until it has finished
}

// newServer registers the reference services on a plain grpc.Server: default options and no
// interceptors, because this is the grpc-go baseline the benchmark compares the Java server
// with; failures reach callers as statuses (INVALID_ARGUMENT for Square), nothing else to log.
func newServer() *grpc.Server {
	s := grpc.NewServer()
	hellopb.RegisterHelloServiceServer(s, helloServer{})
	helloworldpb.RegisterGreeterServer(s, greeterServer{})
	contactpb.RegisterContactServer(s, contactServer{})
	return s
}

// stopOnSignal stops s gracefully on SIGTERM/SIGINT, cutting calls still running after graceTimeout.
func stopOnSignal(s *grpc.Server, stopped chan<- struct{}) {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, os.Interrupt)
	sig := <-signals
	log.Printf("refserver: %v, stopping", sig)
	timer := time.AfterFunc(graceTimeout, s.Stop)
	s.GracefulStop()
	timer.Stop()
	close(stopped)
}
