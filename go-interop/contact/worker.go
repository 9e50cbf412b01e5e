package contact

import (
	"context"
	"errors"
	"fmt"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/contactpb"
)

// Handler does one task and returns its result text. An error leaves the task unacknowledged:
// the server hands it to another worker once this one's stream ends.
type Handler func(ctx context.Context, task *contactpb.ServerMsg) (string, error)

// Work makes the caller a worker until ctx ends, handle fails or the server ends the stream:
// it takes tasks from getTask one at a time, runs handle and reports each result (with its task
// id, which acknowledges the task) on one tellResult stream. It returns how many results the
// server confirmed, and nil when it stopped because ctx ended.
func (c *Client) Work(ctx context.Context, handle Handler) (int, error) {
	done, err := c.work(ctx, handle)
	if err != nil {
		//lint:ignore ST1005 "Contact" is the service's name, as in every other message of this package
		return done, fmt.Errorf("Contact worker after %d tasks: %w", done, err)
	}
	return done, nil
}

func (c *Client) work(ctx context.Context, handle Handler) (int, error) {
	// tellResult must outlive ctx: when the worker is told to stop, the results it already sent
	// are flushed and confirmed by a half-close, not thrown away by a cancellation.
	resultsCtx, cancelResults := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelResults()
	results, err := c.rpc.TellResult(resultsCtx)
	if err != nil {
		return 0, err
	}
	// getTask ends with ctx or when Work returns (deferred cancel, after the results are
	// confirmed); the server then requeues every task this worker holds unacknowledged.
	ctx, cancelTasks := context.WithCancel(ctx)
	defer cancelTasks()
	tasks, err := c.rpc.GetTask(ctx, &contactpb.Empty{})
	if err != nil {
		return 0, err
	}
	sent, err := c.takeTasks(ctx, tasks, results, handle)
	if errors.Is(err, errResultsEnded) {
		return sent, err
	}
	// However the loop stopped, results already sent are flushed and confirmed.
	return sent, errors.Join(err, c.confirm(results))
}

// errResultsEnded marks a loop that stopped because the server ended tellResult.
var errResultsEnded = errors.New("server ended tellResult")

// takeTasks runs handle on each task and reports its result, until ctx ends (nil) or a failure.
func (c *Client) takeTasks(ctx context.Context, tasks grpc.ServerStreamingClient[contactpb.ServerMsg],
	results grpc.ClientStreamingClient[contactpb.Result, contactpb.Empty], handle Handler) (int, error) {
	sent := 0
	for {
		task, err := tasks.Recv()
		if err != nil {
			if ctx.Err() != nil && status.Code(err) == codes.Canceled {
				return sent, nil
			}
			return sent, err
		}
		result, err := handle(ctx, task)
		if err != nil {
			if ctx.Err() != nil {
				return sent, nil
			}
			return sent, fmt.Errorf("task %s: %w", task.GetTaskId(), err)
		}
		if err := results.Send(&contactpb.Result{Ret: result, TaskId: task.GetTaskId()}); err != nil {
			// io.EOF means the server ended tellResult: its status says why.
			_, closeErr := results.CloseAndRecv()
			return sent, fmt.Errorf("%w: reporting task %s: %w", errResultsEnded, task.GetTaskId(), closeErr)
		}
		sent++
	}
}

// confirm half-closes tellResult and waits (at most the client's timeout) for the server's
// Empty, which it sends only after it has taken every result before the half-close.
func (c *Client) confirm(results grpc.ClientStreamingClient[contactpb.Result, contactpb.Empty]) error {
	waited := make(chan error, 1)
	go func() {
		_, err := results.CloseAndRecv()
		waited <- err
	}()
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	select {
	case err := <-waited:
		return err
	case <-ctx.Done():
		return fmt.Errorf("tellResult not confirmed within %v", c.timeout)
	}
}
