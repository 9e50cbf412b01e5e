package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/rs/cors"
)

// grpcTimeoutHeader is the header grpc-gateway turns into the backend call's deadline.
const grpcTimeoutHeader = "Grpc-Timeout"

// defaultDeadline gives every request without a Grpc-Timeout header a deadline, so no backend
// call waits forever; with the header, grpc-gateway applies the caller's own.
func defaultDeadline(deadline time.Duration, next http.Handler) http.Handler {
	if deadline <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get(grpcTimeoutHeader) != "" {
			next.ServeHTTP(w, r)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), deadline)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// guardTokens refuses a request carrying credentials when the backend link is plaintext to
// another machine: the gateway would otherwise put the caller's token on the wire in clear.
func guardTokens(forward bool, next http.Handler) http.Handler {
	if forward {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			writeError(w, http.StatusUnauthorized, 16,
				"the gateway forwards Authorization headers only over TLS or to a loopback backend; start it with -tls")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// withCORS answers browsers' cross-origin checks for the listed origins only; no origins, no
// CORS headers at all (the default), so browsers keep the same-origin rule.
func withCORS(origins []string, next http.Handler) http.Handler {
	if len(origins) == 0 {
		return next
	}
	return cors.New(cors.Options{
		AllowedOrigins: origins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodHead},
		AllowedHeaders: append([]string{"Authorization", "Content-Type", grpcTimeoutHeader, "Range", "If-None-Match", IdempotencyKeyHeader}, rpcCORSRequestHeaders...),
		ExposedHeaders: append([]string{"ETag", "Content-Range", checksumHeader}, rpcCORSExposedHeaders...),
	}).Handler(next)
}

// endStreamsOnShutdown ties each request to the shutdown context too, so a long-lived stream
// ends when the gateway drains instead of holding the drain open.
func endStreamsOnShutdown(shutdown context.Context, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithCancel(r.Context())
		defer cancel()
		stop := context.AfterFunc(shutdown, cancel)
		defer stop()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// bodyLimitKey marks a request whose body hit the limit, for errorHandler to answer 413.
type bodyLimitKey struct{}

type bodyLimit struct {
	limit int64
	hit   atomic.Bool
}

// limitBody caps the request body at limit bytes (413 up front when Content-Length says so).
func limitBody(limit int64, next http.Handler) http.Handler {
	if limit <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			writeError(w, http.StatusRequestEntityTooLarge, 8,
				fmt.Sprintf("request body is larger than the gateway's limit of %d bytes", limit))
			return
		}
		state := &bodyLimit{limit: limit}
		r = r.WithContext(context.WithValue(r.Context(), bodyLimitKey{}, state))
		r.Body = &limitedBody{ReadCloser: http.MaxBytesReader(w, r.Body, limit), state: state}
		next.ServeHTTP(w, r)
	})
}

type limitedBody struct {
	io.ReadCloser
	state *bodyLimit
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		b.state.hit.Store(true)
	}
	return n, err
}

// bodyLimitHit reports whether r's body was cut at its limit, and the limit.
func bodyLimitHit(r *http.Request) (int64, bool) {
	state, ok := r.Context().Value(bodyLimitKey{}).(*bodyLimit)
	if !ok || !state.hit.Load() {
		return 0, false
	}
	return state.limit, true
}

// recoverPanics turns a panic in any handler into a 500 with a fixed message (the details go to
// the log, never to the caller). http.ErrAbortHandler passes through: it is how a handler cuts
// a response it cannot finish honestly (a file that changed while being sent).
func recoverPanics(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(v)
			}
			log.Error("panic while serving", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v))
			writeError(w, http.StatusInternalServerError, 13, "internal gateway error")
		}()
		next.ServeHTTP(w, r)
	})
}

// writeError writes the gateway's own errors in the same {"code","message","details"} shape
// grpc-gateway uses for backend statuses.
func writeError(w http.ResponseWriter, httpStatus, grpcCode int, message string) {
	body, _ := json.Marshal(struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Details []any  `json:"details"`
	}{grpcCode, message, []any{}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(httpStatus)
	_, _ = w.Write(body)
}

// accessLog writes one line per request once it is answered.
func accessLog(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			log.Info("access", "method", r.Method, "path", r.URL.Path, "status", rec.status,
				"bytes", rec.bytes, "duration", time.Since(start).Round(time.Microsecond), "remote", r.RemoteAddr)
		}()
		next.ServeHTTP(rec, r)
	})
}

// recorder notes the status and size of a response; Flush and Unwrap keep streaming working.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(p []byte) (int, error) {
	n, err := r.ResponseWriter.Write(p)
	r.bytes += int64(n)
	return n, err
}

func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
