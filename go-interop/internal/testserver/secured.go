package testserver

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/grpc-polyglot/grpc-polyglot/go-interop/internal/testpki"
)

// StartSecuredJava starts the Java server with TLS from pki (mutual TLS when mutual) and a token
// file holding tokenLines ("NAME TOKEN SCOPE..." per line), stops it at t's cleanup (failing t
// unless it exits 0), and returns its address.
func StartSecuredJava(t testing.TB, pki testpki.PKI, mutual bool, tokenLines string) string {
	t.Helper()
	tokens := filepath.Join(t.TempDir(), "tokens")
	if err := os.WriteFile(tokens, []byte(tokenLines), 0o600); err != nil {
		t.Fatal(err)
	}
	flags := []string{"--tls-cert", pki.ServerCert, "--tls-key", pki.ServerKey, "--auth-tokens", tokens}
	if mutual {
		flags = append(flags, "--tls-client-ca", pki.CAFile)
	}
	return StartJavaForTest(t, flags...).Addr
}
