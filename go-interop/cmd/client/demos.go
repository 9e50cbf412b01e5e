package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"google.golang.org/grpc"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/contact"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/files"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gcn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/contactpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/gcnpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/greeter"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/health"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/hello"
)

// A demo calls every RPC of one service with sample input; it returns how many calls failed.
type demo func(ctx context.Context, s *session) int

// demos by the names users pass on the command line (the Java client's names).
var demos = map[string]demo{
	"hello":        helloDemo,
	"greeter":      greeterDemo(greeter.NewHelloworld),
	"muxs-greeter": greeterDemo(greeter.NewMuxs),
	"health":       healthDemo,
	"files":        filesDemo,
	"gcn":          gcnDemo,
	"contact":      contactDemo,
}

// demoOrder is the order "all services" runs in.
var demoOrder = []string{"hello", "greeter", "muxs-greeter", "health", "files", "gcn", "contact"}

func demoNames() []string { return demoOrder }

func helloDemo(ctx context.Context, s *session) int {
	client := hello.New(s.cc, s.deadline)
	s.call(`go_protoc.HelloService/Hello("test")`, func() (any, error) { return client.Hello(ctx, "test") })
	return s.takeFailures()
}

func greeterDemo(newClient func(grpc.ClientConnInterface, time.Duration) *greeter.Client) demo {
	return func(ctx context.Context, s *session) int {
		client := newClient(s.cc, s.deadline)
		prefix := client.Service() + "/"
		s.call(prefix+`SayHello("you")`, func() (any, error) { return client.SayHello(ctx, "you") })
		s.call(prefix+"Square(231)", func() (any, error) {
			root, err := client.Square(ctx, 231)
			return formatFloat32(root), err
		})
		return s.takeFailures()
	}
}

// contractServices are the services health reports on, as the Java client checks them.
var contractServices = []string{"", "go_protoc.HelloService", "helloworld.Greeter", "muxs.Greeter",
	"muxs.FileController", "GCNService", "Contact"}

func healthDemo(ctx context.Context, s *session) int {
	client := health.New(s.cc, s.deadline)
	for _, service := range contractServices {
		s.call(fmt.Sprintf("grpc.health.v1.Health/Check(%q)", service),
			func() (any, error) { return client.Check(ctx, service) })
	}
	return s.takeFailures()
}

func filesDemo(ctx context.Context, s *session) int {
	client := files.New(s.cc, s.deadline)
	const name = "go-demo/hello.txt"
	s.call(fmt.Sprintf("muxs.FileController/Write(%q, \"hello from Go\")", name), func() (any, error) {
		return "code 0", client.Write(ctx, name, "hello from Go")
	})
	s.call(fmt.Sprintf("muxs.FileController/Read(%q)", name), func() (any, error) { return client.Read(ctx, name) })
	payload := make([]byte, 1<<20)
	rand.Read(payload)
	const blob = "go-demo/random.bin"
	s.call(fmt.Sprintf("muxs.FileController/Upload(%q, 1 MiB)", blob), func() (any, error) {
		reply, err := client.Upload(ctx, blob, bytes.NewReader(payload), int64(len(payload)))
		return fmt.Sprintf("%d bytes, sha256 %s", reply.GetSize(), reply.GetSha256()), err
	})
	s.call(fmt.Sprintf("muxs.FileController/Download(%q)", blob), func() (any, error) {
		var got bytes.Buffer
		n, err := client.Download(ctx, blob, 0, &got)
		if err == nil && !bytes.Equal(got.Bytes(), payload) {
			return nil, fmt.Errorf("downloaded %d bytes differ from the %d uploaded", n, len(payload))
		}
		return fmt.Sprintf("%d bytes, identical to the upload", n), err
	})
	s.call(`muxs.FileController/List("go-demo")`, func() (any, error) {
		entries, err := client.List(ctx, "go-demo")
		names := make([]string, 0, len(entries))
		for _, e := range entries {
			names = append(names, fmt.Sprintf("%s (%d bytes)", e.GetName(), e.GetSize()))
		}
		return strings.Join(names, ", "), err
	})
	return s.takeFailures()
}

