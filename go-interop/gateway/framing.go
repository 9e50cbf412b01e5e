package gateway

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
)

// A request with both Content-Length and Transfer-Encoding is how request smuggling starts: a
// proxy in front may frame the body by one header and this gateway by the other, so the bytes
// one takes for a body the other takes for a second request. RFC 9112 §6.3 lets a server refuse
// it and says the connection must then be closed. net/http instead drops Content-Length, frames
// by the chunks and keeps the connection, and leaves the handler no trace of the header: so the
// raw bytes are watched here, below net/http, and the handler is told through the context.

// WatchFraming returns lis with each plaintext HTTP/1 connection watched for requests whose
// headers carry both Content-Length and Transfer-Encoding, and sets srv.ConnContext so that the
// gateway's handler refuses them (400, connection closed). Under HTTPS the watch would see only
// ciphertext: serve TLS on an unwrapped listener.
func WatchFraming(srv *http.Server, lis net.Listener) net.Listener {
	previous := srv.ConnContext
	srv.ConnContext = func(ctx context.Context, c net.Conn) context.Context {
		if previous != nil {
			ctx = previous(ctx, c)
		}
		if watched, ok := c.(*framingConn); ok {
			ctx = context.WithValue(ctx, framingKey{}, &watched.conflict)
		}
		return ctx
	}
	return framingListener{lis}
}

type framingKey struct{}

// refuseConflictingFraming answers 400 and closes the connection once its bytes have shown a
// request with both headers. The request refused is that one or, when the client pipelined
// requests ahead of it, an earlier one: nothing more is served on that connection either way.
func refuseConflictingFraming(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if conflict, ok := r.Context().Value(framingKey{}).(*atomic.Bool); ok && conflict.Load() {
			w.Header().Set("Connection", "close")
			writeError(w, http.StatusBadRequest, 3,
				"a request carries both Content-Length and Transfer-Encoding; the connection is closed")
			return
		}
		next.ServeHTTP(w, r)
	})
}

type framingListener struct{ net.Listener }

func (l framingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &framingConn{Conn: c}, nil
}

// framingConn feeds every byte read to a requestScanner. net/http never reads a connection
// from two goroutines at once, so the scanner needs no lock.
type framingConn struct {
	net.Conn
	scanner  requestScanner
	conflict atomic.Bool
}

func (c *framingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 && !c.conflict.Load() && c.scanner.feed(p[:n]) {
		c.conflict.Store(true)
	}
	return n, err
}

// scanState is where a requestScanner is in the stream of HTTP/1 requests.
type scanState int

const (
	inHeaders   scanState = iota // the request line and header fields
	inBody                       // a Content-Length body: skip remaining bytes
	inChunkSize                  // a chunk-size line
	inChunkData                  // chunk data: skip remaining bytes, then its CRLF
	inChunkEnd                   // the CRLF after chunk data
	inTrailers                   // trailer fields after the last chunk
	lost                         // malformed framing: net/http refuses it and closes; stop
)

// maxKeptLine bounds what is kept of a line; spaces are not kept, so a padded Content-Length
// still fits, and a longer value is not a number net/http would accept.
const maxKeptLine = 256

// requestScanner follows request boundaries in an HTTP/1 byte stream (Content-Length bodies,
// chunked bodies with trailers), just enough to see each request's header names.
type requestScanner struct {
	state          scanState
	line           []byte
	sawRequestLine bool // header fields come next, not a request line
	contentLength  int64
	hasLength      bool
	hasEncoding    bool
	remaining      int64
}

// feed scans p and reports whether a request with both headers has been seen.
func (s *requestScanner) feed(p []byte) bool {
	for len(p) > 0 && s.state != lost {
		switch s.state {
		case inBody, inChunkData:
			skip := min(int64(len(p)), s.remaining)
			s.remaining -= skip
			p = p[skip:]
			if s.remaining == 0 {
				if s.state == inBody {
					s.startRequest()
				} else {
					s.state = inChunkEnd
				}
			}
			continue
		}
		end := bytes.IndexByte(p, '\n')
		if end < 0 {
			s.keep(p)
			return false
		}
		s.keep(p[:end])
		p = p[end+1:]
		line := bytes.TrimSuffix(s.line, []byte("\r"))
		s.line = s.line[:0]
		if s.endLine(line) {
			return true
		}
	}
	return false
}

func (s *requestScanner) startRequest() {
	s.state, s.sawRequestLine, s.hasLength, s.hasEncoding = inHeaders, false, false, false
}

// keep appends p's non-space bytes to the current line, up to maxKeptLine.
func (s *requestScanner) keep(p []byte) {
	for _, b := range p {
		if b != ' ' && b != '\t' && len(s.line) < maxKeptLine {
			s.line = append(s.line, b)
		}
	}
}

// endLine acts on one complete line (spaces removed) and reports a conflicting request.
func (s *requestScanner) endLine(line []byte) bool {
	switch s.state {
	case inHeaders:
		return s.headerLine(line)
	case inChunkSize:
		size, err := strconv.ParseInt(string(bytes.SplitN(line, []byte(";"), 2)[0]), 16, 64)
		switch {
		case err != nil || size < 0:
			s.state = lost
		case size == 0:
			s.state = inTrailers
		default:
			s.state, s.remaining = inChunkData, size
		}
	case inChunkEnd:
		if len(line) != 0 {
			s.state = lost
		} else {
			s.state = inChunkSize
		}
	case inTrailers:
		if len(line) == 0 {
			s.startRequest()
		}
	}
	return false
}

func (s *requestScanner) headerLine(line []byte) bool {
	if !s.sawRequestLine { // the request line; empty lines before it are skipped
		s.sawRequestLine = len(line) != 0
		return false
	}
	if len(line) == 0 { // end of the header block
		switch {
		case s.hasLength && s.hasEncoding:
			return true
		case s.hasEncoding: // net/http accepts only chunked
			s.state = inChunkSize
		case s.hasLength && s.contentLength > 0:
			s.state, s.remaining = inBody, s.contentLength
		default:
			s.startRequest()
		}
		return false
	}
	name, value, _ := bytes.Cut(line, []byte(":"))
	switch {
	case bytes.EqualFold(name, []byte("Transfer-Encoding")):
		s.hasEncoding = true
	case bytes.EqualFold(name, []byte("Content-Length")):
		n, err := strconv.ParseInt(string(value), 10, 64)
		if err != nil || n < 0 {
			s.state = lost // net/http answers 400 and closes
			return false
		}
		s.hasLength, s.contentLength = true, n
	}
	return false
}
