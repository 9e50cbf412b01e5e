// Package contact is a small client for the Contact service: the sendStatus chat, the task
// queue (submitTask, getTaskStatus) and a worker (getTask + tellResult).
package contact

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"google.golang.org/grpc"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/contactpb"
)

// Client calls /Contact/*. Unary calls and SendStatus are bounded by its timeout; a worker runs
// until its context ends (the caller decides how long a worker lives).
type Client struct {
	rpc     contactpb.ContactClient
	timeout time.Duration
}

// New returns a client over cc whose every bounded call has the given timeout.
func New(cc grpc.ClientConnInterface, timeout time.Duration) *Client {
	return &Client{rpc: contactpb.NewContactClient(cc), timeout: timeout}
}

// SendStatus sends every message on one sendStatus stream and returns the replies in order
// ("server received: " + msg). Replies are read while sending, as the server sends each one
// as soon as its message arrives.
func (c *Client) SendStatus(ctx context.Context, messages []string) ([]string, error) {
	replies, err := c.sendStatus(ctx, messages)
	if err != nil {
		return replies, fmt.Errorf("Contact/sendStatus(%d messages): %w", len(messages), err)
	}
	return replies, nil
}

func (c *Client) sendStatus(ctx context.Context, messages []string) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	stream, err := c.rpc.SendStatus(ctx)
	if err != nil {
		return nil, err
	}
	// Sending and receiving run concurrently (allowed by grpc-go: one sender, one receiver),
	// so neither side's flow-control window can fill up and stall the other.
	sendDone := make(chan error, 1)
	go func() {
		for _, msg := range messages {
			if err := stream.Send(&contactpb.ClientMsg{Msg: msg}); err != nil {
				// io.EOF: the server ended the call; Recv below returns the real status.
				sendDone <- nil
				return
			}
		}
		sendDone <- stream.CloseSend()
	}()
	replies := make([]string, 0, len(messages))
	for {
		reply, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			cancel()
			<-sendDone
			return replies, err
		}
		replies = append(replies, reply.GetRet())
	}
	if err := <-sendDone; err != nil {
		return replies, err
	}
	return replies, nil
}

// SubmitTask queues a task and returns its id.
func (c *Client) SubmitTask(ctx context.Context, task string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	receipt, err := c.rpc.SubmitTask(ctx, &contactpb.TaskRequest{Task: task})
	if err != nil {
		return "", fmt.Errorf("Contact/submitTask(%q): %w", task, err)
	}
	return receipt.GetTaskId(), nil
}

// TaskStatus returns where the task is (queued, in flight, done), its result and deliveries.
func (c *Client) TaskStatus(ctx context.Context, taskID string) (*contactpb.TaskStatus, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	status, err := c.rpc.GetTaskStatus(ctx, &contactpb.TaskStatusRequest{TaskId: taskID})
	if err != nil {
		return nil, fmt.Errorf("Contact/getTaskStatus(%q): %w", taskID, err)
	}
	return status, nil
}
