package crosslang

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/conn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/contact"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/contactpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

// Contact's queue shared by two server replicas through PostgreSQL (docs/durable-queue.md): a
// worker on one replica gets the tasks submitted on the other.

// replicaLease is longer than any test: every redelivery seen here comes from a worker stream
// that ended, never from a lease running out, so delivery counts are exact.
const replicaLease = "10m"

// replica is a connection to one server replica and a Contact client over it.
type replica struct {
	cc *grpc.ClientConn
	*contact.Client
}

// startReplicas starts replicas A and B sharing a database of t's own; at t's cleanup both stop
// (SIGTERM, exit 0), then the database is dropped.
func startReplicas(t *testing.T) (a, b replica) {
	t.Helper()
	store := freshDatabase(t)
	return startReplica(t, store, replicaLease), startReplica(t, store, replicaLease)
}

func startReplica(t *testing.T, store, lease string) replica {
	t.Helper()
	cc := dialOwnServer(t, func() (*testserver.Server, error) {
		return testserver.StartJava("--contact-store", store, "--contact-lease", lease)
	})
	return replica{cc, contact.New(cc, callTimeout)}
}

// holdTasks opens a getTask stream on cc that takes the tasks of ids and never answers; they
// must be submitted already or next (within its window of 8). The stream ends with ctx.
func holdTasks(t *testing.T, ctx context.Context, cc *grpc.ClientConn, tasks map[string]string) {
	t.Helper()
	holding, err := contactpb.NewContactClient(cc).GetTask(ctx, &contactpb.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	for range tasks {
		task, err := holding.Recv()
		if err != nil {
			t.Fatal(err)
		}
		if tasks[task.GetTaskId()] != task.GetTask() {
			t.Fatalf("the holding worker got %v, not a submitted task", task)
		}
	}
}

// receiveAll fails t unless the worker behind received gets exactly tasks (id -> text).
func receiveAll(t *testing.T, received <-chan *contactpb.ServerMsg, tasks map[string]string) {
	t.Helper()
	got := make(map[string]string, len(tasks))
	for range tasks {
		task := receive(t, received, "the worker on B")
		got[task.GetTaskId()] = task.GetTask()
	}
	if !maps.Equal(got, tasks) {
		t.Fatalf("the worker on B got %v, want %v", got, tasks)
	}
}

// startWorker runs a worker on client until the returned stop is called (at the latest at t's
// cleanup); stop waits until the server confirmed the worker's results.
func startWorker(t *testing.T, client *contact.Client, handle contact.Handler) (stop func()) {
	t.Helper()
	stopOnce := sync.OnceValues(runWorker(client, handle))
	t.Cleanup(func() { stopOnce() })
	return func() {
		t.Helper()
		if _, err := stopOnce(); err != nil {
			t.Fatal(err)
		}
	}
}

// forwardTo is a handler that passes each task to received and answers resultOf(task).
func forwardTo(received chan<- *contactpb.ServerMsg) contact.Handler {
	return func(ctx context.Context, task *contactpb.ServerMsg) (string, error) {
		select {
		case received <- task:
			return resultOf(task), nil
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
}

// receive is the next task from received, failing t after workTimeout.
func receive(t *testing.T, received <-chan *contactpb.ServerMsg, who string) *contactpb.ServerMsg {
	t.Helper()
	select {
	case task := <-received:
		return task
	case <-time.After(workTimeout):
		t.Fatalf("no task reached %s within %v", who, workTimeout)
		return nil
	}
}

// wantDone fails t unless client reports every task (id -> text) done with its result after
// exactly deliveries deliveries. The results are confirmed already: no waiting here.
func wantDone(t *testing.T, client *contact.Client, tasks map[string]string, deliveries int32) {
	t.Helper()
	for id, text := range tasks {
		st, err := client.TaskStatus(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if st.GetState() != contactpb.TaskState_TASK_STATE_DONE || st.GetResult() != "did "+text ||
			st.GetDeliveries() != deliveries {
			t.Errorf("task %s: %v, want %q done after %d deliveries", id, st, text, deliveries)
		}
	}
}

func submitBatch(t *testing.T, client *contact.Client, prefix string, n int) map[string]string {
	t.Helper()
	texts := make([]string, n)
	for i := range texts {
		texts[i] = fmt.Sprintf("%s %d", prefix, i)
	}
	ids, err := client.SubmitTaskBatch(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	tasks := make(map[string]string, n) // id -> text
	for i, id := range ids {
		tasks[id] = texts[i]
	}
	if len(tasks) != n {
		t.Fatalf("%d distinct ids for %d tasks: %v", len(tasks), n, ids)
	}
	return tasks
}

func TestReplicaWorkerGetsATaskSubmittedOnTheOther(t *testing.T) {
	a, b := startReplicas(t)
	received := make(chan *contactpb.ServerMsg)
	stopB := startWorker(t, b.Client, forwardTo(received))
	id, err := a.SubmitTask(context.Background(), "cross the replicas")
	if err != nil {
		t.Fatal(err)
	}
	task := receive(t, received, "the worker on B")
	if task.GetTaskId() != id || task.GetTask() != "cross the replicas" {
		t.Fatalf("the worker on B got %v, want task %s", task, id)
	}
	stopB() // its result is confirmed: stored, so DONE on every replica
	for _, r := range []replica{a, b} {
		wantDone(t, r.Client, map[string]string{id: "cross the replicas"}, 1)
	}
}

// meeting holds each of n parties until all have arrived (or their context ends).
type meeting struct {
	arrived sync.WaitGroup
	all     chan struct{}
}

func newMeeting(n int) *meeting {
	m := &meeting{all: make(chan struct{})}
	m.arrived.Add(n)
	go func() {
		m.arrived.Wait()
		close(m.all)
	}()
	return m
}

func (m *meeting) arrive(ctx context.Context) error {
	m.arrived.Done()
	select {
	case <-m.all:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(workTimeout):
		return errors.New("the other worker got no task")
	}
}

func TestReplicasBothWorkABatchSubmittedOnOne(t *testing.T) {
	a, b := startReplicas(t)
	tasks := submitBatch(t, a.Client, "batch task", 200)

	var mu sync.Mutex
	handled := map[string]map[string]string{"A": {}, "B": {}} // worker -> task id -> text
	// Each worker holds its first task until the other has one too: while one holds its full
	// window, the remaining tasks can only go to the other, so both replicas take part.
	bothWorking := newMeeting(2)
	handlerFor := func(name string) contact.Handler {
		return func(ctx context.Context, task *contactpb.ServerMsg) (string, error) {
			mu.Lock()
			first := len(handled[name]) == 0
			handled[name][task.GetTaskId()] = task.GetTask()
			mu.Unlock()
			if first {
				if err := bothWorking.arrive(ctx); err != nil {
					return "", err
				}
			}
			return resultOf(task), nil
		}
	}
	stopA := startWorker(t, a.Client, handlerFor("A"))
	stopB := startWorker(t, b.Client, handlerFor("B"))
	// A worker whose stream ends returns the tasks whose results the server has not received
	// yet (at least once): a handler that ran is not enough, the server must have stored every
	// result before either stream ends, or a task handed back goes to the other worker again.
	waitForStates(t, a.Client, keys(tasks), contactpb.TaskState_TASK_STATE_DONE)
	stopA()
	stopB()

	// No stream ended before every result was stored and the lease never ran out: each task
	// was delivered once, to one worker, with its text.
	if len(handled["A"]) == 0 || len(handled["B"]) == 0 {
		t.Fatalf("A handled %d, B %d: both replicas should take part", len(handled["A"]), len(handled["B"]))
	}
	union := maps.Clone(handled["A"])
	maps.Copy(union, handled["B"])
	if !maps.Equal(union, tasks) || len(handled["A"])+len(handled["B"]) != len(tasks) {
		t.Fatalf("handled A %v and B %v, want each of %v once", handled["A"], handled["B"], tasks)
	}
	for _, r := range []replica{a, b} {
		wantDone(t, r.Client, tasks, 1)
	}
}

func TestReplicaWorkerGetsTheTasksOfACancelledWorkerOnTheOther(t *testing.T) {
	a, b := startReplicas(t)
	// A worker on A that takes tasks and never answers.
	ctx, cancelHolding := context.WithTimeout(context.Background(), workTimeout)
	defer cancelHolding()
	tasks := submitBatch(t, a.Client, "held task", 5) // within its window (--contact-max-in-flight 8)
	holdTasks(t, ctx, a.cc, tasks)

	received := make(chan *contactpb.ServerMsg)
	stopB := startWorker(t, b.Client, forwardTo(received))
	// B's worker is idle: A's worker holds every task, as B also sees.
	waitForStates(t, b.Client, keys(tasks), contactpb.TaskState_TASK_STATE_IN_FLIGHT)
	cancelHolding()
	// Returned when the stream ended: within workTimeout, far less than the lease.
	receiveAll(t, received, tasks)
	stopB()
	wantDone(t, a.Client, tasks, 2)
}

// shortLease lets a dead replica's tasks come back within the test; it is renewed every third.
const shortLease = "2s"

func TestReplicaKilledHoldingTasksLosesNoneTheOtherGetsThemAfterTheLease(t *testing.T) {
	store := freshDatabase(t)
	b := startReplica(t, store, shortLease)
	victim, err := testserver.StartJava("--contact-store", store, "--contact-lease", shortLease)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(victim.Kill9) // already dead unless the test failed early
	victimCC, err := conn.Options{Addr: victim.Addr}.Dial()
	if err != nil {
		t.Fatal(err)
	}
	defer victimCC.Close()
	ctx, cancelHolding := context.WithTimeout(context.Background(), workTimeout)
	defer cancelHolding()
	tasks := submitBatch(t, b.Client, "crash task", 5)
	holdTasks(t, ctx, victimCC, tasks)

	received := make(chan *contactpb.ServerMsg)
	stopB := startWorker(t, b.Client, forwardTo(received))
	waitForStates(t, b.Client, keys(tasks), contactpb.TaskState_TASK_STATE_IN_FLIGHT)
	victim.Kill9() // holding all 5: nobody returns them, their lease runs out
	receiveAll(t, received, tasks)
	stopB()
	wantDone(t, b.Client, tasks, 2)
}
