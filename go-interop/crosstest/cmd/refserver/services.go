package main

import (
	"context"
	"errors"
	"io"
	"math"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/contactpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/hellopb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/helloworldpb"
)

// helloServer implements go_protoc.HelloService, the original Go demo's service.
type helloServer struct {
	hellopb.UnimplementedHelloServiceServer
}

// Hello answers "hello:" + the caller's value.
func (helloServer) Hello(_ context.Context, in *hellopb.String) (*hellopb.String, error) {
	return &hellopb.String{Value: "hello:" + in.GetValue()}, nil
}

// greeterServer implements helloworld.Greeter.
type greeterServer struct {
	helloworldpb.UnimplementedGreeterServer
}

// SayHello answers "Hello, " + name + "!".
func (greeterServer) SayHello(_ context.Context, in *helloworldpb.HelloRequest) (*helloworldpb.HelloReply, error) {
	return &helloworldpb.HelloReply{Message: "Hello, " + in.GetName() + "!"}, nil
}

// Square returns the square ROOT of the value, as the reference always did (docs/services.md).
func (greeterServer) Square(_ context.Context, in *helloworldpb.Number) (*helloworldpb.Number, error) {
	v := float64(in.GetValue())
	if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return nil, status.Errorf(codes.InvalidArgument, "value must be a finite number >= 0, got %v", in.GetValue())
	}
	return &helloworldpb.Number{Value: float32(math.Sqrt(v))}, nil
}

// contactServer implements Contact's sendStatus only, the chat stream of the original Python
// demo, so the streaming benchmark has a grpc-go peer; the task queue methods stay UNIMPLEMENTED.
type contactServer struct {
	contactpb.UnimplementedContactServer
}

// SendStatus answers each message with "server received: " + msg as it arrives, in order, and
// ends OK when the client half-closes.
func (contactServer) SendStatus(stream contactpb.Contact_SendStatusServer) error {
	for {
		in, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err // the call is already over (cancelled, deadline, broken connection)
		}
		if err := stream.Send(&contactpb.Result{Ret: "server received: " + in.GetMsg()}); err != nil {
			return err
		}
	}
}
