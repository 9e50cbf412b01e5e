package gateway

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/proto"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/conn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/gcnpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/helloworldpb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/routeguidepb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testpki"
)

// rpcProtocols are the ways a browser client can call the gateway's RPC routes.
var rpcProtocols = []struct {
	name string
	opts []connect.ClientOption
}{
	{"grpc-web+proto", []connect.ClientOption{connect.WithGRPCWeb()}},
	{"grpc-web+json", []connect.ClientOption{connect.WithGRPCWeb(), connect.WithProtoJSON()}},
	{"connect+proto", nil},
	{"connect+json", []connect.ClientOption{connect.WithProtoJSON()}},
	{"grpc-web+proto, gzip", []connect.ClientOption{connect.WithGRPCWeb(), connect.WithSendGzip()}},
	{"connect+proto, gzip", []connect.ClientOption{connect.WithSendGzip()}},
}

// rpcHTTP bounds every call, also those made without a deadline (which would otherwise send
// their own Grpc-Timeout, replacing the one a test sets).
var rpcHTTP = &http.Client{Timeout: 30 * time.Second}

func rpcClient[Req, Res any](gw testGateway, method string, opts []connect.ClientOption) *connect.Client[Req, Res] {
	return connect.NewClient[Req, Res](rpcHTTP, gw.URL+method, opts...)
}

func rpcContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestRPCUnaryAndServerStreamingOverEveryProtocol(t *testing.T) {
	gw := plainGateway(t)
	for _, p := range rpcProtocols {
		t.Run(p.name, func(t *testing.T) {
			ctx := rpcContext(t)
			hello := rpcClient[helloworldpb.HelloRequest, helloworldpb.HelloReply](gw, "/helloworld.Greeter/SayHello", p.opts)
			reply, err := hello.CallUnary(ctx, connect.NewRequest(&helloworldpb.HelloRequest{Name: "world"}))
			if err != nil {
				t.Fatal(err)
			}
			if got := reply.Msg.GetMessage(); got != "Hello, world!" {
				t.Errorf("SayHello(world) = %q", got)
			}

			list := rpcClient[routeguidepb.Rectangle, routeguidepb.Feature](gw, "/routeguide.RouteGuide/ListFeatures", p.opts)
			stream, err := list.CallServerStream(ctx, connect.NewRequest(&routeguidepb.Rectangle{
				Lo: &routeguidepb.Point{Latitude: 400000000, Longitude: -750000000},
				Hi: &routeguidepb.Point{Latitude: 420000000, Longitude: -730000000},
			}))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for stream.Receive() {
				names = append(names, stream.Msg().GetName())
			}
			if err := stream.Err(); err != nil {
				t.Fatal(err)
			}
			if len(names) != 64 || names[0] != "Patriots Path, Mendham, NJ 07945, USA" {
				t.Errorf("ListFeatures gave %d features, first %q; want 64, Patriots Path first", len(names), names)
			}
		})
	}
}

// grpc-web-text is base64 of the same frames; connect-go does not speak it, so the frames are
// written by hand here.
func TestRPCGRPCWebText(t *testing.T) {
	gw := plainGateway(t)
	frame := dataFrame(t, &helloworldpb.HelloRequest{Name: "text"})
	r := call(t, "POST", gw.URL+"/helloworld.Greeter/SayHello", base64.StdEncoding.EncodeToString(frame),
		"Content-Type: application/grpc-web-text", "X-Grpc-Web: 1")
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/grpc-web-text") {
		t.Fatalf("got %d %q", r.Status, r.Header.Get("Content-Type"))
	}
	frames := decodeConcatenatedBase64(t, r.Body)
	if len(frames) < 5 || frames[0] != 0 {
		t.Fatalf("reply frames %q", frames)
	}
	n := binary.BigEndian.Uint32(frames[1:5])
	reply := &helloworldpb.HelloReply{}
	if err := proto.Unmarshal(frames[5:5+n], reply); err != nil {
		t.Fatal(err)
	}
	trailer := strings.ToLower(string(frames[5+n+5:]))
	if reply.GetMessage() != "Hello, text!" || !strings.Contains(trailer, "grpc-status: 0") {
		t.Errorf("reply %q, trailer frame %q", reply.GetMessage(), trailer)
	}
}

