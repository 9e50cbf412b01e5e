package gateway

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/conn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

// boundedWait is how long a raw-socket test waits for the gateway's answer or its close; only
// a hang (the failure being tested for) ever uses it up.
const boundedWait = 20 * time.Second

// dialRaw opens a plain TCP connection to a gateway, closed at cleanup, that fails every read
// after boundedWait.
func dialRaw(t *testing.T, gatewayURL string) net.Conn {
	t.Helper()
	u, err := url.Parse(gatewayURL)
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.SetReadDeadline(time.Now().Add(boundedWait)); err != nil {
		t.Fatal(err)
	}
	return c
}

// readUntilClosed reads what is left on c and reports whether the server closed it (EOF or
// reset) rather than the bounded wait running out.
func readUntilClosed(c net.Conn, r *bufio.Reader) (rest string, closed bool) {
	data, err := io.ReadAll(r)
	var netErr net.Error
	return string(data), !(errors.As(err, &netErr) && netErr.Timeout())
}

// A body trickled a byte every 100 ms never pauses long enough for a pause timer, yet is far
// below the minimum rate: the gateway answers 408 and closes the connection.
func TestSlowBodyIsCutAndItsConnectionClosed(t *testing.T) {
	cfg := testConfig()
	cfg.BodyReadTimeout = time.Second
	cfg.MinBodyRate = 1024
	gw := startGateway(t, conn.Options{Addr: backend.Addr}, cfg)
	c := dialRaw(t, gw.URL)
	if _, err := io.WriteString(c, "PUT /v1/texts/slow.txt HTTP/1.1\r\nHost: gateway\r\n"+
		"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() { // the trickle: one byte per tick until the server stops reading or the test ends
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if _, err := c.Write([]byte(" ")); err != nil {
					return
				}
			}
		}
	}()
	r := bufio.NewReader(c)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatalf("no answer while trickling the body: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusRequestTimeout || !strings.Contains(string(body), `"code":4,`) {
		t.Errorf("got %d %s, want 408 with code 4", resp.StatusCode, body)
	}
	if _, closed := readUntilClosed(c, r); !closed {
		t.Errorf("the connection was still open %v after the 408", boundedWait)
	}
	call(t, "GET", gw.URL+"/v1/texts/slow.txt", "").wantError(t, http.StatusNotFound, 5, "slow.txt")
}

// A path or query that is not UTF-8 once percent-decoded is the caller's mistake: 400, not the
// 500 the backend call's encoding failure used to give.
func TestInvalidUTF8IsABadRequest(t *testing.T) {
	gw := plainGateway(t)
	for _, path := range []string{"/v1/texts/%c0%ae%c0%ae/x", "/v1/files/a%ff.bin", "/healthz?service=%ff"} {
		call(t, "GET", gw.URL+path, "").wantError(t, http.StatusBadRequest, 3, "UTF-8")
	}
}

// A known path with a method it does not serve is 405 with Allow (grpc-gateway says 501), and
// so is a CORS preflight when CORS is off.
func TestWrongMethodIs405WithAllow(t *testing.T) {
	gw := plainGateway(t)
	for _, tc := range []struct {
		method, path, allow string
		headers             []string
	}{
		{"POST", "/v1/texts/a.txt", "GET, PUT", nil},
		{"DELETE", "/v1/hello", "POST", nil},
		{"GET", "/v1/tasks", "POST", nil},
		{"PATCH", "/v1/files/a.bin", "GET, PUT", nil},
		{"OPTIONS", "/v1/hello", "POST", []string{"Origin: https://elsewhere.example", "Access-Control-Request-Method: POST"}},
	} {
		r := call(t, tc.method, gw.URL+tc.path, "", tc.headers...)
		r.wantError(t, http.StatusMethodNotAllowed, 12, tc.method, "allowed")
		if got := r.Header.Get("Allow"); got != tc.allow {
			t.Errorf("%s %s: Allow %q, want %q", tc.method, tc.path, got, tc.allow)
		}
	}
	call(t, "GET", gw.URL+"/v1/nothing-here", "").wantError(t, http.StatusNotFound, 5, "not found")
}

// Grpc-Timeout 0S has expired before the call starts: 504, and the backend is never called
// (the file is not written). A malformed one is 400.
func TestGrpcTimeoutZeroExpiresWithoutCalling(t *testing.T) {
	gw := plainGateway(t)
	call(t, "PUT", gw.URL+"/v1/texts/zero-timeout.txt", `{"text": "x"}`, "Grpc-Timeout: 0S").
		wantError(t, http.StatusGatewayTimeout, 4, "0S")
	call(t, "GET", gw.URL+"/v1/texts/zero-timeout.txt", "").wantError(t, http.StatusNotFound, 5, "zero-timeout.txt")
	for _, bad := range []string{"1x", "S", "-1S", "123456789S", "1.5S"} {
		call(t, "POST", gw.URL+"/v1/hello", `{"name": "t"}`, "Grpc-Timeout: "+bad).
			wantError(t, http.StatusBadRequest, 3, "Grpc-Timeout")
	}
}

