package gateway

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/conn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

// backend is the Java server every test that needs no special server flags shares.
var backend *testserver.Server

func TestMain(m *testing.M) {
	os.Exit(runWithBackend(m))
}

func runWithBackend(m *testing.M) int {
	var err error
	if backend, err = testserver.StartJava(); err != nil {
		fmt.Fprintln(os.Stderr, "starting the Java server:", err)
		return 1
	}
	code := m.Run()
	if err := backend.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, "stopping the Java server:", err)
		return 1
	}
	return code
}

// testConfig is the configuration the tests start from: the command's defaults.
func testConfig() Config {
	return Config{Deadline: 10 * time.Second, MaxBodyBytes: 16 << 20, MaxUploadBytes: 4 << 30, ForwardTokens: true,
		BodyReadTimeout: 20 * time.Second, MinBodyRate: 500, MaxGrpcTimeout: time.Hour}
}

// lockedBuffer collects the access log of a gateway across its request goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testGateway is a gateway served over real HTTP on loopback, in front of a real backend.
type testGateway struct {
	URL string
	Log *lockedBuffer
}

// startGateway dials the backend with o and serves a gateway configured by cfg.
func startGateway(t *testing.T, o conn.Options, cfg Config) testGateway {
	t.Helper()
	cc, err := o.Dial()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close() })
	logs := &lockedBuffer{}
	cfg.Log = slog.New(slog.NewTextHandler(logs, nil))
	handler, err := New(cc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(handler)
	srv.Listener = WatchFraming(srv.Config, srv.Listener)
	srv.Start()
	t.Cleanup(srv.Close)
	return testGateway{URL: srv.URL, Log: logs}
}

// plainGateway is a gateway with the default configuration in front of the shared backend.
func plainGateway(t *testing.T) testGateway {
	return startGateway(t, conn.Options{Addr: backend.Addr}, testConfig())
}

// reply is an HTTP answer read whole (the JSON routes' answers are small).
type reply struct {
	Status int
	Header http.Header
	Body   string
}

// call sends one request (headers as "Name: value" strings) and reads the whole answer.
func call(t *testing.T, method, url, body string, headers ...string) reply {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		name, value, _ := strings.Cut(h, ": ")
		req.Header.Add(name, value)
	}
	return send(t, req)
}

// callChunked sends body without a Content-Length (chunked), as a streaming client does.
func callChunked(t *testing.T, method, url, body string) reply {
	t.Helper()
	req, err := http.NewRequest(method, url, io.MultiReader(strings.NewReader(body)))
	if err != nil {
		t.Fatal(err)
	}
	return send(t, req)
}

func send(t *testing.T, req *http.Request) reply {
	t.Helper()
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", req.Method, req.URL, err)
	}
	return reply{Status: resp.StatusCode, Header: resp.Header, Body: string(data)}
}

// want checks an answer's status and exact body.
func (r reply) want(t *testing.T, status int, body string) {
	t.Helper()
	if r.Status != status || strings.TrimSpace(r.Body) != body {
		t.Errorf("got %d %s\nwant %d %s", r.Status, r.Body, status, body)
	}
}

// wantError checks an error answer: HTTP status, gRPC code, a details array (the server's
// google.rpc details, or empty), and words its message names.
func (r reply) wantError(t *testing.T, status, code int, mentions ...string) {
	t.Helper()
	prefix := fmt.Sprintf(`{"code":%d,"message":"`, code)
	if r.Status != status || !strings.HasPrefix(r.Body, prefix) || !strings.Contains(r.Body, `"details":[`) {
		t.Errorf("got %d %s\nwant %d %s...,\"details\":[...]}", r.Status, r.Body, status, prefix)
	}
	for _, word := range mentions {
		if !strings.Contains(strings.ToLower(r.Body), strings.ToLower(word)) {
			t.Errorf("error %s does not mention %q", r.Body, word)
		}
	}
	for _, leak := range []string{"goroutine ", ".go:", "java.", "Exception"} {
		if strings.Contains(r.Body, leak) {
			t.Errorf("error body leaks internals (%q): %s", leak, r.Body)
		}
	}
}
