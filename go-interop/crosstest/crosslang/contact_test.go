package crosslang

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/conn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/contact"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/crosstest/internal/refcheck"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/contactpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

// Every test that needs the task queue in a known state (empty, or holding only its own tasks)
// starts a server of its own (ownQueue): the tests pass in any order (go test -shuffle=on) and
// one that fails leaves nothing behind for the next. The stateless ones share the package's.

// ownQueue starts a server whose queue only this test uses and returns it and a connection.
func ownQueue(t *testing.T) (*testserver.Server, *grpc.ClientConn) {
	t.Helper()
	return startOwnServer(t, func() (*testserver.Server, error) { return testserver.StartJava() })
}

// workTimeout bounds how long a test worker or a wait for task states may take.
const workTimeout = 60 * time.Second

// Bidi streaming: each reply comes as soon as its message arrives (the next message is only
// sent once the previous reply is in), in order, and the call ends OK on half-close.
func TestSendStatusAnswersEachMessageAsItArrives(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	stream, err := contactpb.NewContactClient(cc).SendStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, msg := range []string{"first", "second", "", "ünïcode"} {
		if err := stream.Send(&contactpb.ClientMsg{Msg: msg}); err != nil {
			t.Fatal(err)
		}
		reply, err := stream.Recv()
		if err != nil {
			t.Fatal(err)
		}
		if want := "server received: " + msg; reply.GetRet() != want {
			t.Fatalf("reply %q, want %q", reply.GetRet(), want)
		}
	}
	if err := stream.CloseSend(); err != nil {
		t.Fatal(err)
	}
	if _, err := stream.Recv(); !errors.Is(err, io.EOF) {
		t.Fatalf("after half-close: %v, want the call to end OK", err)
	}
}

func TestSendStatusKeepsOrderForManyMessages(t *testing.T) {
	refcheck.SendStatusInOrder(t, cc)
}

func TestContactErrors(t *testing.T) {
	client := contact.New(cc, callTimeout)
	ctx := context.Background()
	_, err := client.SubmitTask(ctx, "")
	wantCode(t, err, codes.InvalidArgument, "task")
	_, err = client.TaskStatus(ctx, "")
	wantCode(t, err, codes.InvalidArgument, "task_id")
	_, err = client.TaskStatus(ctx, "no-such-task")
	wantCode(t, err, codes.NotFound, "no-such-task")
}

