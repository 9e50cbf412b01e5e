package conn

import (
	"context"
	"crypto/tls"
	"net"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/gen/hellopb"
	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testpki"
)

// echoAuth answers Hello with the authorization header it received, so a test can see exactly
// what the client's call credentials sent.
type echoAuth struct {
	hellopb.UnimplementedHelloServiceServer
}

func (echoAuth) Hello(ctx context.Context, _ *hellopb.String) (*hellopb.String, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	return &hellopb.String{Value: strings.Join(md.Get("authorization"), ",")}, nil
}

// startServer serves echoAuth on a free loopback port, with TLS when config is not nil.
func startServer(t *testing.T, config *tls.Config) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var opts []grpc.ServerOption
	if config != nil {
		opts = append(opts, grpc.Creds(credentials.NewTLS(config)))
	}
	s := grpc.NewServer(opts...)
	hellopb.RegisterHelloServiceServer(s, echoAuth{})
	go s.Serve(lis)
	t.Cleanup(s.Stop)
	return lis.Addr().String()
}

// call dials with o and makes one Hello call; it returns the authorization header the server saw.
func call(t *testing.T, o Options) (string, error) {
	t.Helper()
	cc, err := o.Dial()
	if err != nil {
		return "", err
	}
	defer cc.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	reply, err := hellopb.NewHelloServiceClient(cc).Hello(ctx, &hellopb.String{})
	return reply.GetValue(), err
}

func TestPlaintextCallSendsNoToken(t *testing.T) {
	addr := startServer(t, nil)
	if got, err := call(t, Options{Addr: addr}); err != nil || got != "" {
		t.Fatalf("plaintext call: authorization %q, %v; want none, OK", got, err)
	}
}

// Without TLS a token goes only to a loopback address (development and tests on one machine).
func TestPlaintextTokenToLoopbackIsSent(t *testing.T) {
	addr := startServer(t, nil)
	for _, host := range []string{"127.0.0.1", "localhost"} {
		_, port, _ := net.SplitHostPort(addr)
		got, err := call(t, Options{Addr: net.JoinHostPort(host, port), Token: "dev"})
		if err != nil || got != "Bearer dev" {
			t.Errorf("%s: authorization %q, %v; want Bearer dev", host, got, err)
		}
	}
}

func TestTLSWithTheRightCAWorksAndSendsTheBearerToken(t *testing.T) {
	pki := testpki.New(t, t.TempDir())
	addr := startServer(t, pki.ServerTLS(t, false))
	got, err := call(t, Options{Addr: addr, TLS: true, CAFile: pki.CAFile, Token: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	if got != "Bearer s3cret" {
		t.Errorf("server saw authorization %q, want %q", got, "Bearer s3cret")
	}
}

func TestTLSFailsCleanly(t *testing.T) {
	dir := t.TempDir()
	pki, other := testpki.New(t, dir), testpki.New(t, t.TempDir())
	tlsAddr := startServer(t, pki.ServerTLS(t, false))
	cases := map[string]Options{
		"a CA that did not sign the server":    {Addr: tlsAddr, TLS: true, CAFile: other.CAFile},
		"a server name not in the certificate": {Addr: tlsAddr, TLS: true, CAFile: pki.CAFile, ServerName: "elsewhere.example"},
		"plaintext to a TLS port":              {Addr: tlsAddr},
		"TLS to a plaintext port":              {Addr: startServer(t, nil), TLS: true, CAFile: pki.CAFile},
	}
	for name, o := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := call(t, o); status.Code(err) != codes.Unavailable {
				t.Errorf("got %v, want UNAVAILABLE", err)
			}
		})
	}
	// The name override is what makes a certificate for localhost valid on another address.
	if _, err := call(t, Options{Addr: tlsAddr, TLS: true, CAFile: pki.CAFile, ServerName: "localhost"}); err != nil {
		t.Errorf("-server_name localhost: %v", err)
	}
}

func TestMutualTLSNeedsTheClientCertificate(t *testing.T) {
	pki := testpki.New(t, t.TempDir())
	addr := startServer(t, pki.ServerTLS(t, true))
	if _, err := call(t, Options{Addr: addr, TLS: true, CAFile: pki.CAFile}); status.Code(err) != codes.Unavailable {
		t.Errorf("without a client certificate: %v, want UNAVAILABLE", err)
	}
	if _, err := call(t, Options{Addr: addr, TLS: true, CAFile: pki.CAFile,
		CertFile: pki.ClientCert, KeyFile: pki.ClientKey}); err != nil {
		t.Errorf("with the client certificate: %v", err)
	}
}

func TestBadOptionsFailBeforeConnecting(t *testing.T) {
	dir := t.TempDir()
	pki := testpki.New(t, dir)
	cases := map[string]Options{
		"a token without TLS to a non-loopback address": {Addr: "grpc.example.invalid:443", Token: "s3cret"},
		"TLS files without -tls":                        {Addr: "127.0.0.1:1", CAFile: pki.CAFile},
		"a certificate without a key":                   {Addr: "127.0.0.1:1", TLS: true, CertFile: pki.ClientCert},
		"a CA file that is missing":                     {Addr: "127.0.0.1:1", TLS: true, CAFile: dir + "/missing.pem"},
		"a CA file without PEM":                         {Addr: "127.0.0.1:1", TLS: true, CAFile: pki.ClientKey},
	}
	for name, o := range cases {
		if _, err := o.Dial(); err == nil {
			t.Errorf("%s: Dial succeeded, want an error", name)
		}
	}
}
