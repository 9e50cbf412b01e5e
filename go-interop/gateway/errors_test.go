package gateway

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/conn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

// gRPC statuses from the real server arrive as the standard HTTP statuses, with the server's
// message in the {"code","message","details"} body.
func TestBackendStatusesMapToHTTPStatuses(t *testing.T) {
	gw := plainGateway(t)
	call(t, "PUT", gw.URL+"/v1/texts/folder/inside.txt", `{"text": "x"}`).want(t, http.StatusOK, `{"code":"0"}`)
	for _, tc := range []struct {
		name, method, path, body string
		status, code             int
		mentions                 string
	}{
		{"INVALID_ARGUMENT", "POST", "/v1/square", `{"value": -1}`, 400, 3, "-1"},
		{"INVALID_ARGUMENT path", "GET", "/v1/texts/a%5Cb", "", 400, 3, "backslash"},
		{"NOT_FOUND", "GET", "/v1/texts/missing.txt", "", 404, 5, "missing.txt"},
		{"FAILED_PRECONDITION", "GET", "/v1/texts/folder", "", 400, 9, "folder"},
		{"INVALID_ARGUMENT graph", "POST", "/v1/graph:process", `{"nodes": [{"id": "a"}, {"id": "a"}]}`, 400, 3, "duplicate"},
		{"DEADLINE_EXCEEDED", "POST", "/v1/hello", `{"name": "late"}`, 504, 4, ""},
		{"unknown route", "GET", "/v1/nothing-here", "", 404, 5, "not found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var headers []string
			if tc.code == 4 {
				headers = []string{"Grpc-Timeout: 1n"} // expires before the call leaves
			}
			call(t, tc.method, gw.URL+tc.path, tc.body, headers...).wantError(t, tc.status, tc.code, tc.mentions)
		})
	}
}

func TestResourceExhaustedIs429(t *testing.T) {
	limited := testserver.StartJavaForTest(t, "--gcn-max-nodes", "1")
	gw := startGateway(t, conn.Options{Addr: limited.Addr}, testConfig())
	call(t, "POST", gw.URL+"/v1/graph:process", `{"nodes": [{"id": "a"}, {"id": "b"}]}`).
		wantError(t, http.StatusTooManyRequests, 8, "node")
}

func TestUnreachableBackendIs503(t *testing.T) {
	// Port 1 on loopback: nothing listens there.
	gw := startGateway(t, conn.Options{Addr: "127.0.0.1:1"}, testConfig())
	call(t, "POST", gw.URL+"/v1/hello", `{"name": "world"}`).wantError(t, http.StatusServiceUnavailable, 14)
	call(t, "GET", gw.URL+"/healthz", "").wantError(t, http.StatusServiceUnavailable, 14)
}

func TestMalformedJSONIs400NamingTheProblem(t *testing.T) {
	gw := plainGateway(t)
	call(t, "POST", gw.URL+"/v1/hello", `{"name": `).wantError(t, 400, 3, "not valid JSON", "helloworld.HelloRequest")
	call(t, "POST", gw.URL+"/v1/hello", `{"nmae": "x"}`).wantError(t, 400, 3, "helloworld.HelloRequest", "unknown field", "nmae")
	call(t, "POST", gw.URL+"/v1/square", `{"value": "many"}`).wantError(t, 400, 3, "helloworld.Number", "value")
}

func TestBodiesOverTheLimitAre413(t *testing.T) {
	cfg := testConfig()
	cfg.MaxBodyBytes = 64
	gw := startGateway(t, conn.Options{Addr: backend.Addr}, cfg)
	big := `{"name": "` + strings.Repeat("x", 100) + `"}`
	call(t, "POST", gw.URL+"/v1/hello", big).wantError(t, http.StatusRequestEntityTooLarge, 8, "64 bytes")
	// Without Content-Length (chunked), the limit is found while reading.
	callChunked(t, "POST", gw.URL+"/v1/hello", big).wantError(t, http.StatusRequestEntityTooLarge, 8, "64 bytes")
	call(t, "POST", gw.URL+"/v1/hello", `{"name": "small"}`).want(t, 200, `{"message":"Hello, small!"}`)
}

