package gateway

import (
	"encoding/base64"
	"io"
	"net/http"
	"strings"
)

// gRPC-Web's text mode (application/grpc-web-text) is the binary mode in base64, for clients
// that can only handle text bodies. vanguard speaks only the binary mode, so the gateway
// decodes the request and encodes the response around it (withGRPCWebText).
const (
	grpcWebText   = "application/grpc-web-text"
	grpcWebBinary = "application/grpc-web"
)

func withGRPCWebText(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		contentType := r.Header.Get("Content-Type")
		if !strings.HasPrefix(contentType, grpcWebText) {
			next.ServeHTTP(w, r)
			return
		}
		binary := r.Clone(r.Context())
		binary.Header.Set("Content-Type", grpcWebBinary+strings.TrimPrefix(contentType, grpcWebText))
		binary.Header.Del("Content-Length")
		binary.ContentLength = -1
		binary.Body = struct {
			io.Reader
			io.Closer
		}{&base64Quanta{src: r.Body}, r.Body}
		text := &textResponse{ResponseWriter: w}
		defer text.close()
		next.ServeHTTP(text, binary)
	})
}

// base64Quanta decodes base64 four characters at a time, so a body made of several padded
// chunks (one per message, as some clients send) decodes as well as a single one.
type base64Quanta struct {
	src     io.Reader
	quantum [4]byte
	have    int
	out     []byte
	err     error
}

func (b *base64Quanta) Read(p []byte) (int, error) {
	for len(b.out) == 0 {
		if b.err != nil {
			if b.err == io.EOF && b.have != 0 {
				return 0, io.ErrUnexpectedEOF
			}
			return 0, b.err
		}
		n, err := io.ReadFull(b.src, b.quantum[b.have:])
		b.have += n
		if err == io.ErrUnexpectedEOF {
			err = io.EOF
		}
		b.err = err
		if b.have < 4 {
			continue
		}
		var decoded [3]byte
		m, derr := base64.StdEncoding.Decode(decoded[:], b.quantum[:])
		if derr != nil {
			b.err = derr
			return 0, derr
		}
		b.out, b.have = decoded[:m], 0
	}
	n := copy(p, b.out)
	b.out = b.out[n:]
	return n, nil
}

// textResponse encodes the response body in base64, padding at every flush so each flushed
// piece (a streamed message) decodes on its own as soon as it arrives.
type textResponse struct {
	http.ResponseWriter
	enc         io.WriteCloser
	wroteHeader bool
}

func (t *textResponse) WriteHeader(code int) {
	if !t.wroteHeader {
		t.wroteHeader = true
		h := t.Header()
		if ct := h.Get("Content-Type"); strings.HasPrefix(ct, grpcWebBinary) {
			h.Set("Content-Type", grpcWebText+strings.TrimPrefix(ct, grpcWebBinary))
		}
		h.Del("Content-Length")
	}
	t.ResponseWriter.WriteHeader(code)
}

func (t *textResponse) Write(p []byte) (int, error) {
	if !t.wroteHeader {
		t.WriteHeader(http.StatusOK)
	}
	if t.enc == nil {
		t.enc = base64.NewEncoder(base64.StdEncoding, t.ResponseWriter)
	}
	return t.enc.Write(p)
}

func (t *textResponse) Flush() {
	t.close()
	if f, ok := t.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (t *textResponse) close() {
	if t.enc != nil {
		_ = t.enc.Close()
		t.enc = nil
	}
}

func (t *textResponse) Unwrap() http.ResponseWriter { return t.ResponseWriter }
