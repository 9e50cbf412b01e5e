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
// Submits carry an idempotency key and are retried on UNAVAILABLE with it (see Retry).
type Client struct {
	rpc     contactpb.ContactClient
	timeout time.Duration
	retry   Retry
}

// New returns a client over cc whose every bounded call has the given timeout; submits are
// retried with DefaultRetry.
func New(cc grpc.ClientConnInterface, timeout time.Duration) *Client {
	return &Client{rpc: contactpb.NewContactClient(cc), timeout: timeout, retry: DefaultRetry}
}

// WithRetry returns a copy of c whose submits follow r (Retry{Attempts: 1} never retries).
func (c *Client) WithRetry(r Retry) *Client {
	copied := *c
	copied.retry = r
	return &copied
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
	requests := make([]*contactpb.ClientMsg, len(messages))
	for i, msg := range messages {
		requests[i] = &contactpb.ClientMsg{Msg: msg}
	}
	replies, err := exchange(stream, requests, cancel)
	texts := make([]string, len(replies))
	for i, reply := range replies {
		texts[i] = reply.GetRet()
	}
	return texts, err
}

// exchange sends every request on a bidi stream while receiving the replies (one sender and one
// receiver may run at once in grpc-go), so neither side's flow-control window can fill up and
// stall the other; then it half-closes and returns the replies received, in order.
func exchange[Req, Resp any](stream grpc.BidiStreamingClient[Req, Resp], requests []*Req, cancel context.CancelFunc) ([]*Resp, error) {
	sendDone := make(chan error, 1)
	go func() {
		for _, request := range requests {
			if err := stream.Send(request); err != nil {
				// io.EOF: the server ended the call; Recv below returns the real status.
				sendDone <- nil
				return
			}
		}
		sendDone <- stream.CloseSend()
	}()
	replies := make([]*Resp, 0, len(requests))
	for {
		reply, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			cancel() // unblocks a Send stuck on flow control
			<-sendDone
			return replies, err
		}
		replies = append(replies, reply)
	}
	return replies, <-sendDone
}

// SubmitTask queues a task and returns its id. It is sent with an idempotency key (fresh, or
// the one of WithIdempotencyKey) and retried on UNAVAILABLE, so it is queued once.
func (c *Client) SubmitTask(ctx context.Context, task string) (string, error) {
	ctx, cancel := context.WithTimeout(withKey(ctx), c.timeout)
	defer cancel()
	var receipt *contactpb.TaskReceipt
	err := c.retry.retrySubmit(ctx, func(ctx context.Context) (err error) {
		receipt, err = c.rpc.SubmitTask(ctx, &contactpb.TaskRequest{Task: task})
		return err
	})
	if err != nil {
		return "", fmt.Errorf("Contact/submitTask(%q): %w", task, err)
	}
	return receipt.GetTaskId(), nil
}

// SubmitTasks queues many tasks on one submitTasks stream and returns their ids in order. On a
// failure it returns the ids of the tasks queued before it (the status names the failed index).
// An UNAVAILABLE stream is sent again whole with the same idempotency key: the server answers
// the tasks it already queued with their original ids and queues only the rest.
func (c *Client) SubmitTasks(ctx context.Context, tasks []string) ([]string, error) {
	ids, err := c.submitTasks(ctx, tasks)
	if err != nil {
		return ids, fmt.Errorf("Contact/submitTasks(%d tasks) after %d receipts: %w", len(tasks), len(ids), err)
	}
	return ids, nil
}

func (c *Client) submitTasks(ctx context.Context, tasks []string) (ids []string, err error) {
	ctx, cancel := context.WithTimeout(withKey(ctx), c.timeout)
	defer cancel()
	err = c.retry.retrySubmit(ctx, func(ctx context.Context) (err error) {
		ids, err = c.submitTasksOnce(ctx, tasks)
		return err
	})
	return ids, err
}

func (c *Client) submitTasksOnce(ctx context.Context, tasks []string) ([]string, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := c.rpc.SubmitTasks(ctx)
	if err != nil {
		return nil, err
	}
	requests := make([]*contactpb.TaskRequest, len(tasks))
	for i, task := range tasks {
		requests[i] = &contactpb.TaskRequest{Task: task}
	}
	receipts, err := exchange(stream, requests, cancel)
	ids := make([]string, len(receipts))
	for i, receipt := range receipts {
		ids[i] = receipt.GetTaskId()
	}
	return ids, err
}

// SubmitTaskBatch queues many tasks in one call, all or none (at most 10,000), and returns their
// ids in order: the cheapest way to queue tasks that are at hand. On a failure no task was queued
// (the status names the first empty task's index, or says the queue has no room for the batch).
// Sent with an idempotency key and retried on UNAVAILABLE, like SubmitTask.
func (c *Client) SubmitTaskBatch(ctx context.Context, tasks []string) ([]string, error) {
	ctx, cancel := context.WithTimeout(withKey(ctx), c.timeout)
	defer cancel()
	var receipt *contactpb.TaskBatchReceipt
	err := c.retry.retrySubmit(ctx, func(ctx context.Context) (err error) {
		receipt, err = c.rpc.SubmitTaskBatch(ctx, &contactpb.TaskBatch{Tasks: tasks})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("Contact/submitTaskBatch(%d tasks): %w", len(tasks), err)
	}
	return receipt.GetTaskIds(), nil
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