// exampleGraph is docs/services.md's worked example: both nodes score sigmoid(0.35) = 0.586618.
func exampleGraph() *gcnpb.GraphData {
	return &gcnpb.GraphData{
		Nodes: []*gcnpb.Node{
			{Id: "node1", Features: []float32{0.1, 0.2, 0.3}},
			{Id: "node2", Features: []float32{0.4, 0.5, 0.6}},
		},
		Edges: []*gcnpb.Edge{{SourceId: "node1", TargetId: "node2"}},
	}
}

func gcnDemo(ctx context.Context, s *session) int {
	client := gcn.New(s.cc, s.deadline)
	s.call("GCNService/ProcessGraph(node1 [0.1 0.2 0.3], node2 [0.4 0.5 0.6], node1-node2)", func() (any, error) {
		scores, err := client.ProcessGraph(ctx, exampleGraph())
		return formatScores(scores), err
	})
	return s.takeFailures()
}

func contactDemo(ctx context.Context, s *session) int {
	client := contact.New(s.cc, s.deadline)
	s.call(`Contact/sendStatus("hello", "from Go")`, func() (any, error) {
		replies, err := client.SendStatus(ctx, []string{"hello", "from Go"})
		return strings.Join(replies, " | "), err
	})
	var taskID string
	s.call(`Contact/submitTask("go demo task")`, func() (any, error) {
		id, err := client.SubmitTask(ctx, "go demo task")
		taskID = id
		return "task " + id, err
	})
	var batch []string
	s.call(`Contact/submitTasks("go batch 1", "go batch 2")`, func() (any, error) {
		ids, err := client.SubmitTasks(ctx, []string{"go batch 1", "go batch 2"})
		batch = ids
		return "tasks " + strings.Join(ids, ", "), err
	})
	var atOnce []string
	s.call(`Contact/submitTaskBatch("go batch 3", "go batch 4")`, func() (any, error) {
		ids, err := client.SubmitTaskBatch(ctx, []string{"go batch 3", "go batch 4"})
		atOnce = ids
		return "tasks " + strings.Join(ids, ", "), err
	})
	want := append(append([]string{taskID}, batch...), atOnce...)
	if taskID == "" || len(batch) != 2 || len(atOnce) != 2 {
		return s.takeFailures()
	}
	s.call("Contact/getTask + tellResult (a worker until it has done tasks "+strings.Join(want, ", ")+")", func() (any, error) {
		return workUntil(ctx, client, want)
	})
	s.call(fmt.Sprintf("Contact/getTaskStatus(%q)", taskID), func() (any, error) {
		st, err := client.TaskStatus(ctx, taskID)
		return fmt.Sprintf("%s, result %q, %d deliveries", st.GetState(), st.GetResult(), st.GetDeliveries()), err
	})
	return s.takeFailures()
}

// demoWorkerWait bounds how long the contact demo's worker waits for the demo's own task (the
// worker mode, by contrast, runs until -worker_tasks, -worker_for or Ctrl-C).
const demoWorkerWait = 30 * time.Second

// workUntil runs a worker that does every task it gets and stops once it has done all of ids
// (or after demoWorkerWait).
func workUntil(ctx context.Context, client *contact.Client, ids []string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, demoWorkerWait)
	defer cancel()
	pending := make(map[string]bool, len(ids))
	for _, id := range ids {
		pending[id] = true
	}
	done, err := client.Work(ctx, func(_ context.Context, task *contactpb.ServerMsg) (string, error) {
		delete(pending, task.GetTaskId())
		if len(pending) == 0 {
			// Stop taking tasks; the result of this one is still sent and confirmed.
			defer cancel()
		}
		return workerResult(task), nil
	})
	if err == nil && len(pending) > 0 {
		err = fmt.Errorf("%d of the tasks not received within %v", len(pending), demoWorkerWait)
	}
	return fmt.Sprintf("%d task(s) done", done), err
}

// workerResult is what this client's worker answers a task with.
func workerResult(task *contactpb.ServerMsg) string {
	return "done by the Go worker: " + task.GetTask()
}

// formatScores prints node scores sorted by id, with six decimals as docs/services.md quotes them.
func formatScores(scores map[string]float32) string {
	ids := make([]string, 0, len(scores))
	for id := range scores {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = id + "=" + strconv.FormatFloat(float64(scores[id]), 'f', 6, 32)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// formatFloat32 prints the shortest decimal that reads back as the same float32 (as Java's
// Float.toString does for these values), e.g. 15.198684.
func formatFloat32(f float32) string {
	return strconv.FormatFloat(float64(f), 'g', -1, 32)
}
