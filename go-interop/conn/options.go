// Package conn turns the command-line connection flags every Go client here shares (-addr, -tls,
// -ca_file, -cert_file, -key_file, -server_name, -token, -deadline, -max_message_size) into a
// *grpc.ClientConn.
package conn

import (
	"flag"
	"os"
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

// RegisterFlags binds the options to flags of fs with the names every Go client here uses.
func (o *Options) RegisterFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.Addr, "addr", envOr("POLYGLOT_TARGET", "localhost:50051"), "server address host:port; several replicas as host1:p1,host2:p2 or dns:///name:port, balanced round_robin (env POLYGLOT_TARGET)")
	fs.DurationVar(&o.Deadline, "deadline", 10*time.Second, "deadline of every call")
	fs.BoolVar(&o.TLS, "tls", false, "connect with TLS")
	fs.StringVar(&o.CAFile, "ca_file", "", "PEM file of the CA(s) that sign the server certificate (default: system roots)")
	fs.StringVar(&o.CertFile, "cert_file", "", "PEM client certificate, for mutual TLS (with -key_file)")
	fs.StringVar(&o.KeyFile, "key_file", "", "PEM client private key, for mutual TLS (with -cert_file)")
	fs.StringVar(&o.ServerName, "server_name", "", "name to verify the server certificate against (default: the host of -addr)")
	// The env var keeps the secret out of the process list, as the Java client's POLYGLOT_TOKEN.
	fs.StringVar(&o.Token, "token", os.Getenv("POLYGLOT_TOKEN"), "bearer token sent with every call, needs -tls unless -addr is loopback (env POLYGLOT_TOKEN)")
	fs.IntVar(&o.MaxMessageSize, "max_message_size", DefaultMaxMessageSize, "largest message sent or received, bytes")
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
