package gateway

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"
)

// requireUTF8 refuses a request whose path or query, once percent-decoded, is not UTF-8: each
// becomes a proto string field, which the backend call could not encode (a 500 for what is the
// caller's mistake).
func requireUTF8(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !utf8.ValidString(r.URL.Path) {
			writeError(w, http.StatusBadRequest, 3, "the request path is not valid UTF-8 once percent-decoded")
			return
		}
		if query, err := url.QueryUnescape(r.URL.RawQuery); err == nil && !utf8.ValidString(query) {
			writeError(w, http.StatusBadRequest, 3, "the request query is not valid UTF-8 once percent-decoded")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// boundGrpcTimeout checks a request's Grpc-Timeout before grpc-gateway reads it: grpc-gateway
// takes 0 as "no deadline at all" and any size as given. Here 0 has expired already (504 without
// calling the backend, as a gRPC server answers), and a timeout over max is cut to max.
func boundGrpcTimeout(max time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get(grpcTimeoutHeader)
		if header == "" {
			next.ServeHTTP(w, r)
			return
		}
		timeout, err := parseGrpcTimeout(header)
		if err != nil {
			writeError(w, http.StatusBadRequest, 3, err.Error())
			return
		}
		if timeout == 0 {
			writeError(w, http.StatusGatewayTimeout, 4,
				"Grpc-Timeout "+header+" had expired before the call started")
			return
		}
		if max > 0 && timeout > max {
			ctx, cancel := context.WithTimeout(r.Context(), max)
			defer cancel()
			r = r.WithContext(ctx)
		}
		next.ServeHTTP(w, r)
	})
}

// parseGrpcTimeout reads gRPC's TimeoutValue TimeoutUnit: 1 to 8 digits, then H, M, S, m, u or n.
func parseGrpcTimeout(header string) (time.Duration, error) {
	bad := fmt.Errorf("%s %q: want 1 to 8 digits and a unit (H, M, S, m, u, n), e.g. 30S", grpcTimeoutHeader, header)
	if len(header) < 2 || len(header) > 9 {
		return 0, bad
	}
	digits, unit := header[:len(header)-1], header[len(header)-1]
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, bad
		}
	}
	value, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return 0, bad
	}
	units := map[byte]time.Duration{'H': time.Hour, 'M': time.Minute, 'S': time.Second,
		'm': time.Millisecond, 'u': time.Microsecond, 'n': time.Nanosecond}
	scale, ok := units[unit]
	if !ok {
		return 0, bad
	}
	// 99999999H (about 11,000 years) overflows time.Duration (292 years): saturate instead.
	if value > int64((1<<63-1)/scale) {
		return time.Duration(1<<63 - 1), nil
	}
	return time.Duration(value) * scale, nil
}