func TestCORSIsOffByDefaultAndOnForListedOrigins(t *testing.T) {
	preflight := []string{"Origin: http://app.example", "Access-Control-Request-Method: POST"}
	off := call(t, "OPTIONS", plainGateway(t).URL+"/v1/hello", "", preflight...)
	if got := off.Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("CORS off, yet Access-Control-Allow-Origin: %q", got)
	}
	cfg := testConfig()
	cfg.CORSOrigins = []string{"http://app.example"}
	gw := startGateway(t, conn.Options{Addr: backend.Addr}, cfg)
	on := call(t, "OPTIONS", gw.URL+"/v1/hello", "", preflight...)
	if got := on.Header.Get("Access-Control-Allow-Origin"); on.Status/100 != 2 || got != "http://app.example" {
		t.Errorf("listed origin's preflight: %d, Access-Control-Allow-Origin %q", on.Status, got)
	}
	other := call(t, "OPTIONS", gw.URL+"/v1/hello", "", "Origin: http://evil.example", "Access-Control-Request-Method: POST")
	if got := other.Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("unlisted origin got Access-Control-Allow-Origin %q", got)
	}
	r := call(t, "POST", gw.URL+"/v1/hello", `{"name": "cors"}`, "Origin: http://app.example")
	if r.Header.Get("Access-Control-Allow-Origin") != "http://app.example" || r.Status != 200 {
		t.Errorf("listed origin's call: %d, Access-Control-Allow-Origin %q", r.Status, r.Header.Get("Access-Control-Allow-Origin"))
	}
}

func TestOneAccessLogLinePerRequest(t *testing.T) {
	gw := plainGateway(t)
	call(t, "POST", gw.URL+"/v1/hello", `{"name": "log"}`)
	call(t, "GET", gw.URL+"/v1/texts/missing.txt", "")
	lines := strings.Split(strings.TrimSpace(gw.Log.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d log lines, want 2:\n%s", len(lines), gw.Log.String())
	}
	for i, want := range []string{"method=POST path=/v1/hello status=200", "method=GET path=/v1/texts/missing.txt status=404"} {
		if !strings.Contains(lines[i], want) || !strings.Contains(lines[i], "duration=") {
			t.Errorf("log line %q does not hold %q and a duration", lines[i], want)
		}
	}
}

// A panic anywhere below the middleware becomes a plain 500, with the details only in the log.
func TestPanicsBecome500WithoutDetails(t *testing.T) {
	logs := &lockedBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	handler := recoverPanics(log, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("secret internal state")
	}))
	srv := httptest.NewServer(handler)
	defer srv.Close()
	r := call(t, "GET", srv.URL+"/anything", "")
	r.wantError(t, http.StatusInternalServerError, 13, "internal gateway error")
	if strings.Contains(r.Body, "secret") {
		t.Errorf("the panic value reached the caller: %s", r.Body)
	}
	if !strings.Contains(logs.String(), "secret internal state") {
		t.Errorf("the panic is not in the log: %s", logs.String())
	}
}

// Every call gets the default deadline; a caller's Grpc-Timeout header replaces it.
func TestDefaultDeadlineAndGrpcTimeoutHeader(t *testing.T) {
	cfg := testConfig()
	cfg.Deadline = time.Nanosecond // expires before any call leaves
	gw := startGateway(t, conn.Options{Addr: backend.Addr}, cfg)
	call(t, "POST", gw.URL+"/v1/hello", `{"name": "late"}`).wantError(t, http.StatusGatewayTimeout, 4)
	call(t, "POST", gw.URL+"/v1/hello", `{"name": "patient"}`, "Grpc-Timeout: 20S").
		want(t, http.StatusOK, `{"message":"Hello, patient!"}`)
	call(t, "POST", gw.URL+"/v1/hello", `{"name": "x"}`, "Grpc-Timeout: soon").wantError(t, http.StatusBadRequest, 3, "grpc-timeout")
}
