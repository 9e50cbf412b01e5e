package conn

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"

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
	cc, err := grpc.NewClient(o.Addr, append(opts, extra...)...)
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
		// A bearer token in clear text could be read by anyone on the path: refuse, as
		// grpc-go's oauth credentials would at the first call, but before connecting.
		if o.Token != "" {
			return nil, errors.New("-token needs -tls: a bearer token is never sent in clear text")
		}
		return append(opts, grpc.WithTransportCredentials(insecure.NewCredentials())), nil
	}
	tlsConfig, err := o.tlsConfig()
	if err != nil {
		return nil, err
	}
	opts = append(opts, grpc.WithTransportCredentials(credentials.NewTLS(tlsConfig)))
	if o.Token != "" {
		// The library's call-credentials mechanism, not a hand-set header: it refuses to send
		// the token over a connection without transport security.
		source := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: o.Token, TokenType: "Bearer"})
		opts = append(opts, grpc.WithPerRPCCredentials(oauth.TokenSource{TokenSource: source}))
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
