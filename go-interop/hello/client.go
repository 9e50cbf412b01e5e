// Package hello is a small client for go_protoc.HelloService.
package hello

import (
	"context"
	"fmt"
	"time"

	"google.golang.org/grpc"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/hellopb"
)

// Client calls /go_protoc.HelloService/Hello, each call bounded by its timeout.
type Client struct {
	rpc     hellopb.HelloServiceClient
	timeout time.Duration
}

// New returns a client over cc whose every call has the given timeout.
func New(cc grpc.ClientConnInterface, timeout time.Duration) *Client {
	return &Client{rpc: hellopb.NewHelloServiceClient(cc), timeout: timeout}
}

// Hello returns the server's reply to value ("hello:" + value). Errors wrap the gRPC status.
func (c *Client) Hello(ctx context.Context, value string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	reply, err := c.rpc.Hello(ctx, &hellopb.String{Value: value})
	if err != nil {
		return "", fmt.Errorf("go_protoc.HelloService/Hello(%q): %w", value, err)
	}
	return reply.GetValue(), nil
}
