package gateway

import (
	"context"
	"testing"
	"time"

	"connectrpc.com/connect"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/contactpb"
)

// A browser that leaves a server stream (closes the tab, breaks out of its loop) must end the
// backend call at once: a worker's getTask stream that lingered would keep its task in flight.
func TestRPCLeavingAStreamEndsTheBackendCall(t *testing.T) {
	gw := plainGateway(t)
	for _, p := range rpcProtocols[:2] {
		t.Run(p.name, func(t *testing.T) {
			submit := rpcClient[contactpb.TaskRequest, contactpb.TaskReceipt](gw, "/Contact/submitTask", p.opts)
			receipt, err := submit.CallUnary(rpcContext(t), connect.NewRequest(&contactpb.TaskRequest{Task: "left behind"}))
			if err != nil {
				t.Fatal(err)
			}
			id := receipt.Msg.GetTaskId()
			getTask := rpcClient[contactpb.Empty, contactpb.ServerMsg](gw, "/Contact/getTask", p.opts)
			take := func(ctx context.Context) string {
				stream, err := getTask.CallServerStream(ctx, connect.NewRequest(&contactpb.Empty{}))
				if err != nil {
					t.Fatal(err)
				}
				defer stream.Close()
				for stream.Receive() {
					if stream.Msg().GetTaskId() == id {
						return id
					}
				}
				return ""
			}
			first, leave := context.WithCancel(context.Background())
			if got := take(first); got != id {
				t.Fatalf("the first worker did not get task %s", id)
			}
			leave() // the first worker leaves; its task must go back to the queue
			second, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			if got := take(second); got != id {
				t.Fatalf("task %s never came back to a second worker: the first stream still holds it", id)
			}
		})
	}
}
