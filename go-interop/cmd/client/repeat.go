package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/grpc/peer"
)

// repeatDemos runs each named service's demo n times on the one connection, printing only
// failures, then one summary line: calls, failures, and how many unary calls each server
// address answered (what round_robin did with a list of replicas).
func repeatDemos(names []string, n int, byPeer *peerCounts) mode {
	return func(ctx context.Context, s *session) int {
		s.quiet = true
		failures := 0
		for _, name := range names {
			for i := 0; i < n && ctx.Err() == nil; i++ {
				failures += demos[name](ctx, s)
			}
		}
		fmt.Fprintf(s.out, "repeat %d x %s: %d calls, %d failed; by address: %s\n",
			n, strings.Join(names, ","), s.calls, failures, byPeer)
		return failures
	}
}

// peerCounts counts unary calls by the address of the server that answered the last attempt.
type peerCounts struct {
	mu     sync.Mutex
	byAddr map[string]int
}

func newPeerCounts() *peerCounts { return &peerCounts{byAddr: map[string]int{}} }

// interceptor asks gRPC for each call's peer; it sees every unary call of the connection.
func (p *peerCounts) interceptor() grpc.UnaryClientInterceptor {
	return func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn,
		invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		var answered peer.Peer
		err := invoker(ctx, method, req, reply, cc, append(opts, grpc.Peer(&answered))...)
		if answered.Addr != nil {
			p.mu.Lock()
			p.byAddr[answered.Addr.String()]++
			p.mu.Unlock()
		}
		return err
	}
}

// String lists "addr=count" sorted by address, e.g. "127.0.0.1:4001=100 127.0.0.1:4002=100".
func (p *peerCounts) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	parts := make([]string, 0, len(p.byAddr))
	for addr, count := range p.byAddr {
		parts = append(parts, fmt.Sprintf("%s=%d", addr, count))
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}
