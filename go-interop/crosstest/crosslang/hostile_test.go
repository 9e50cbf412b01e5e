package crosslang

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/contactpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/muxspb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

// truncated is field 1, length-delimited, claiming 5 bytes and carrying 2: no message type
// parses it.
var truncated = []byte{0x0a, 0x05, 0x61, 0x62}

// rawCodec sends and receives message bytes as they are, as a hostile client would.
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) { return v.([]byte), nil }
func (rawCodec) Unmarshal(data []byte, v any) error {
	*(v.(*[]byte)) = append([]byte(nil), data...)
	return nil
}
func (rawCodec) Name() string { return "proto" }

// rawCall sends messages on method as raw bytes, half-closes, and returns the replies and the
// call's final status.
func rawCall(t *testing.T, cc *grpc.ClientConn, method string, messages ...[]byte) ([][]byte, *status.Status) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	stream, err := cc.NewStream(ctx, &grpc.StreamDesc{ClientStreams: true, ServerStreams: true},
		method, grpc.ForceCodec(rawCodec{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range messages {
		if err := stream.SendMsg(m); err != nil {
			break // the server may end the call before every message is out
		}
	}
	stream.CloseSend()
	var replies [][]byte
	for {
		var reply []byte
		err := stream.RecvMsg(&reply)
		if errors.Is(err, io.EOF) {
			return replies, status.New(codes.OK, "")
		}
		if err != nil {
			return replies, status.Convert(err)
		}
		replies = append(replies, reply)
	}
}

func mustMarshal(t *testing.T, m proto.Message) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestMalformedUnaryRequestIsInvalidArgumentNamingTheProblem(t *testing.T) {
	_, st := rawCall(t, cc, "/go_protoc.HelloService/Hello", truncated)
	if st.Code() != codes.InvalidArgument ||
		!strings.HasPrefix(st.Message(), "request message 1 of go_protoc.HelloService/Hello: not a valid String: truncated") {
		t.Fatalf("got %v", st)
	}
	wantDetails(t, st.Err(), codes.InvalidArgument, "MALFORMED_MESSAGE")
}

func TestOversizedRequestIsResourceExhaustedWithItsReason(t *testing.T) {
	sixMebibytes := make([]byte, 6<<20) // over Hello's 4 MiB limit, under the transport's
	_, st := rawCall(t, cc, "/go_protoc.HelloService/Hello", sixMebibytes)
	if !strings.HasPrefix(st.Message(), "request message 1 of go_protoc.HelloService/Hello: larger than this method's limit") {
		t.Fatalf("got %v", st)
	}
	wantDetails(t, st.Err(), codes.ResourceExhausted, "MESSAGE_TOO_LARGE")
}

func TestMalformedMessageMidStreamEndsOnlyItsOwnCall(t *testing.T) {
	// A server of its own: a task queued here must not reach the shared server's workers.
	cc := dialOwnServer(t, func() (*testserver.Server, error) { return testserver.StartJava() })
	// An innocent sendStatus stream shares the connection with the bad calls.
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	side, err := contactpb.NewContactClient(cc).SendStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}

	task := mustMarshal(t, &contactpb.TaskRequest{Task: "go hostile A"})
	receipts, st := rawCall(t, cc, "/Contact/submitTasks", task, truncated, task)
	if st.Code() != codes.InvalidArgument || !strings.HasPrefix(st.Message(), "request message 2 of Contact/submitTasks") {
		t.Fatalf("submitTasks: got %v", st)
	}
	wantDetails(t, st.Err(), codes.InvalidArgument, "MALFORMED_MESSAGE")
	if len(receipts) > 1 {
		t.Errorf("%d receipts: the task after the bad message was queued", len(receipts))
	}

	header := mustMarshal(t, &muxspb.UploadRequest{Kind: &muxspb.UploadRequest_Header{
		Header: &muxspb.UploadHeader{Filename: "go-hostile-victim.bin"}}})
	chunk := mustMarshal(t, &muxspb.UploadRequest{Kind: &muxspb.UploadRequest_Chunk{Chunk: []byte("data|")}})
	if _, st := rawCall(t, cc, "/muxs.FileController/Upload", header, chunk, truncated); st.Code() != codes.InvalidArgument {
		t.Fatalf("Upload: got %v", st)
	}
	if _, err := muxspb.NewFileControllerClient(cc).Read(ctx, &muxspb.Files{Filename: "go-hostile-victim.bin"}); status.Code(err) != codes.NotFound {
		t.Errorf("the failed upload left a file: Read says %v", err)
	}

	if err := side.Send(&contactpb.ClientMsg{Msg: "still there?"}); err != nil {
		t.Fatal(err)
	}
	side.CloseSend()
	reply, err := side.Recv()
	if err != nil || reply.GetRet() != "server received: still there?" {
		t.Fatalf("the side stream was disturbed: %v, %v", reply, err)
	}
	if _, err := side.Recv(); !errors.Is(err, io.EOF) {
		t.Fatalf("the side stream did not end OK: %v", err)
	}
}
