package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/contact"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/files"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gcn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/contactpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/gcnpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/greeter"
)

// uploadMode streams the local file args[0] to the server as args[1].
func uploadMode(args []string) mode {
	return func(ctx context.Context, s *session) int {
		local, remote := args[0], args[1]
		s.call(fmt.Sprintf("muxs.FileController/Upload(%q <- %s)", remote, local), func() (any, error) {
			f, err := os.Open(local)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			info, err := f.Stat()
			if err != nil {
				return nil, err
			}
			reply, err := files.New(s.cc, s.deadline).Upload(ctx, remote, f, info.Size())
			return fmt.Sprintf("%d bytes, sha256 %s", reply.GetSize(), reply.GetSha256()), err
		})
		return s.takeFailures()
	}
}

// downloadMode streams the stored file args[0] into the local file args[1]; the local file
// appears (renamed from a temporary one) only when the whole download succeeded.
func downloadMode(args []string) mode {
	return func(ctx context.Context, s *session) int {
		remote, local := args[0], args[1]
		s.call(fmt.Sprintf("muxs.FileController/Download(%q -> %s)", remote, local), func() (any, error) {
			tmp, err := os.CreateTemp(filepath.Dir(local), ".download-*")
			if err != nil {
				return nil, err
			}
			defer os.Remove(tmp.Name()) // a no-op once renamed
			n, err := files.New(s.cc, s.deadline).Download(ctx, remote, 0, tmp)
			if closeErr := tmp.Close(); err == nil {
				err = closeErr
			}
			if err == nil {
				err = os.Rename(tmp.Name(), local)
			}
			return fmt.Sprintf("%d bytes", n), err
		})
		return s.takeFailures()
	}
}

// graphMode scores graph and prints "ID SCORE" per node, in the file's order, as the Java and
// Python clients do.
func graphMode(graph *gcnpb.GraphData) mode {
	return oneCall(func(ctx context.Context, s *session) error {
		scores, err := gcn.New(s.cc, s.deadline).ProcessGraph(ctx, graph)
		if err != nil {
			return err
		}
		for _, node := range graph.GetNodes() {
			fmt.Fprintf(s.out, "%s %.6f\n", node.GetId(), scores[node.GetId()])
		}
		return nil
	})
}

// squareMode sends value to helloworld.Greeter/Square and prints the reply (its square root).
func squareMode(value float32) mode {
	return oneCall(func(ctx context.Context, s *session) error {
		root, err := greeter.NewHelloworld(s.cc, s.deadline).Square(ctx, value)
		if err == nil {
			fmt.Fprintf(s.out, "%.6f\n", root)
		}
		return err
	})
}

// oneCall makes a subcommand of call (graph, square, read, write, list, status), which prints
// its result itself; a failure prints as the Java and Python clients print it, "error: CODE:
// message" and the error details, and the exit code is 1.
func oneCall(call func(ctx context.Context, s *session) error) mode {
	return func(ctx context.Context, s *session) int {
		if err := call(ctx, s); err != nil {
			s.fail(err)
			return 1
		}
		return 0
	}
}

// workerMode takes Contact tasks, printing each, until -worker_tasks are done, -worker_for has
// passed, or the process is interrupted.
func workerMode(ctx context.Context, s *session) int {
	if s.workerFor > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.workerFor)
		defer cancel()
	}
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	taken := 0
	s.call("Contact worker", func() (any, error) {
		done, err := contact.New(s.cc, s.deadline).Work(ctx, func(_ context.Context, task *contactpb.ServerMsg) (string, error) {
			taken++
			result := workerResult(task)
			fmt.Fprintf(s.out, "task %s %q -> %q\n", task.GetTaskId(), task.GetTask(), result)
			if s.workerTasks > 0 && taken >= s.workerTasks {
				defer stop() // after this result is reported, take no more
			}
			return result, nil
		})
		return fmt.Sprintf("%d task(s) done", done), err
	})
	return s.takeFailures()
}

// submitMode queues each argument as a Contact task and prints its id.
func submitMode(tasks []string) mode {
	return func(ctx context.Context, s *session) int {
		client := contact.New(s.cc, s.deadline)
		for _, task := range tasks {
			s.call(fmt.Sprintf("Contact/submitTask(%q)", task), func() (any, error) {
				id, err := client.SubmitTask(ctx, task)
				return "task " + id, err
			})
		}
		return s.takeFailures()
	}
}

// statusMode prints each task's status as the Java and Python clients do:
// 1 DONE deliveries=1 task="upper a" result="A".
func statusMode(ids []string) mode {
	return oneCall(func(ctx context.Context, s *session) error {
		client := contact.New(s.cc, s.deadline)
		for _, id := range ids {
			st, err := client.TaskStatus(ctx, id)
			if err != nil {
				return err
			}
			fmt.Fprintln(s.out, statusLine(st))
		}
		return nil
	})
}

func statusLine(st *contactpb.TaskStatus) string {
	line := fmt.Sprintf("%s %s deliveries=%d task=%q", st.GetTaskId(),
		strings.TrimPrefix(st.GetState().String(), "TASK_STATE_"), st.GetDeliveries(), st.GetTask())
	if st.GetResult() != "" {
		line += fmt.Sprintf(" result=%q", st.GetResult())
	}
	return line
}

// readMode prints the UTF-8 file name of the server as it is.
func readMode(name string) mode {
	return oneCall(func(ctx context.Context, s *session) error {
		text, err := files.New(s.cc, s.deadline).Read(ctx, name)
		if err == nil {
			fmt.Fprint(s.out, text)
		}
		return err
	})
}

// writeMode replaces (or creates) the server file name with text.
func writeMode(name, text string) mode {
	return oneCall(func(ctx context.Context, s *session) error {
		err := files.New(s.cc, s.deadline).Write(ctx, name, text)
		if err == nil {
			fmt.Fprintf(s.out, "wrote %s (%d bytes)\n", name, len(text))
		}
		return err
	})
}

// listMode prints a server folder as the Java and Python clients do: "dir" or the size, 12
// wide, then the name.
func listMode(path string) mode {
	return oneCall(func(ctx context.Context, s *session) error {
		entries, err := files.New(s.cc, s.deadline).List(ctx, path)
		for _, e := range entries {
			if e.GetIsDir() {
				fmt.Fprintf(s.out, "%12s  %s/\n", "dir", e.GetName())
			} else {
				fmt.Fprintf(s.out, "%12d  %s\n", e.GetSize(), e.GetName())
			}
		}
		return err
	})
}
