package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testpki"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

var (
	backend *testserver.Server
	binary  string // the gateway command, built once
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "gateway-test-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "gateway")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the gateway: %v\n%s", err, out)
		return 1
	}
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

// startGateway runs the command in front of the shared backend; it is stopped with SIGTERM (and
// must exit 0) at cleanup.
func startGateway(t *testing.T, args ...string) *testserver.Server {
	t.Helper()
	return testserver.StartForTest(t, func(string) *exec.Cmd {
		return exec.Command(binary, append([]string{"-backend", backend.Addr, "-port", "0"}, args...)...)
	})
}

// A worker's never-ending getTask stream must not hold the drain open: SIGTERM ends it, and
// the gateway exits 0 well within its grace period.
func TestSIGTERMEndsStreamsAndExitsZero(t *testing.T) {
	gw := startGateway(t)
	// The stream's headers come with its first task, so queue one.
	submitted, err := http.Post("http://"+gw.Addr+"/v1/tasks", "application/json", strings.NewReader(`{"task": "drain"}`))
	if err != nil {
		t.Fatal(err)
	}
	submitted.Body.Close()
	resp, err := http.Get("http://" + gw.Addr + "/v1/tasks:stream")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /v1/tasks:stream: %d", resp.StatusCode)
	}
	start := time.Now()
	if err := gw.Terminate(); err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body) // returns once the gateway ends the stream
	if err := gw.Stop(); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took >= graceTimeout {
		t.Errorf("stopping took %v, the whole grace period: the stream held the drain open", took)
	}
}

// fileSize is the raw file the memory test streams each way.
const fileSize = 64 << 20

// peakRSSLimit bounds the gateway's peak resident memory while it streams fileSize bytes up and
// down: below the file, so the file was never held whole. Measured: 33-39 MiB with the
// gateway's GOGC=200 and 1 MiB backend stream window (23-35 MiB before, at GOGC=100 with
// grpc-go's window probing, which grows the window to 16 MiB).
const peakRSSLimit = 48 << 20

func TestStreams64MiBFilesInConstantMemory(t *testing.T) {
	gw := startGateway(t)
	url := "http://" + gw.Addr + "/v1/files/big/64MiB.bin"
	source := func() io.Reader { return io.LimitReader(rand.NewChaCha8([32]byte{1}), fileSize) }
	digest := sha256.New()
	if _, err := io.Copy(digest, source()); err != nil {
		t.Fatal(err)
	}
	want := hex.EncodeToString(digest.Sum(nil))

	req, _ := http.NewRequest("PUT", url, source())
	req.ContentLength = fileSize
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if wantBody := fmt.Sprintf(`{"size":"%d","sha256":"%s"}`, fileSize, want); resp.StatusCode != 200 || string(body) != wantBody {
		t.Fatalf("PUT: %d %s, want 200 %s", resp.StatusCode, body, wantBody)
	}

	resp, err = http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got := sha256.New()
	n, err := io.Copy(got, resp.Body)
	if err != nil || n != fileSize || hex.EncodeToString(got.Sum(nil)) != want {
		t.Fatalf("GET: %d bytes (%v), sha256 %x; want %d bytes, %s", n, err, got.Sum(nil), fileSize, want)
	}
	if resp.Header.Get("ETag") != `"`+want+`"` || resp.ContentLength != fileSize {
		t.Errorf("GET headers: ETag %q, Content-Length %d", resp.Header.Get("ETag"), resp.ContentLength)
	}
	peak := peakRSS(t, gw.Pid())
	t.Logf("gateway peak RSS after streaming %d MiB each way: %.1f MiB", fileSize>>20, float64(peak)/(1<<20))
	if peak > peakRSSLimit {
		t.Errorf("gateway peak RSS %d MiB, want under %d MiB: it held the file in memory", peak>>20, peakRSSLimit>>20)
	}
}

// A chunked upload (no Content-Length, as from a pipe) streams like a sized one: the gateway's
// peak RSS stays under the same bound.
func TestStreamsAChunkedUploadInConstantMemory(t *testing.T) {
	gw := startGateway(t)
	url := "http://" + gw.Addr + "/v1/files/big/chunked.bin"
	// Wrapped so that net/http cannot learn the length and sends the body chunked.
	source := struct{ io.Reader }{io.LimitReader(rand.NewChaCha8([32]byte{2}), fileSize)}
	req, _ := http.NewRequest("PUT", url, source)
	if req.ContentLength != 0 || req.TransferEncoding != nil {
		t.Fatalf("request framing: Content-Length %d, Transfer-Encoding %v", req.ContentLength, req.TransferEncoding)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(string(body), fmt.Sprintf(`{"size":"%d",`, fileSize)) {
		t.Fatalf("PUT: %d %s", resp.StatusCode, body)
	}
	peak := peakRSS(t, gw.Pid())
	t.Logf("gateway peak RSS after a chunked %d MiB upload: %.1f MiB", fileSize>>20, float64(peak)/(1<<20))
	if peak > peakRSSLimit {
		t.Errorf("gateway peak RSS %d MiB, want under %d MiB: it held the upload in memory", peak>>20, peakRSSLimit>>20)
	}
}

// peakRSS is a process's high-water resident memory (VmHWM), in bytes.
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines := bufio.NewScanner(f)
	for lines.Scan() {
		if value, ok := strings.CutPrefix(lines.Text(), "VmHWM:"); ok {
			kib, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kib << 10
		}
	}
	t.Fatal("no VmHWM in /proc/PID/status")
	return 0
}

func TestServesHTTPSWhenGivenACertificate(t *testing.T) {
	pki := testpki.New(t, t.TempDir())
	gw := startGateway(t, "-http_cert_file", pki.ServerCert, "-http_key_file", pki.ServerKey)
	pem, err := os.ReadFile(pki.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(pem)
	client := &http.Client{Timeout: 10 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}, ForceAttemptHTTP2: true}}
	resp, err := client.Post("https://"+gw.Addr+"/v1/hello", "application/json", strings.NewReader(`{"name": "tls"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || string(body) != `{"message":"Hello, tls!"}` {
		t.Errorf("HTTPS call: %d %s", resp.StatusCode, body)
	}
}

func TestRefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-token", "secret"},
		{"-http_cert_file", "only.pem"},
		{"-swagger_ui_dir", t.TempDir()},
		{"-no_such_flag"},
		{"-min_body_rate", "-1"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		out, err := exec.CommandContext(ctx, binary, append([]string{"-port", "0"}, args...)...).CombinedOutput()
		cancel()
		if err == nil || strings.Contains(string(out), "listening on") {
			t.Errorf("%v: exited %v, output:\n%s\nwant a refusal before listening", args, err, out)
		}
	}
}
