package gateway

import (
	"net/http"
	"testing"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/conn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testpki"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

// Tokens of the secured server: one may greet, one may only read files.
const (
	greeterToken = "gateway-test-greeter-token-0123456789abcdef"
	readerToken  = "gateway-test-reader-token-0123456789abcdef"
)

// startSecuredBackend starts the Java server with TLS (mutual when mutual) and a token file.
func startSecuredBackend(t *testing.T, pki testpki.PKI, mutual bool) string {
	t.Helper()
	return testserver.StartSecuredJava(t, pki, mutual, "greeter "+greeterToken+" greet\nreader "+readerToken+" files:read\n")
}

// The caller's Authorization header reaches the server over TLS; the scopes stay its job.
func TestBearerTokensPassThroughToATLSBackend(t *testing.T) {
	pki := testpki.New(t, t.TempDir())
	addr := startSecuredBackend(t, pki, false)
	gw := startGateway(t, conn.Options{Addr: addr, TLS: true, CAFile: pki.CAFile}, testConfig())
	hello := gw.URL + "/v1/hello"
	call(t, "POST", hello, `{"name": "world"}`, "Authorization: Bearer "+greeterToken).
		want(t, http.StatusOK, `{"message":"Hello, world!"}`)
	call(t, "POST", hello, `{"name": "world"}`).wantError(t, http.StatusUnauthorized, 16)
	call(t, "POST", hello, `{"name": "world"}`, "Authorization: Bearer not-a-known-token").
		wantError(t, http.StatusUnauthorized, 16)
	call(t, "POST", hello, `{"name": "world"}`, "Authorization: Bearer "+readerToken).
		wantError(t, http.StatusForbidden, 7, "greet")
	// The custom file routes pass it through too.
	files := gw.URL + "/v1/files/secret.bin"
	call(t, "PUT", files, "data", "Authorization: Bearer "+readerToken).wantError(t, http.StatusForbidden, 7)
	call(t, "GET", files, "").wantError(t, http.StatusUnauthorized, 16)
	call(t, "GET", gw.URL+"/healthz", "").want(t, http.StatusOK, `{"status":"SERVING"}`)

	// A gateway that trusts another CA cannot reach the server at all.
	stranger := testpki.New(t, t.TempDir())
	wrongCA := startGateway(t, conn.Options{Addr: addr, TLS: true, CAFile: stranger.CAFile}, testConfig())
	call(t, "POST", wrongCA.URL+"/v1/hello", `{"name": "world"}`, "Authorization: Bearer "+greeterToken).
		wantError(t, http.StatusServiceUnavailable, 14)
}

func TestMutualTLSToTheBackend(t *testing.T) {
	pki := testpki.New(t, t.TempDir())
	addr := startSecuredBackend(t, pki, true)
	secure := conn.Options{Addr: addr, TLS: true, CAFile: pki.CAFile}
	withCert := secure
	withCert.CertFile, withCert.KeyFile = pki.ClientCert, pki.ClientKey
	call(t, "POST", startGateway(t, withCert, testConfig()).URL+"/v1/hello", `{"name": "mtls"}`,
		"Authorization: Bearer "+greeterToken).want(t, http.StatusOK, `{"message":"Hello, mtls!"}`)
	call(t, "POST", startGateway(t, secure, testConfig()).URL+"/v1/hello", `{"name": "mtls"}`,
		"Authorization: Bearer "+greeterToken).wantError(t, http.StatusServiceUnavailable, 14)
}

// A plaintext backend on another machine never receives a caller's token in clear text.
func TestTokensAreNotForwardedOverPlaintextOffLoopback(t *testing.T) {
	cfg := testConfig()
	cfg.ForwardTokens = false
	gw := startGateway(t, conn.Options{Addr: backend.Addr}, cfg)
	call(t, "POST", gw.URL+"/v1/hello", `{"name": "x"}`, "Authorization: Bearer abc").
		wantError(t, http.StatusUnauthorized, 16, "-tls")
	call(t, "POST", gw.URL+"/v1/hello", `{"name": "x"}`).want(t, http.StatusOK, `{"message":"Hello, x!"}`)
}
