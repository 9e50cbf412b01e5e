package crosslang

import (
	"context"
	"math"
	"strconv"
	"testing"

	"google.golang.org/grpc/codes"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/greeter"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/hello"
)

func TestHelloRepliesHelloColonValue(t *testing.T) {
	client := hello.New(cc, callTimeout)
	for value, want := range map[string]string{"test": "hello:test", "": "hello:", "héllo 世界": "hello:héllo 世界"} {
		got, err := client.Hello(context.Background(), value)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("Hello(%q) = %q, want %q", value, got, want)
		}
	}
}

// Both Greeter services answer the same; a table of the two constructors runs every case on each.
var greeters = map[string]func() *greeter.Client{
	"helloworld": func() *greeter.Client { return greeter.NewHelloworld(cc, callTimeout) },
	"muxs":       func() *greeter.Client { return greeter.NewMuxs(cc, callTimeout) },
}

func TestGreeterSayHello(t *testing.T) {
	for name, newClient := range greeters {
		t.Run(name, func(t *testing.T) {
			got, err := newClient().SayHello(context.Background(), "you")
			if err != nil {
				t.Fatal(err)
			}
			if got != "Hello, you!" {
				t.Errorf("SayHello(you) = %q, want %q", got, "Hello, you!")
			}
		})
	}
}

// Square returns the square ROOT (the reference always did), as a float32.
func TestGreeterSquareReturnsTheSquareRoot(t *testing.T) {
	for name, newClient := range greeters {
		t.Run(name, func(t *testing.T) {
			client := newClient()
			got, err := client.Square(context.Background(), 231)
			if err != nil {
				t.Fatal(err)
			}
			if s := strconv.FormatFloat(float64(got), 'g', -1, 32); s != "15.198684" {
				t.Errorf("Square(231) = %s, want 15.198684", s)
			}
			for in, want := range map[float32]float32{0: 0, 4: 2, 2.25: 1.5} {
				if got, err := client.Square(context.Background(), in); err != nil || got != want {
					t.Errorf("Square(%v) = %v, %v; want %v", in, got, err, want)
				}
			}
		})
	}
}

func TestGreeterSquareRefusesNegativeNaNAndInfinity(t *testing.T) {
	bad := []float32{-1, float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))}
	for name, newClient := range greeters {
		t.Run(name, func(t *testing.T) {
			for _, value := range bad {
				_, err := newClient().Square(context.Background(), value)
				wantCode(t, err, codes.InvalidArgument)
			}
		})
	}
}