// dataFrame is m as one gRPC(-Web) data frame: a zero flag byte, the length, the bytes.
func dataFrame(t *testing.T, m proto.Message) []byte {
	t.Helper()
	msg, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return append(binary.BigEndian.AppendUint32([]byte{0}, uint32(len(msg))), msg...)
}

// decodeConcatenatedBase64 decodes a body made of several padded base64 chunks (the gateway
// pads at every flush, so each streamed message decodes on arrival).
func decodeConcatenatedBase64(t *testing.T, body string) []byte {
	t.Helper()
	var out []byte
	for body != "" {
		end := strings.Index(body, "=")
		if end < 0 {
			end = len(body)
		} else {
			for end < len(body) && body[end] == '=' {
				end++
			}
		}
		chunk, err := base64.StdEncoding.DecodeString(body[:end])
		if err != nil {
			t.Fatalf("decoding %q: %v", body[:end], err)
		}
		out = append(out, chunk...)
		body = body[end:]
	}
	return out
}

// The server's google.rpc details survive the trip to a browser protocol.
func TestRPCErrorsCarryTheServersDetails(t *testing.T) {
	gw := plainGateway(t)
	for _, p := range rpcProtocols {
		t.Run(p.name, func(t *testing.T) {
			gcn := rpcClient[gcnpb.GraphData, gcnpb.GCNResult](gw, "/GCNService/ProcessGraph", p.opts)
			_, err := gcn.CallUnary(rpcContext(t), connect.NewRequest(&gcnpb.GraphData{
				Nodes: []*gcnpb.Node{{Id: "a"}, {Id: "b"}},
				Edges: []*gcnpb.Edge{{SourceId: "a", TargetId: "b"}, {SourceId: "a", TargetId: "zz"}},
			}))
			info, field := rpcErrorDetails(t, err, connect.CodeInvalidArgument)
			if info.GetReason() != "UNKNOWN_NODE_ID" || field != "edges[1].target_id" {
				t.Errorf("details: reason %q field %q; want UNKNOWN_NODE_ID edges[1].target_id", info.GetReason(), field)
			}
		})
	}
}

// rpcErrorDetails checks err's code and returns its ErrorInfo and the BadRequest field path.
func rpcErrorDetails(t *testing.T, err error, code connect.Code) (*errdetails.ErrorInfo, string) {
	t.Helper()
	var cerr *connect.Error
	if !errors.As(err, &cerr) || cerr.Code() != code {
		t.Fatalf("got %v, want %v", err, code)
	}
	info, field := &errdetails.ErrorInfo{}, ""
	for _, d := range cerr.Details() {
		v, err := d.Value()
		if err != nil {
			t.Fatal(err)
		}
		switch v := v.(type) {
		case *errdetails.ErrorInfo:
			info = v
		case *errdetails.BadRequest:
			field = v.GetFieldViolations()[0].GetField()
		}
	}
	return info, field
}

