// Package conn turns the command-line connection flags every client of the project shares
// (--target, --tls, --ca-file, --cert-file, --key-file, --server-name, --token, --deadline,
// --max-message-size; the older -addr and snake_case names are aliases) into a *grpc.ClientConn.
package conn

import (
	"flag"
	"fmt"
	"math"
	"os"
	"strconv"
	"time"
)

// DefaultMaxMessageSize matches the Java server's default inbound limit (64 MiB), so a large
// graph or file reply fits in one message on both sides.
const DefaultMaxMessageSize = 64 << 20

// Options says where and how to connect. The zero value plus Addr is a plaintext connection.
type Options struct {
	// Addr is the server's host:port.
	Addr string
	// Deadline bounds every call the clients make.
	Deadline time.Duration
	// TLS turns on transport security (server authenticated with CAFile, or the system roots).
	TLS bool
	// CAFile is a PEM bundle of the CAs trusted to sign the server's certificate.
	CAFile string
	// CertFile and KeyFile are the client's PEM certificate and key, for mutual TLS.
	CertFile, KeyFile string
	// ServerName overrides the name checked against the server's certificate.
	ServerName string
	// Token is sent on every call as "authorization: Bearer <token>" (TLS required, except to
	// a loopback address).
	Token string
	// MaxMessageSize is the largest message sent or received, in bytes.
	MaxMessageSize int
}

// RegisterFlags binds the options to flags of fs. The names are the ones the Java and Python
// clients take (--target, --ca-file, ...); the older Go names (-addr, -ca_file, ...) stay as
// aliases so existing command lines keep working. -deadline takes seconds ("2.5", as the other
// clients) or a Go duration ("2500ms").
func (o *Options) RegisterFlags(fs *flag.FlagSet) {
	target := envOr("POLYGLOT_TARGET", "localhost:50051")
	o.Addr = target
	for _, name := range []string{"target", "addr"} {
		fs.StringVar(&o.Addr, name, target, "server address host:port; several replicas as host1:p1,host2:p2 or dns:///name:port, balanced round_robin (env POLYGLOT_TARGET)"+aliasNote(name, "target"))
	}
	o.Deadline = 10 * time.Second
	fs.Func("deadline", "deadline of every call: seconds (2.5) or a duration (2500ms) (default 10)", func(v string) error {
		d, err := parseDeadline(v)
		o.Deadline = d
		return err
	})
	fs.BoolVar(&o.TLS, "tls", false, "connect with TLS")
	stringFlag(fs, &o.CAFile, "", "ca-file", "ca_file", "PEM file of the CA(s) that sign the server certificate (default: system roots)")
	stringFlag(fs, &o.CertFile, "", "cert-file", "cert_file", "PEM client certificate, for mutual TLS (with --key-file)")
	stringFlag(fs, &o.KeyFile, "", "key-file", "key_file", "PEM client private key, for mutual TLS (with --cert-file)")
	stringFlag(fs, &o.ServerName, "", "server-name", "server_name", "name to verify the server certificate against (default: the host of --target)")
	// The env var keeps the secret out of the process list, as the Java client's POLYGLOT_TOKEN.
	fs.StringVar(&o.Token, "token", os.Getenv("POLYGLOT_TOKEN"), "bearer token sent with every call, needs --tls unless --target is loopback (env POLYGLOT_TOKEN)")
	for _, name := range []string{"max-message-size", "max_message_size"} {
		fs.IntVar(&o.MaxMessageSize, name, DefaultMaxMessageSize, "largest message sent or received, bytes"+aliasNote(name, "max-message-size"))
	}
}

// stringFlag registers a flag under its shared name and its older Go alias.
func stringFlag(fs *flag.FlagSet, p *string, value, name, alias, usage string) {
	fs.StringVar(p, name, value, usage)
	fs.StringVar(p, alias, value, "alias of --"+name)
}

func aliasNote(name, canonical string) string {
	if name == canonical {
		return ""
	}
	return " (alias of --" + canonical + ")"
}

// parseDeadline reads seconds as a number ("10", "0.5") or a Go duration ("500ms").
func parseDeadline(v string) (time.Duration, error) {
	if seconds, err := strconv.ParseFloat(v, 64); err == nil {
		if seconds <= 0 || math.IsInf(seconds, 0) || math.IsNaN(seconds) {
			return 0, fmt.Errorf("must be > 0 seconds, got %s", v)
		}
		return time.Duration(seconds * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("want seconds (2.5) or a duration (2500ms), got %q", v)
	}
	return d, nil
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