// The server holds getTask open while the queue is empty; the caller's deadline ends it.
func TestGetTaskHonoursTheDeadline(t *testing.T) {
	_, cc := ownQueue(t)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	stream, err := contactpb.NewContactClient(cc).GetTask(ctx, &contactpb.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = stream.Recv()
	wantCode(t, err, codes.DeadlineExceeded)
}

// resultOf is what the test workers answer a task with, so results can be checked per task.
func resultOf(task *contactpb.ServerMsg) string { return "did " + task.GetTask() }

func submitTasks(t *testing.T, client *contact.Client, prefix string, n int) map[string]string {
	t.Helper()
	tasks := make(map[string]string, n) // id -> text
	for i := range n {
		text := fmt.Sprintf("%s %d", prefix, i)
		id, err := client.SubmitTask(context.Background(), text)
		if err != nil {
			t.Fatal(err)
		}
		tasks[id] = text
	}
	return tasks
}

// waitForStates polls getTaskStatus (bounded by workTimeout) until every task is in state want,
// and returns the final statuses.
func waitForStates(t *testing.T, client *contact.Client, ids []string, want contactpb.TaskState) map[string]*contactpb.TaskStatus {
	t.Helper()
	deadline := time.Now().Add(workTimeout)
	for {
		statuses := make(map[string]*contactpb.TaskStatus, len(ids))
		for _, id := range ids {
			st, err := client.TaskStatus(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			if st.GetState() == want {
				statuses[id] = st
			}
		}
		if len(statuses) == len(ids) {
			return statuses
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v only %d of %d tasks are %v", workTimeout, len(statuses), len(ids), want)
		}
		time.Sleep(20 * time.Millisecond) // polling a condition, bounded by the deadline above
	}
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// runWorker starts client.Work in the background; stop() cancels it and returns its outcome.
func runWorker(client *contact.Client, handle contact.Handler) (stop func() (int, error)) {
	ctx, cancel := context.WithTimeout(context.Background(), workTimeout)
	type outcome struct {
		done int
		err  error
	}
	finished := make(chan outcome, 1)
	go func() {
		done, err := client.Work(ctx, handle)
		finished <- outcome{done, err}
	}()
	return func() (int, error) {
		cancel()
		o := <-finished
		return o.done, o.err
	}
}

// Server streaming (getTask) and client streaming (tellResult): a worker does every task once.
func TestWorkerDoesEverySubmittedTask(t *testing.T) {
	_, cc := ownQueue(t)
	client := contact.New(cc, callTimeout)
	tasks := submitTasks(t, client, "job", 20)
	statuses, done := finishTasks(t, client, tasks)
	if done != len(tasks) {
		t.Errorf("worker reported %d results, want %d", done, len(tasks))
	}
	for id, st := range statuses {
		if st.GetDeliveries() != 1 {
			t.Errorf("task %s delivered %d times, want once", id, st.GetDeliveries())
		}
	}
}

// A worker that cancels getTask while holding a task frees it: the task goes back to the queue
// and the next worker gets it (a second delivery).
func TestCancelledWorkerGivesItsTaskBack(t *testing.T) {
	_, cc := ownQueue(t)
	client := contact.New(cc, callTimeout)
	tasks := submitTasks(t, client, "held", 1)
	ctx, cancel := context.WithTimeout(context.Background(), workTimeout)
	stream, err := contactpb.NewContactClient(cc).GetTask(ctx, &contactpb.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	held, err := stream.Recv()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := tasks[held.GetTaskId()]; !ok {
		t.Fatalf("got task %v, not the one submitted", held)
	}
	cancel()
	_, err = stream.Recv()
	wantCode(t, err, codes.Canceled)
	waitForStates(t, client, keys(tasks), contactpb.TaskState_TASK_STATE_QUEUED)

	stop := runWorker(client, func(_ context.Context, task *contactpb.ServerMsg) (string, error) {
		return resultOf(task), nil
	})
	statuses := waitForStates(t, client, keys(tasks), contactpb.TaskState_TASK_STATE_DONE)
	if _, err := stop(); err != nil {
		t.Fatal(err)
	}
	if st := statuses[held.GetTaskId()]; st.GetDeliveries() != 2 || st.GetResult() != "did "+held.GetTask() {
		t.Errorf("after the cancel: %v, want done on the second delivery", st)
	}
}

// A worker whose connection drops mid-work loses nothing: every task it had not acknowledged
// goes to the next worker, and every task ends done with its own result.
func TestWorkerDisconnectLosesNoTask(t *testing.T) {
	server, cc := ownQueue(t)
	client := contact.New(cc, callTimeout)
	tasks := submitTasks(t, client, "batch", 30)

	// Worker A on its own connection acknowledges 5 tasks, then its connection is closed
	// while it holds the 6th (and whatever the server had already pushed to it).
	ccA, err := conn.Options{Addr: server.Addr}.Dial()
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var heldByA string
	handledByA := 0
	ctxA, cancelA := context.WithTimeout(context.Background(), workTimeout)
	defer cancelA()
	_, errA := contact.New(ccA, callTimeout).Work(ctxA, func(_ context.Context, task *contactpb.ServerMsg) (string, error) {
		mu.Lock()
		defer mu.Unlock()
		if handledByA == 5 {
			heldByA = task.GetTaskId()
			ccA.Close() // the disconnect: every stream of A ends at once
			return "", errors.New("worker A disconnected")
		}
		handledByA++
		return resultOf(task), nil
	})
	if errA == nil || heldByA == "" {
		t.Fatalf("worker A ended with %v before holding a 6th task", errA)
	}

	// Worker B picks up everything A did not finish.
	statuses, _ := finishTasks(t, client, tasks)
	if st := statuses[heldByA]; st.GetDeliveries() < 2 {
		t.Errorf("the task A held when it dropped: %v, want a redelivery", st)
	}
}

// submitTasks (bidi): one receipt per task, in order; a worker then does every task.
func TestSubmitTasksQueuesManyOnOneStream(t *testing.T) {
	_, cc := ownQueue(t)
	client := contact.New(cc, callTimeout)
	texts := make([]string, 200)
	for i := range texts {
		texts[i] = fmt.Sprintf("bulk %d", i)
	}
	ids, err := client.SubmitTasks(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != len(texts) {
		t.Fatalf("%d receipts, want %d", len(ids), len(texts))
	}
	tasks := make(map[string]string, len(ids))
	for i, id := range ids {
		tasks[id] = texts[i]
	}
	if len(tasks) != len(ids) {
		t.Fatalf("receipts repeat ids: %v", ids)
	}
	finishTasks(t, client, tasks)
}

// The first task that cannot be queued ends submitTasks naming its index; the ones before it
// were queued (and a worker then does exactly those).
func TestSubmitTasksStopsAtTheFirstInvalidTask(t *testing.T) {
	_, cc := ownQueue(t)
	client := contact.New(cc, callTimeout)
	ids, err := client.SubmitTasks(context.Background(), []string{"ok 0", "ok 1", "", "never queued"})
	wantCode(t, err, codes.InvalidArgument, "2")
	if len(ids) != 2 {
		t.Fatalf("%d receipts before the failure, want 2", len(ids))
	}
	finishTasks(t, client, map[string]string{ids[0]: "ok 0", ids[1]: "ok 1"})
}

// submitTaskBatch: ids in the batch's order; an empty task rejects the whole batch, naming it.
func TestSubmitTaskBatchQueuesAllOrNone(t *testing.T) {
	_, cc := ownQueue(t)
	client := contact.New(cc, callTimeout)
	_, err := client.SubmitTaskBatch(context.Background(), []string{"fine", "", "fine too"})
	wantCode(t, err, codes.InvalidArgument, "task 1 of the batch")
	texts := []string{"batch 0", "batch 1", "batch 2"}
	ids, err := client.SubmitTaskBatch(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != len(texts) {
		t.Fatalf("%d ids, want %d", len(ids), len(texts))
	}
	tasks := make(map[string]string, len(ids))
	for i, id := range ids {
		tasks[id] = texts[i]
	}
	// Only these three are done: the rejected batch left nothing in the queue.
	_, done := finishTasks(t, client, tasks)
	if done != len(texts) {
		t.Errorf("the worker did %d tasks, want %d", done, len(texts))
	}
}

// finishTasks runs a worker until every task (id -> text) is done with its own result; it
// returns the final statuses and how many results the worker reported.
func finishTasks(t *testing.T, client *contact.Client, tasks map[string]string) (map[string]*contactpb.TaskStatus, int) {
	t.Helper()
	stop := runWorker(client, func(_ context.Context, task *contactpb.ServerMsg) (string, error) {
		return resultOf(task), nil
	})
	statuses := waitForStates(t, client, keys(tasks), contactpb.TaskState_TASK_STATE_DONE)
	done, err := stop()
	if err != nil {
		t.Fatal(err)
	}
	for id, st := range statuses {
		if st.GetTask() != tasks[id] || st.GetResult() != "did "+tasks[id] {
			t.Errorf("task %s: %v, want %q done", id, st, tasks[id])
		}
	}
	return statuses, done
}
