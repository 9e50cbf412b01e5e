// Package greeter is a small client for the two identical Greeter services, helloworld.Greeter and
// muxs.Greeter: one Client type, two constructors, because callers treat them the same.
package greeter

import (
	"context"
	"fmt"
	"time"

	"google.golang.org/grpc"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/helloworldpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/muxspb"
)

// Client calls SayHello and Square of one Greeter service, each call bounded by its timeout.
type Client struct {
	service string
	rpc     stub
	timeout time.Duration
}

// stub hides which generated package (helloworldpb or muxspb) is underneath.
type stub interface {
	sayHello(ctx context.Context, name string) (string, error)
	square(ctx context.Context, value float32) (float32, error)
}

// NewHelloworld returns a client of /helloworld.Greeter over cc.
func NewHelloworld(cc grpc.ClientConnInterface, timeout time.Duration) *Client {
	return &Client{service: "helloworld.Greeter", rpc: helloworldStub{helloworldpb.NewGreeterClient(cc)}, timeout: timeout}
}

// NewMuxs returns a client of /muxs.Greeter over cc.
func NewMuxs(cc grpc.ClientConnInterface, timeout time.Duration) *Client {
	return &Client{service: "muxs.Greeter", rpc: muxsStub{muxspb.NewGreeterClient(cc)}, timeout: timeout}
}

// Service is the full service name, e.g. "helloworld.Greeter".
func (c *Client) Service() string { return c.service }

// SayHello returns the greeting for name ("Hello, " + name + "!").
func (c *Client) SayHello(ctx context.Context, name string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	message, err := c.rpc.sayHello(ctx, name)
	if err != nil {
		return "", fmt.Errorf("%s/SayHello(%q): %w", c.service, name, err)
	}
	return message, nil
}

// Square returns what the server's Square returns: the square ROOT of value (the reference
// always did; the name stays for wire compatibility). Negative, NaN or infinite -> INVALID_ARGUMENT.
func (c *Client) Square(ctx context.Context, value float32) (float32, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	root, err := c.rpc.square(ctx, value)
	if err != nil {
		return 0, fmt.Errorf("%s/Square(%v): %w", c.service, value, err)
	}
	return root, nil
}

type helloworldStub struct{ rpc helloworldpb.GreeterClient }

func (s helloworldStub) sayHello(ctx context.Context, name string) (string, error) {
	reply, err := s.rpc.SayHello(ctx, &helloworldpb.HelloRequest{Name: name})
	return reply.GetMessage(), err
}

func (s helloworldStub) square(ctx context.Context, value float32) (float32, error) {
	reply, err := s.rpc.Square(ctx, &helloworldpb.Number{Value: value})
	return reply.GetValue(), err
}

type muxsStub struct{ rpc muxspb.GreeterClient }

func (s muxsStub) sayHello(ctx context.Context, name string) (string, error) {
	reply, err := s.rpc.SayHello(ctx, &muxspb.HelloRequest{Name: name})
	return reply.GetMessage(), err
}

func (s muxsStub) square(ctx context.Context, value float32) (float32, error) {
	reply, err := s.rpc.Square(ctx, &muxspb.Number{Value: value})
	return reply.GetValue(), err
}
