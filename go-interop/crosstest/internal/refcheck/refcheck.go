// Package refcheck holds the checks several servers' tests share, from the Go client:
// docs/services.md's exact replies and errors of HelloService and helloworld.Greeter, which every
// reference server (Go, Python sync and aio) must pass, and Contact/sendStatus's exact replies in
// order, which the Java server and the Go reference server must pass.
package refcheck

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/contact"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/greeter"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/hello"
)

// CallTimeout bounds each call: generous, because the test machine may be shared.
const CallTimeout = 20 * time.Second

// HelloAndGreeter calls Hello, SayHello and Square (valid and invalid) on cc and reports every
// reply that differs from docs/services.md.
func HelloAndGreeter(t testing.TB, cc grpc.ClientConnInterface) {
	t.Helper()
	ctx := context.Background()
	if got, err := hello.New(cc, CallTimeout).Hello(ctx, "test"); err != nil || got != "hello:test" {
		t.Errorf("Hello(test) = %q, %v; want hello:test", got, err)
	}
	greet := greeter.NewHelloworld(cc, CallTimeout)
	if got, err := greet.SayHello(ctx, "you"); err != nil || got != "Hello, you!" {
		t.Errorf("SayHello(you) = %q, %v; want Hello, you!", got, err)
	}
	if got, err := greet.Square(ctx, 231); err != nil || got != 15.198684 {
		t.Errorf("Square(231) = %v, %v; want 15.198684", got, err)
	}
	for _, bad := range []float32{-1, float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))} {
		if _, err := greet.Square(ctx, bad); status.Code(err) != codes.InvalidArgument {
			t.Errorf("Square(%v): %v, want INVALID_ARGUMENT", bad, err)
		}
	}
}

// SendStatusInOrder sends 1,000 distinct messages (and an empty one) on one sendStatus stream,
// pipelined, and wants exactly "server received: " + msg for each, in order, then an OK end.
func SendStatusInOrder(t testing.TB, cc grpc.ClientConnInterface) {
	t.Helper()
	messages := make([]string, 1001)
	for i := range 1000 {
		messages[i] = fmt.Sprintf("status %d ü", i)
	}
	replies, err := contact.New(cc, CallTimeout).SendStatus(context.Background(), messages)
	if err != nil {
		t.Fatal(err)
	}
	if len(replies) != len(messages) {
		t.Fatalf("sendStatus: %d replies, want %d", len(replies), len(messages))
	}
	for i, msg := range messages {
		if want := "server received: " + msg; replies[i] != want {
			t.Fatalf("sendStatus reply %d = %q, want %q", i, replies[i], want)
		}
	}
}
