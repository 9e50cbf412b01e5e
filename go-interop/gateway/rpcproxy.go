package gateway

import (
	"context"
	"errors"
	"io"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// rawMessage is one message's bytes, passed through the gateway without being parsed: vanguard
// has already turned the browser's protocol into gRPC framing, and the backend parses.
type rawMessage struct{ bytes []byte }

// rawCodec hands message bytes through untouched. Its name is "proto" because that is what the
// bytes are on both sides; only the parsing is skipped.
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) {
	m, ok := v.(*rawMessage)
	if !ok {
		return nil, status.Errorf(codes.Internal, "gateway: cannot forward a %T", v)
	}
	return m.bytes, nil
}

func (rawCodec) Unmarshal(data []byte, v any) error {
	m, ok := v.(*rawMessage)
	if !ok {
		return status.Errorf(codes.Internal, "gateway: cannot forward into a %T", v)
	}
	m.bytes = append([]byte(nil), data...) // the transport may reuse data once we return
	return nil
}

func (rawCodec) Name() string { return "proto" }

// forwardedHeaders are the request headers the gateway passes on to the backend, the same one
// its REST routes pass (grpc-gateway forwards Authorization as "authorization" metadata).
var forwardedHeaders = []string{"authorization"}

// forwardTo returns a gRPC stream handler that relays any method to the same method on cc,
// message by message in both directions, and returns the backend's status (details included,
// so google.rpc details reach the browser untouched).
func forwardTo(cc grpc.ClientConnInterface) grpc.StreamHandler {
	return func(_ any, in grpc.ServerStream) error {
		method, ok := grpc.MethodFromServerStream(in)
		if !ok {
			return status.Error(codes.Internal, "gateway: no method on the stream")
		}
		ctx, cancel := backendCallContext(in.Context())
		defer cancel() // ends the backend call, and so the request pump, when we return
		desc := &grpc.StreamDesc{ServerStreams: true, ClientStreams: true}
		out, err := cc.NewStream(ctx, desc, method, grpc.ForceCodec(rawCodec{}))
		if err != nil {
			return err
		}
		go pumpRequests(in, out, cancel)
		for {
			msg := &rawMessage{}
			if err := out.RecvMsg(msg); err != nil {
				if errors.Is(err, io.EOF) {
					return nil
				}
				return err
			}
			if err := in.SendMsg(msg); err != nil {
				return err
			}
		}
	}
}

// pumpRequests copies the caller's messages to the backend and half-closes when the caller
// has sent its last; a caller that breaks off cancels the backend call.
func pumpRequests(in grpc.ServerStream, out grpc.ClientStream, cancel context.CancelFunc) {
	for {
		msg := &rawMessage{}
		if err := in.RecvMsg(msg); err != nil {
			if errors.Is(err, io.EOF) {
				_ = out.CloseSend()
			} else {
				cancel()
			}
			return
		}
		if err := out.SendMsg(msg); err != nil {
			return // the backend ended the call; RecvMsg on the other side reports why
		}
	}
}

// relayDeadlineKey carries the gateway's deadline for a call from rpcDeadline to the relay.
type relayDeadlineKey struct{}

// withRelayDeadline marks ctx with a deadline for the relay's backend call only; ctx itself
// stays undone, so the relay's gRPC server lives to write the DEADLINE_EXCEEDED status.
func withRelayDeadline(ctx context.Context, deadline time.Time) context.Context {
	return context.WithValue(ctx, relayDeadlineKey{}, deadline)
}

// backendCallContext is the context of the backend call relayed for the caller's stream: the
// stream's own (which ends with the caller or its Grpc-Timeout), bounded by the gateway's
// deadline if rpcDeadline set one, and carrying the forwarded headers.
func backendCallContext(stream context.Context) (context.Context, context.CancelFunc) {
	ctx := outgoingMetadata(stream)
	if deadline, ok := stream.Value(relayDeadlineKey{}).(time.Time); ok {
		return context.WithDeadline(ctx, deadline)
	}
	return context.WithCancel(ctx)
}

// outgoingMetadata keeps only the forwarded headers of the caller's metadata for the backend.
func outgoingMetadata(ctx context.Context) context.Context {
	incoming, _ := metadata.FromIncomingContext(ctx)
	outgoing := metadata.MD{}
	for _, name := range forwardedHeaders {
		if values := incoming.Get(name); len(values) > 0 {
			outgoing.Set(name, values...)
		}
	}
	return metadata.NewOutgoingContext(ctx, outgoing)
}
