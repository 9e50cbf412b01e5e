package crosslang

import (
	"context"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/conn"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/files"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/health"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/hello"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testpki"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testserver"
)

// Tokens of the token file the secured server gets: one may greet, one may only read files.
const (
	greeterToken = "go-test-greeter-token-0123456789abcdef"
	readerToken  = "go-test-reader-token-0123456789abcdef"
)

// startSecuredServer starts the Java server with TLS (mutual when mutual) and a token file.
func startSecuredServer(t *testing.T, pki testpki.PKI, mutual bool) string {
	t.Helper()
	return testserver.StartSecuredJava(t, pki, mutual, "greeter "+greeterToken+" greet\nreader "+readerToken+" files:read\n")
}

// dialOptions connects with o and returns the connection, closed at cleanup.
func dialOptions(t *testing.T, o conn.Options) *grpc.ClientConn {
	t.Helper()
	c, err := o.Dial()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// The Go client's -tls, -ca_file and -token against the Java server's TLS and token auth.
func TestTLSAndTokensAgainstTheJavaServer(t *testing.T) {
	pki, stranger := testpki.New(t, t.TempDir()), testpki.New(t, t.TempDir())
	addr := startSecuredServer(t, pki, false)
	ctx := context.Background()
	hi := func(o conn.Options) error {
		_, err := hello.New(dialOptions(t, o), callTimeout).Hello(ctx, "test")
		return err
	}
	secure := conn.Options{Addr: addr, TLS: true, CAFile: pki.CAFile}

	withToken := secure
	withToken.Token = greeterToken
	if got, err := hello.New(dialOptions(t, withToken), callTimeout).Hello(ctx, "test"); err != nil || got != "hello:test" {
		t.Fatalf("TLS + token with the greet scope: %q, %v; want hello:test", got, err)
	}
	wantCode(t, hi(secure), codes.Unauthenticated) // no token
	wrong := secure
	wrong.Token = "not-a-known-token"
	wantCode(t, hi(wrong), codes.Unauthenticated)
	reader := secure
	reader.Token = readerToken
	wantCode(t, hi(reader), codes.PermissionDenied, "greet") // a valid token without the scope
	// ... and lets it through where it has the scope: the server's fresh files root lists OK.
	if _, err := files.New(dialOptions(t, reader), callTimeout).List(ctx, ""); err != nil {
		t.Errorf("files:read token listing the root: %v; want OK", err)
	}
	// Health stays open for probes, without a token.
	if got, err := health.New(dialOptions(t, secure), callTimeout).Check(ctx, ""); err != nil || got != healthpb.HealthCheckResponse_SERVING {
		t.Errorf("health without a token: %v, %v; want SERVING", got, err)
	}

	wrongCA := withToken
	wrongCA.CAFile = stranger.CAFile
	wantCode(t, hi(wrongCA), codes.Unavailable)
	plaintext := conn.Options{Addr: addr}
	wantCode(t, hi(plaintext), codes.Unavailable)
}

func TestMutualTLSAgainstTheJavaServer(t *testing.T) {
	pki := testpki.New(t, t.TempDir())
	addr := startSecuredServer(t, pki, true)
	withoutCert := conn.Options{Addr: addr, TLS: true, CAFile: pki.CAFile, Token: greeterToken}
	_, err := hello.New(dialOptions(t, withoutCert), callTimeout).Hello(context.Background(), "test")
	wantCode(t, err, codes.Unavailable)
	withCert := withoutCert
	withCert.CertFile, withCert.KeyFile = pki.ClientCert, pki.ClientKey
	if got, err := hello.New(dialOptions(t, withCert), callTimeout).Hello(context.Background(), "test"); err != nil || got != "hello:test" {
		t.Errorf("mTLS with the client certificate: %q, %v; want hello:test", got, err)
	}
}