func TestRPCDeadlinesAndLimits(t *testing.T) {
	hello := func(gw testGateway, name string, header ...string) error {
		c := rpcClient[helloworldpb.HelloRequest, helloworldpb.HelloReply](gw, "/helloworld.Greeter/SayHello", []connect.ClientOption{connect.WithGRPCWeb()})
		req := connect.NewRequest(&helloworldpb.HelloRequest{Name: name})
		for _, h := range header {
			k, v, _ := strings.Cut(h, ": ")
			req.Header().Set(k, v)
		}
		_, err := c.CallUnary(context.Background(), req) // no deadline: see rpcHTTP
		return err
	}
	gw := plainGateway(t)
	if err := hello(gw, "late", "Grpc-Timeout: 1n"); connect.CodeOf(err) != connect.CodeDeadlineExceeded {
		t.Errorf("with Grpc-Timeout 1n: %v, want deadline_exceeded", err)
	}
	checkExpiredGatewayDeadline(t)
	cfg := testConfig()
	cfg.MaxBodyBytes = 64
	small := startGateway(t, conn.Options{Addr: backend.Addr}, cfg)
	if err := hello(small, strings.Repeat("x", 100)); connect.CodeOf(err) != connect.CodeResourceExhausted {
		t.Errorf("a 100-byte name through a 64-byte limit: %v, want resource_exhausted", err)
	}
	if err := hello(small, "fits"); err != nil {
		t.Errorf("a small name through the 64-byte limit: %v", err)
	}
	if !strings.Contains(gw.Log.String(), "path=/helloworld.Greeter/SayHello") {
		t.Errorf("no access line for the RPC route in:\n%s", gw.Log.String())
	}
}

// checkExpiredGatewayDeadline: the gateway's own deadline applies when the caller sends none,
// and when it expires before the backend answers, the caller gets DEADLINE_EXCEEDED in its own
// protocol. Each protocol is called several times: the deadline once raced the relay, and lost
// only a few calls in a hundred (UNKNOWN "response uses incorrect codec" with no content type).
func checkExpiredGatewayDeadline(t *testing.T) {
	cfg := testConfig()
	cfg.Deadline = time.Nanosecond
	gw := startGateway(t, conn.Options{Addr: backend.Addr}, cfg)
	const callsPerProtocol = 25
	for _, p := range rpcProtocols[:4] { // gzip changes nothing here
		hello := rpcClient[helloworldpb.HelloRequest, helloworldpb.HelloReply](gw, "/helloworld.Greeter/SayHello", p.opts)
		for range callsPerProtocol {
			// no deadline of the caller's own: see rpcHTTP
			_, err := hello.CallUnary(context.Background(), connect.NewRequest(&helloworldpb.HelloRequest{Name: "x"}))
			if connect.CodeOf(err) != connect.CodeDeadlineExceeded {
				t.Fatalf("%s with a 1 ns gateway deadline: %v, want deadline_exceeded", p.name, err)
			}
		}
	}
	msg, err := proto.Marshal(&helloworldpb.HelloRequest{Name: "x"})
	if err != nil {
		t.Fatal(err)
	}
	frame := append(binary.BigEndian.AppendUint32([]byte{0}, uint32(len(msg))), msg...)
	for range callsPerProtocol {
		r := call(t, "POST", gw.URL+"/helloworld.Greeter/SayHello", base64.StdEncoding.EncodeToString(frame),
			"Content-Type: application/grpc-web-text", "X-Grpc-Web: 1")
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/grpc-web-text") || r.Header.Get("Grpc-Status") != "4" {
			t.Fatalf("grpc-web-text with a 1 ns gateway deadline: %d %q grpc-status %q %q, want grpc-status 4",
				r.Status, r.Header.Get("Content-Type"), r.Header.Get("Grpc-Status"), r.Header.Get("Grpc-Message"))
		}
	}
}

func TestRPCTokensPassThroughToATLSBackend(t *testing.T) {
	pki := testpki.New(t, t.TempDir())
	gw := startGateway(t, conn.Options{Addr: startSecuredBackend(t, pki, false), TLS: true, CAFile: pki.CAFile}, testConfig())
	c := rpcClient[helloworldpb.HelloRequest, helloworldpb.HelloReply](gw, "/helloworld.Greeter/SayHello", nil)
	for token, want := range map[string]connect.Code{"": connect.CodeUnauthenticated, readerToken: connect.CodePermissionDenied, greeterToken: 0} {
		req := connect.NewRequest(&helloworldpb.HelloRequest{Name: "tls"})
		if token != "" {
			req.Header().Set("Authorization", "Bearer "+token)
		}
		_, err := c.CallUnary(rpcContext(t), req)
		if connect.CodeOf(err) != want && (want != 0 || err != nil) {
			t.Errorf("token %q: %v, want %v", token, err, want)
		}
	}
}