// A huge Grpc-Timeout is cut to MaxGrpcTimeout: a task stream on an empty queue asking for
// 99999999H ends with 504 instead of waiting for ever (the client's own timeout bounds the test).
func TestGrpcTimeoutIsCapped(t *testing.T) {
	empty := testserver.StartJavaForTest(t)
	cfg := testConfig()
	cfg.MaxGrpcTimeout = time.Second
	gw := startGateway(t, conn.Options{Addr: empty.Addr}, cfg)
	r := call(t, "GET", gw.URL+"/v1/tasks:stream", "", "Grpc-Timeout: 99999999H")
	// A stream's error comes as the stream's own error line once the backend has answered the
	// call's headers, as the plain error body if it had not yet (docs/gateway.md): both say 504
	// and DEADLINE_EXCEEDED, which is what the cap must produce.
	if inner, ok := strings.CutPrefix(r.Body, `{"error":`); ok {
		r.Body = strings.TrimSuffix(strings.TrimSpace(inner), "}")
	}
	r.wantError(t, http.StatusGatewayTimeout, 4)
}

// pipelined is a request with both Content-Length and Transfer-Encoding, whose chunked body
// ends at once, followed on the same connection by a second request: a proxy that framed the
// first by Content-Length would have taken the second for the first's body.
func pipelined(bothHeaders bool) string {
	first := "POST /v1/hello HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
	if bothHeaders {
		first += "Content-Length: 4\r\n"
	}
	chunk := `{"name":"a"}`
	first += fmt.Sprintf("Transfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n", len(chunk), chunk)
	second := `{"name":"smuggled"}`
	return first + fmt.Sprintf("POST /v1/hello HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"+
		"Content-Length: %d\r\n\r\n%s", len(second), second)
}

// net/http alone drops Content-Length, frames by the chunks and answers both requests; the
// gateway refuses the request with 400, closes the connection and never answers the second.
func TestContentLengthWithTransferEncodingIsRefusedAndTheConnectionClosed(t *testing.T) {
	gw := plainGateway(t)

	c := dialRaw(t, gw.URL)
	if _, err := io.WriteString(c, pipelined(true)); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(c)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "Content-Length and Transfer-Encoding") {
		t.Errorf("got %d %s, want 400 naming both headers", resp.StatusCode, body)
	}
	if rest, closed := readUntilClosed(c, r); !closed || rest != "" {
		t.Errorf("after the 400: closed %v, then %q; want closed with nothing more", closed, rest)
	}

	// The same two requests without Content-Length are both answered: the pipelining works.
	c = dialRaw(t, gw.URL)
	if _, err := io.WriteString(c, pipelined(false)); err != nil {
		t.Fatal(err)
	}
	r = bufio.NewReader(c)
	for _, want := range []string{`{"message":"Hello, a!"}`, `{"message":"Hello, smuggled!"}`} {
		resp, err := http.ReadResponse(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || string(body) != want {
			t.Errorf("got %d %s, want 200 %s", resp.StatusCode, body, want)
		}
	}
}

// The scanner follows request boundaries through Content-Length and chunked bodies (with
// chunk extensions and trailers), fed a byte at a time, and flags only the conflicting request.
func TestRequestScannerFindsTheConflictingRequest(t *testing.T) {
	clean := "GET / HTTP/1.1\r\nHost: a\r\n\r\n" +
		"PUT /x HTTP/1.1\r\nContent-Length:   5\r\n\r\nTransfer-Encoding: x\r\n" + // a body that looks like a header
		"POST /y HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0\r\nX-Trailer: Content-Length: 3\r\n\r\n"
	for _, tc := range []struct {
		name   string
		stream string
		want   bool
	}{
		{"clean", clean, false},
		{"conflict after clean requests", clean + "POST /z HTTP/1.1\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n", true},
		{"header names in any case", "POST / HTTP/1.1\r\ncontent-length: 3\r\nTRANSFER-ENCODING: gzip, chunked\r\n\r\n", true},
	} {
		var s requestScanner
		got := false
		for i := range len(tc.stream) {
			got = got || s.feed([]byte{tc.stream[i]})
		}
		var whole requestScanner
		if got != tc.want || whole.feed([]byte(tc.stream)) != tc.want {
			t.Errorf("%s: conflict %v, want %v", tc.name, got, tc.want)
		}
	}
}
