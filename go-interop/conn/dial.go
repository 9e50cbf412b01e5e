package conn

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"

	"golang.org/x/oauth2"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/credentials/oauth"
)

// Dial creates a client connection (grpc.NewClient: lazy, it connects on the first call).
// Extra dial options are appended after the ones built from o (tests add their own).
func (o Options) Dial(extra ...grpc.DialOption) (*grpc.ClientConn, error) {
	opts, err := o.DialOptions()
	if err != nil {
		return nil, err
	}
	target, balancing, err := balancedTarget(o.Addr)
	if err != nil {
		return nil, err
	}
	opts = append(opts, balancing...)
	cc, err := grpc.NewClient(target, append(opts, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("connecting to %s: %w", o.Addr, err)
	}
	return cc, nil
}

// DialOptions returns the transport and call credentials and message limits o describes.
func (o Options) DialOptions() ([]grpc.DialOption, error) {
	maxSize := o.MaxMessageSize
	if maxSize <= 0 {
		maxSize = DefaultMaxMessageSize
	}
	opts := []grpc.DialOption{grpc.WithDefaultCallOptions(
		grpc.MaxCallRecvMsgSize(maxSize), grpc.MaxCallSendMsgSize(maxSize))}
	if !o.TLS {
		if o.CAFile != "" || o.CertFile != "" || o.KeyFile != "" || o.ServerName != "" {
			return nil, errors.New("-ca_file, -cert_file, -key_file and -server_name need -tls")
		}
		opts = append(opts, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if o.Token == "" {
			return opts, nil
		}
		// A bearer token in clear text could be read by anyone on the path: only a loopback
		// address (development, tests) may get one without TLS, as the Java client allows.
		if !isLoopback(o.Addr) {
			return nil, fmt.Errorf("-token needs -tls: a bearer token is sent in clear text only to a loopback address, not %s", o.Addr)
		}
		return append(opts, grpc.WithPerRPCCredentials(loopbackToken{staticToken(o.Token)})), nil
	}
	tlsConfig, err := o.tlsConfig()
	if err != nil {
		return nil, err
	}
	opts = append(opts, grpc.WithTransportCredentials(credentials.NewTLS(tlsConfig)))
	if o.Token != "" {
		// The library's call-credentials mechanism, not a hand-set header: it refuses to send
		// the token over a connection without transport security.
		opts = append(opts, grpc.WithPerRPCCredentials(bearer(o.Token)))
	}
	return opts, nil
}

func (o Options) tlsConfig() (*tls.Config, error) {
	config := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: o.ServerName}
	if o.CAFile != "" {
		pem, err := os.ReadFile(o.CAFile)
		if err != nil {
			return nil, fmt.Errorf("reading -ca_file: %w", err)
		}
		roots := x509.NewCertPool()
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("-ca_file %s holds no PEM certificate", o.CAFile)
		}
		config.RootCAs = roots
	}
	if (o.CertFile == "") != (o.KeyFile == "") {
		return nil, errors.New("-cert_file and -key_file go together")
	}
	if o.CertFile != "" {
		pair, err := tls.LoadX509KeyPair(o.CertFile, o.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("loading client certificate: %w", err)
		}
		config.Certificates = []tls.Certificate{pair}
	}
	return config, nil
}

// bearer is grpc-go's oauth call credentials for a fixed token: "authorization: Bearer <token>"
// on every call, refused by grpc-go on a connection without transport security.
func bearer(token string) oauth.TokenSource {
	return oauth.TokenSource{TokenSource: staticToken(token)}
}

func staticToken(token string) oauth2.TokenSource {
	return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token, TokenType: "Bearer"})
}

// loopbackToken is the same call credential for a plaintext connection, which grpc-go's oauth
// type refuses at every call. Dial uses it only when the target is a loopback address, where no
// one else is on the path (development, tests).
type loopbackToken struct{ source oauth2.TokenSource }

// GetRequestMetadata returns the authorization header, as oauth.TokenSource does.
func (l loopbackToken) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	token, err := l.source.Token()
	if err != nil {
		return nil, err
	}
	return map[string]string{"authorization": token.Type() + " " + token.AccessToken}, nil
}

// RequireTransportSecurity is false: the loopback check was done when dialling.
func (loopbackToken) RequireTransportSecurity() bool { return false }

// isLoopback reports whether addr (host:port) names this machine: localhost or a loopback IP.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// IsLoopback reports whether addr (host:port) names this machine, where a plaintext connection
// has no one else on the path (the gateway decides by it whether to forward bearer tokens).
func IsLoopback(addr string) bool { return isLoopback(addr) }