func TestRPCCORSIsOffByDefaultAndAllowsGRPCWebHeaders(t *testing.T) {
	preflight := func(gw testGateway) reply {
		return call(t, "OPTIONS", gw.URL+"/helloworld.Greeter/SayHello", "",
			"Origin: http://app.example", "Access-Control-Request-Method: POST",
			// as browsers send it: lower case, sorted
			"Access-Control-Request-Headers: connect-protocol-version,content-type,grpc-timeout,x-grpc-web,x-user-agent")
	}
	if r := preflight(plainGateway(t)); r.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("CORS answered with no origins configured: %v", r.Header)
	}
	cfg := testConfig()
	cfg.CORSOrigins = []string{"http://app.example"}
	gw := startGateway(t, conn.Options{Addr: backend.Addr}, cfg)
	r := preflight(gw)
	if r.Header.Get("Access-Control-Allow-Origin") != "http://app.example" ||
		!strings.Contains(strings.ToLower(r.Header.Get("Access-Control-Allow-Headers")), "x-grpc-web") {
		t.Errorf("preflight: %d %v", r.Status, r.Header)
	}
	got := call(t, "POST", gw.URL+"/helloworld.Greeter/SayHello", `{"name":"cors"}`,
		"Origin: http://app.example", "Content-Type: application/json", "Connect-Protocol-Version: 1")
	if got.Body != `{"message":"Hello, cors!"}` ||
		!strings.Contains(got.Header.Get("Access-Control-Expose-Headers"), "Grpc-Status-Details-Bin") {
		t.Errorf("Connect call across origins: %d %s %v", got.Status, got.Body, got.Header)
	}
}

// A unary reply goes out whole when the call ends (sized by Content-Length), not written
// message and end apart in chunks as a stream's must be: one write instead of several.
func TestRPCUnaryRepliesAreSentWhole(t *testing.T) {
	gw := plainGateway(t)
	frame := dataFrame(t, &helloworldpb.HelloRequest{Name: "whole"})
	msg := frame[5:]
	rectFrame := dataFrame(t, &routeguidepb.Rectangle{
		Lo: &routeguidepb.Point{Latitude: 400000000, Longitude: -750000000},
		Hi: &routeguidepb.Point{Latitude: 420000000, Longitude: -730000000},
	})
	for _, c := range []struct {
		name, path, body string
		headers          []string
		chunked          bool
	}{
		{"grpc-web unary", "/helloworld.Greeter/SayHello", string(frame),
			[]string{"Content-Type: application/grpc-web+proto", "X-Grpc-Web: 1"}, false},
		{"grpc-web-text unary", "/helloworld.Greeter/SayHello", base64.StdEncoding.EncodeToString(frame),
			[]string{"Content-Type: application/grpc-web-text", "X-Grpc-Web: 1"}, false},
		{"connect unary", "/helloworld.Greeter/SayHello", string(msg),
			[]string{"Content-Type: application/proto", "Connect-Protocol-Version: 1"}, false},
		{"grpc-web server stream", "/routeguide.RouteGuide/ListFeatures", string(rectFrame),
			[]string{"Content-Type: application/grpc-web+proto", "X-Grpc-Web: 1"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, gw.URL+c.path, strings.NewReader(c.body))
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range c.headers {
				name, value, _ := strings.Cut(h, ": ")
				req.Header.Set(name, value)
			}
			resp, err := rpcHTTP.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			chunked := slices.Contains(resp.TransferEncoding, "chunked")
			if resp.StatusCode != http.StatusOK || chunked != c.chunked || !chunked && resp.ContentLength != int64(len(body)) {
				t.Errorf("got %d, Transfer-Encoding %q, Content-Length %d for %d bytes; want 200, chunked %v",
					resp.StatusCode, resp.TransferEncoding, resp.ContentLength, len(body), c.chunked)
			}
		})
	}
}
