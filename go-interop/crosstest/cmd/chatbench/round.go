package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/contactpb"
)

// defaultTimeout bounds each stream: generous for 2M messages on a busy machine, still finite.
const defaultTimeout = 300 * time.Second

// replyPrefix is what the server puts before each message (docs/services.md, Contact).
const replyPrefix = "server received: "

// chatRound sends count messages ("0", "1", ...) on one sendStatus stream while receiving and
// checking every reply, and returns the time from opening the stream to its OK end.
func chatRound(ctx context.Context, client contactpb.ContactClient, count int, timeout time.Duration) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	start := time.Now()
	stream, err := client.SendStatus(ctx)
	if err != nil {
		return 0, fmt.Errorf("Contact/sendStatus: %w", err)
	}
	// One goroutine sends while this one receives (grpc-go allows one of each on a stream):
	// neither side's flow-control window can fill up and stall the other, and Send blocking on
	// the window is what bounds how far the sender runs ahead.
	sent := make(chan error, 1)
	go func() { sent <- sendAll(stream, count) }()
	if err := receiveAll(stream, count); err != nil {
		cancel() // unblocks a Send waiting for flow-control window
		<-sent
		return 0, fmt.Errorf("Contact/sendStatus: %w", err)
	}
	if err := <-sent; err != nil {
		return 0, fmt.Errorf("Contact/sendStatus: %w", err)
	}
	return time.Since(start), nil
}

// sendAll sends count messages, then half-closes.
func sendAll(stream contactpb.Contact_SendStatusClient, count int) error {
	for i := range count {
		if err := stream.Send(&contactpb.ClientMsg{Msg: strconv.Itoa(i)}); err != nil {
			if errors.Is(err, io.EOF) {
				return nil // the call ended early: receiveAll gets its status and reports it
			}
			return fmt.Errorf("sending message %d: %w", i, err)
		}
	}
	if err := stream.CloseSend(); err != nil {
		return fmt.Errorf("half-closing after %d messages: %w", count, err)
	}
	return nil
}

// receiveAll wants exactly count replies, reply i being replyPrefix + i, then the call's OK end.
func receiveAll(stream contactpb.Contact_SendStatusClient, count int) error {
	want := []byte(replyPrefix)
	// One Result, unmarshalled into again and again (proto.Unmarshal resets it first): the load
	// generator should spend its CPU on the wire, not on garbage.
	reply := new(contactpb.Result)
	for i := 0; ; i++ {
		err := stream.RecvMsg(reply)
		if errors.Is(err, io.EOF) {
			if i != count {
				return fmt.Errorf("the call ended OK after %d replies, want %d", i, count)
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("after %d of %d replies: %w", i, count, err)
		}
		if i >= count {
			return fmt.Errorf("reply %d (%q) beyond the %d messages sent", i, reply.GetRet(), count)
		}
		// Built in one reused buffer: the check must cost the load generator next to nothing.
		want = strconv.AppendInt(want[:len(replyPrefix)], int64(i), 10)
		if reply.GetRet() != string(want) {
			return fmt.Errorf("reply %d = %q, want %q", i, reply.GetRet(), want)
		}
	}
}
