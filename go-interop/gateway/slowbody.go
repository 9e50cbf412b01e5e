package gateway

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"sync/atomic"
	"time"
)

// slowBodyKey marks a request whose body arrived too slowly, for errorHandler to answer 408.
type slowBodyKey struct{}

// cutSlowBodies bounds how slowly a request body may arrive, per request, with read deadlines
// set through http.ResponseController. Each read of the body must return within timeout (no
// long pause), and by then the body must have averaged minRate bytes a second since its start
// after an allowance of timeout: a client trickling a byte a second resets a pause timer
// forever, but not this one. A body cut here gets 408 and its connection is closed.
//
// Why not http.Server's ReadTimeout: it bounds the whole request including the body at one
// fixed duration, so it would cut an honest 4 GiB upload on a slow link as surely as an
// attacker. Nothing here bounds writes: a download or the task stream may last as long as the
// caller keeps reading (a WriteTimeout would cut them).
func cutSlowBodies(timeout time.Duration, minRate int64, next http.Handler) http.Handler {
	if timeout <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		body := &pacedBody{ReadCloser: r.Body, deadlines: http.NewResponseController(w),
			start: time.Now(), timeout: timeout, minRate: minRate}
		r = r.WithContext(context.WithValue(r.Context(), slowBodyKey{}, &body.tooSlow))
		r.Body = body
		next.ServeHTTP(w, r)
	})
}

// pacedBody sets the connection's read deadline before each read of the body, and clears it
// once the body has ended: the server keeps reading the idle connection in the background to
// notice a caller leaving, and a stale deadline there would cancel a response still running.
type pacedBody struct {
	io.ReadCloser
	deadlines *http.ResponseController
	start     time.Time
	timeout   time.Duration
	minRate   int64
	received  int64
	tooSlow   atomic.Bool
}

func (b *pacedBody) Read(p []byte) (int, error) {
	deadline := time.Now().Add(b.timeout)
	if b.minRate > 0 {
		owed := time.Duration(float64(b.received) / float64(b.minRate) * float64(time.Second))
		if paced := b.start.Add(b.timeout + owed); paced.Before(deadline) {
			deadline = paced
		}
	}
	// An error means this connection cannot take deadlines (never so for net/http's own
	// HTTP/1 and HTTP/2 servers); the body is then read unguarded rather than refused.
	_ = b.deadlines.SetReadDeadline(deadline)
	n, err := b.ReadCloser.Read(p)
	b.received += int64(n)
	switch {
	case errors.Is(err, io.EOF):
		_ = b.deadlines.SetReadDeadline(time.Time{})
	case errors.Is(err, os.ErrDeadlineExceeded):
		b.tooSlow.Store(true)
	}
	return n, err
}

// bodyTooSlow reports whether r's body was cut for arriving too slowly.
func bodyTooSlow(r *http.Request) bool {
	flag, ok := r.Context().Value(slowBodyKey{}).(*atomic.Bool)
	return ok && flag.Load()
}
